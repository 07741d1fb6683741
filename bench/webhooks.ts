// Webhook cost and throughput in one run, per dialect: ToDo inserts/s with no
// webhook and with an active after_insert webhook (each insert its own unit of
// work, as a request), then deliveries/s from the outbox to a loopback receiver.
// `node --import tsx bench/webhooks.ts [--dialects sqlite,postgres] [--inserts 2000]`
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../packages/server/src/core/logger.js';
import { insertDoc } from '../packages/server/src/engine/document.js';
import type { Site } from '../packages/server/src/engine/site.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import {
  OUTBOX_TABLE,
  startWebhookWorker,
  webhookOutboxListener,
} from '../packages/server/src/features/webhooks/index.js';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import { createBenchSite, dropBenchSite } from './lib/bench-site.js';

const { values } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres,mariadb' },
    inserts: { type: 'string', default: '2000' },
  },
});
const INSERTS = Number(values.inserts);

async function insertRate(site: Site, label: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < INSERTS; i++) {
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, { doctype: 'ToDo', description: `${label} ${i}` }),
    );
  }
  return INSERTS / ((performance.now() - start) / 1000);
}

async function pending(site: Site): Promise<number> {
  const row = await site.db.kysely
    .selectFrom(OUTBOX_TABLE)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'Pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function measure(dialect: DbType, receiverUrl: string): Promise<string> {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-bench-webhooks-'));
  const { site } = await createBenchSite(sitesDir, dialect);
  try {
    const logger = createLogger({ level: 'silent' });
    site.events.subscribe(webhookOutboxListener(logger));
    const plain = await insertRate(site, 'plain');
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Webhook',
        name: 'bench',
        webhook_doctype: 'ToDo',
        webhook_docevent: 'after_insert',
        request_url: receiverUrl,
        request_method: 'POST',
        enabled: 1,
        enable_security: 1,
        webhook_secret: 'bench-secret',
      }),
    );
    const hooked = await insertRate(site, 'hooked');
    const start = performance.now();
    const worker = startWebhookWorker(
      { ...site, config: { ...site.config, webhook_concurrency: 16 } },
      logger,
    );
    while ((await pending(site)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const deliveries = INSERTS / ((performance.now() - start) / 1000);
    await worker.stop();
    return `| ${dialect} | ${plain.toFixed(0)} | ${hooked.toFixed(0)} | ${((1 - hooked / plain) * 100).toFixed(0)} % | ${deliveries.toFixed(0)} |`;
  } finally {
    await dropBenchSite(site);
    rmSync(sitesDir, { recursive: true, force: true });
  }
}

const receiver = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const rows: string[] = [];
for (const dialect of values.dialects.split(',') as DbType[])
  rows.push(await measure(dialect, url));
receiver.close();
console.log(
  `\nWebhooks, ${INSERTS} ToDo inserts (one unit of work each), loopback receiver, signed bodies\n`,
);
console.log(
  '| dialect | inserts/s, no webhook | inserts/s, after_insert webhook | cost | deliveries/s |',
);
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
