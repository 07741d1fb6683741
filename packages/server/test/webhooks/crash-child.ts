/**
 * The process the crash test kills: `node --import tsx crash-child.ts
 * <sites-dir> <site> <committed-file> <token>` runs the real server with its
 * webhook worker and inserts ToDos in a loop until it is killed. Every fourth
 * insert runs in a transaction that throws after the insert (rolled back).
 * A committed insert's name is appended and fsynced only after the server
 * answered 200, i.e. after the commit.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createLogger } from '../../src/core/logger.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { startServer } from '../../src/main.js';
import { openSite } from '../../src/sites/open-site.js';

/** Thrown to roll the transaction back after an insert. */
class RollBack extends Error {}

const [sitesDir = '', siteName = '', committedFile = '', token = ''] = process.argv.slice(2);
const server = await startServer({
  sitesDir,
  defaultSite: siteName,
  port: 0,
  handleSignals: false,
  webhookWorker: true,
  logger: createLogger({ level: 'silent' }),
});
const direct = await openSite(sitesDir, siteName);
const committed = openSync(committedFile, 'a');
process.stdout.write('ready\n');

for (let i = 0; ; i++) {
  const description = `${process.pid}-${i}`;
  if (i % 4 === 3) await insertAndRollBack(`rollback-${description}`);
  else await insertOverHttp(`commit-${description}`);
}

async function insertOverHttp(description: string): Promise<void> {
  const response = await fetch(`${server.url}/api/resource/ToDo`, {
    method: 'POST',
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ description }),
  });
  const body = (await response.json()) as { data?: { name?: string } };
  if (response.status !== 200 || !body.data?.name)
    throw new Error(`insert failed: ${response.status} ${JSON.stringify(body)}`);
  writeSync(committed, `${body.data.name}\n`);
  fsyncSync(committed);
}

async function insertAndRollBack(description: string): Promise<void> {
  await withContext(direct, 'Administrator', async (ctx) => {
    await insertDoc(ctx, { doctype: 'ToDo', description });
    throw new RollBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RollBack)) throw error;
  });
}

process.on('exit', () => closeSync(committed));
