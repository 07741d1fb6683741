import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { loadConfig } from '../../../src/core/config/load-config.js';
import { createLogger } from '../../../src/core/logger.js';
import type { Site } from '../../../src/engine/site.js';
import { startServer } from '../../../src/main.js';
import { dropDatabase } from '../../../src/platform/db/connect.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { createSite } from '../../../src/sites/create-site.js';
import { openSite } from '../../../src/sites/open-site.js';
import { generateUserApiKeys } from '../../../src/sites/user-api-keys.js';
import { DIALECTS, testSiteConfig } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import { nodeArgs, siblingModule } from '../../helpers/source-tree.js';

/*
 * kill -9 while uploading: after a restart, no File row lacks its bytes and
 * no stored bytes (nor staging leftovers) lack a File row. Bytes are written
 * before the row commits, so a kill in between leaves an orphan; the sweep
 * at site open (grace 0 here) removes it.
 */

const CHILD = siblingModule('./crash-upload-child.ts', import.meta.url);
const CYCLES = 3;
/** MariaDB is left out to keep the file short; the sweep and the write order do not depend on the dialect. */
const CRASH_DIALECTS = DIALECTS.filter((dialect) => dialect !== 'mariadb');
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

for (const dialect of CRASH_DIALECTS)
  test(`kill -9 during uploads on ${dialect}: no row without bytes, no bytes without a row after restart`, async (t) => {
    const { dir, name, token } = await newSite(dialect);
    let uploads = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) uploads += await runAndKill(dir, name, token);

    const server = await startServer({
      sitesDir: dir,
      defaultSite: name,
      port: 0,
      handleSignals: false,
      webhookWorker: false,
      logger: createLogger({ level: 'silent' }),
    });
    cleanups.push(() => server.stop());
    await fetch(`${server.url}/api/method/ping`); // opens the site, which sweeps
    const site = await openSite(dir, name);
    cleanups.push(() => site.db.close());
    const state = await waitForConsistency(site);
    assert.ok(uploads >= 3, `only ${uploads} uploads finished in ${CYCLES} cycles`);
    assert.ok(state.rows >= uploads, `${state.rows} File rows for ${uploads} acknowledged uploads`);
    t.diagnostic(
      `${uploads} acknowledged uploads, ${state.rows} rows, ${state.objects} stored objects`,
    );
  });

for (const dialect of CRASH_DIALECTS)
  test(`kill -9 in the middle of a resumable (tus) PATCH on ${dialect}: the upload resumes after restart`, async () => {
    const { dir, name, token } = await newSite(dialect);
    const child = spawn(process.execPath, nodeArgs(CHILD, [dir, name, token, 'serve']), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    const childUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /ready (\S+)\n/.exec(out);
        if (ready?.[1]) resolve(ready[1]);
      });
      void exited.then(() => reject(new Error('the server child exited before it was ready')));
    });
    const bytes = randomBytes(4 * 1024 * 1024);
    const tus = { 'Tus-Resumable': '1.0.0', Authorization: token };
    const created = await fetch(`${childUrl}/api/method/upload_file/tus`, {
      method: 'POST',
      headers: {
        ...tus,
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': `filename ${Buffer.from('crash.bin').toString('base64')}`,
      },
    });
    assert.equal(created.status, 201, await created.text());
    const location = String(created.headers.get('location'));
    const id = location.split('/').pop() ?? '';
    const onDisk = join(dir, name, 'private', 'resumable-uploads', id);

    // Half the body goes out and reaches the disk; the server dies before the rest.
    const target = new URL(location, childUrl);
    const patch = httpRequest({
      hostname: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'PATCH',
      headers: {
        ...tus,
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(bytes.length),
      },
    });
    patch.on('error', () => undefined);
    patch.write(bytes.subarray(0, bytes.length / 2));
    await waitFor('half the body on disk', async () =>
      (await stat(onDisk)).size > 0 ? true : false,
    );
    child.kill('SIGKILL');
    await exited;
    patch.destroy();

    const server = await startServer({
      sitesDir: dir,
      defaultSite: name,
      port: 0,
      handleSignals: false,
      webhookWorker: false,
      logger: createLogger({ level: 'silent' }),
    });
    cleanups.push(() => server.stop());
    const head = await fetch(server.url + location, { method: 'HEAD', headers: tus });
    assert.equal(head.status, 200, 'the upload survived the crash and the restart sweep');
    const offset = Number(head.headers.get('upload-offset'));
    assert.ok(offset > 0 && offset <= bytes.length / 2, `offset ${offset}`);
    const done = await fetch(server.url + location, {
      method: 'PATCH',
      headers: {
        ...tus,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body: bytes.subarray(offset),
    });
    const file = ((await done.json()) as { message: Record<string, unknown> }).message;
    assert.equal(done.status, 200, JSON.stringify(file));
    assert.equal(file.content_hash, createHash('md5').update(bytes).digest('hex'));
    const site = await openSite(dir, name);
    cleanups.push(() => site.db.close());
    assert.deepEqual((await waitForConsistency(site)).problems, []);
  });

interface Consistency {
  readonly rows: number;
  readonly objects: number;
  readonly problems: string[];
}

async function inspect(site: Site): Promise<Consistency> {
  const rows = await site.db.kysely
    .selectFrom('tabFile')
    .select(['name', 'file_url'])
    .where('is_folder', '=', 0)
    .execute();
  const urls = new Set(rows.map((row) => String(row.file_url)));
  const stored = new Set<string>();
  const problems: string[] = [];
  for (const [area, prefix] of [
    ['public', '/files/'],
    ['private', '/private/files/'],
  ] as const) {
    for (const entry of await readdir(join(site.path, area, 'files')).catch(() => [] as string[])) {
      stored.add(prefix + entry);
      if (!urls.has(prefix + entry)) problems.push(`bytes without a row: ${prefix + entry}`);
    }
  }
  for (const url of urls) if (!stored.has(url)) problems.push(`row without bytes: ${url}`);
  const staged = await readdir(join(site.path, 'private', 'uploads-in-progress')).catch(() => []);
  for (const entry of staged) problems.push(`staging leftover: ${entry}`);
  return { rows: rows.length, objects: stored.size, problems };
}

async function waitForConsistency(site: Site, timeoutMs = 60_000): Promise<Consistency> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await inspect(site);
    if (state.problems.length === 0) return state;
    if (Date.now() > deadline) assert.fail(state.problems.join('\n'));
    await sleep(100);
  }
}

async function newSite(dialect: DbType): Promise<{ dir: string; name: string; token: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-upload-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const name = `upcrash-${randomUUID().slice(0, 8)}.localhost`;
  const { db_host, db_port, db_user } = testSiteConfig(dialect);
  const server = dialect === 'sqlite' ? {} : { db_host, db_port, db_user };
  const config = {
    ...server,
    db_type: dialect,
    db_name: name.replace(/\W/g, '_'),
    file_orphan_grace_seconds: 0,
  };
  const { site } = await createSite(dir, name, { adminPassword: 'Crash-Test-1', config });
  cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)));
  try {
    const keys = await generateUserApiKeys(site, 'Administrator');
    return { dir, name, token: `token ${keys.api_key}:${keys.api_secret}` };
  } finally {
    await site.db.close();
  }
}

/** Starts the child, lets it upload for a random moment after its first upload, then SIGKILLs it. */
async function runAndKill(dir: string, name: string, token: string): Promise<number> {
  const child = spawn(process.execPath, nodeArgs(CHILD, [dir, name, token]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let uploaded = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const first = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      uploaded += chunk.toString().split('uploaded ').length - 1;
      if (uploaded > 0) resolve();
    }),
  );
  const early = await Promise.race([first.then(() => false), exited.then(() => true)]);
  assert.equal(early, false, `child exited before its first upload: ${stderr}`);
  // A random kill moment: mid-stream, between storing and committing, or between uploads.
  const died = await Promise.race([
    sleep(Math.random() * 1500).then(() => false),
    exited.then(() => true),
  ]);
  assert.equal(died, false, `child died on its own: ${stderr}`);
  child.kill('SIGKILL');
  await exited;
  return uploaded;
}
