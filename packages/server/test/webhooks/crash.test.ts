import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/core/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import type { Site } from '../../src/engine/site.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { OUTBOX_TABLE, type DeliveryRow } from '../../src/features/webhooks/index.js';
import { startServer } from '../../src/main.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import type { DbType } from '../../src/platform/db/database.js';
import { createSite } from '../../src/sites/create-site.js';
import { openSite } from '../../src/sites/open-site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { DIALECTS, testSiteConfig } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { startReceiver, type Receiver } from './receiver.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const CHILD = siblingModule('./crash-child.ts', import.meta.url);
const CYCLES = 5;
const MIN_COMMITS_PER_CYCLE = 4;
/** MariaDB is left out to keep the file under a minute; its outbox code path is PostgreSQL's (SKIP LOCKED). */
const CRASH_DIALECTS = DIALECTS.filter((dialect) => dialect !== 'mariadb');
/** Short polls and leases so a killed worker's claims are taken over within seconds. */
const CONFIG = {
  webhook_poll_interval_ms: 50,
  webhook_claim_lease_seconds: 0.2,
  webhook_retry_base_seconds: 0.2,
  webhook_max_retries: 50,
};

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

for (const dialect of CRASH_DIALECTS)
  test(`kill -9 in a loop while inserting on ${dialect}: every committed ToDo is delivered once, rolled-back ones never`, async (t) => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { dir, name, token } = await newSite(dialect, receiver);
    const committedFile = join(dir, 'committed.txt');
    for (let cycle = 0; cycle < CYCLES; cycle++) await runAndKill(dir, name, committedFile, token);

    const server = await startServer({
      sitesDir: dir,
      defaultSite: name,
      port: 0,
      handleSignals: false,
      logger: createLogger({ level: 'silent' }),
    });
    cleanups.push(() => server.stop());
    await fetch(`${server.url}/api/method/ping`); // opens the site, which starts its worker
    const site = await openSite(dir, name);
    cleanups.push(() => site.db.close());
    await waitForDrain(site);

    const todos = await site.db.kysely
      .selectFrom('tabToDo')
      .select(['name', 'description'])
      .execute();
    const names = new Set(todos.map((todo) => String(todo.name)));
    const recorded = committedNames(committedFile);
    assert.ok(
      recorded.length >= CYCLES * MIN_COMMITS_PER_CYCLE,
      `only ${recorded.length} committed inserts in ${CYCLES} cycles`,
    );
    for (const todo of recorded) assert.ok(names.has(todo), `committed ${todo} is missing`);
    assert.deepEqual(
      todos.filter((todo) => String(todo.description).startsWith('rollback-')),
      [],
      'a rolled-back insert was stored',
    );

    const outbox = (await site.db.kysely
      .selectFrom(OUTBOX_TABLE)
      .selectAll()
      .execute()) as DeliveryRow[];
    assert.equal(
      outbox.length,
      todos.length,
      'one delivery row per committed ToDo, none for rollbacks',
    );
    const deliveryOf = new Map<string, DeliveryRow>();
    for (const row of outbox) {
      assert.equal(row.status, 'Delivered', `${row.name}: ${row.status} ${row.last_error ?? ''}`);
      assert.ok(names.has(row.reference_name), `delivery for unknown ToDo ${row.reference_name}`);
      assert.ok(!deliveryOf.has(row.reference_name), `two deliveries for ${row.reference_name}`);
      deliveryOf.set(row.reference_name, row);
    }

    const logs = await site.db.kysely
      .selectFrom('tabWebhook Request Log')
      .select(['reference_document', 'delivery'])
      .where('status', '=', 'Delivered')
      .execute();
    const successes = countBy(logs.map((log) => String(log.reference_document)));
    for (const todo of names)
      assert.equal(successes.get(todo), 1, `successful attempts logged for ${todo}`);

    const received = receivedById(receiver);
    for (const [todo, delivery] of deliveryOf)
      assert.equal(received.get(delivery.name)?.docName, todo, `receiver never saw ${todo}`);
    for (const { docName } of received.values())
      assert.ok(
        names.has(docName),
        `receiver got a delivery for ${docName}, which is not committed`,
      );
    assert.equal(received.size, todos.length, 'distinct delivery ids the receiver saw');
    const resent = receiver.requests.length - received.size;
    t.diagnostic(
      `${todos.length} committed ToDos (${recorded.length} acknowledged), ${CYCLES} kills, ${resent} re-sent after a crash`,
    );
  });

async function newSite(
  dialect: DbType,
  receiver: Receiver,
): Promise<{ dir: string; name: string; token: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const name = `crash-${randomUUID().slice(0, 8)}.localhost`;
  const { db_host, db_port, db_user } = testSiteConfig(dialect);
  const server = dialect === 'sqlite' ? {} : { db_host, db_port, db_user };
  const config = { ...CONFIG, ...server, db_type: dialect, db_name: name.replace(/\W/g, '_') };
  const { site } = await createSite(dir, name, { adminPassword: 'Crash-Test-1', config });
  cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)));
  try {
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Webhook',
        name: 'crash-hook',
        webhook_doctype: 'ToDo',
        webhook_docevent: 'after_insert',
        request_url: receiver.url,
        request_method: 'POST',
        enabled: 1,
      }),
    );
    const keys = await generateUserApiKeys(site, 'Administrator');
    return { dir, name, token: `token ${keys.api_key}:${keys.api_secret}` };
  } finally {
    await site.db.close();
  }
}

/**
 * Starts the child, lets it commit a random number of inserts (at least
 * `MIN_COMMITS_PER_CYCLE`, counted in the file it appends to) once it is up,
 * then SIGKILLs it with more inserts under way. Counting commits instead of
 * waiting a while keeps the test's work the same on a loaded machine.
 */
async function runAndKill(dir: string, name: string, committedFile: string, token: string) {
  const child = spawn(process.execPath, nodeArgs(CHILD, [dir, name, committedFile, token]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
  );
  const early = await Promise.race([ready.then(() => false), exited.then(() => true)]);
  assert.equal(early, false, `child exited before it was ready: ${stderr}`);
  const target = committedCount(committedFile) + MIN_COMMITS_PER_CYCLE + randomInt(6);
  const died = await Promise.race([
    waitFor(
      () => `${target} committed inserts (the child acknowledged ${committedCount(committedFile)})`,
      () => committedCount(committedFile) >= target,
      { intervalMs: 5 },
    ).then(() => false),
    exited.then(() => true),
  ]);
  assert.equal(died, false, `child died on its own: ${stderr}`);
  child.kill('SIGKILL');
  await exited;
}

async function waitForDrain(site: Site): Promise<void> {
  let pending = 0;
  await waitFor(
    () => `the outbox to drain (${pending} deliveries still pending)`,
    async () => {
      const rows = await site.db.kysely
        .selectFrom(OUTBOX_TABLE)
        .select('name')
        .where('status', '=', 'Pending')
        .execute();
      pending = rows.length;
      return pending === 0;
    },
    { intervalMs: 100 },
  );
}

/** Delivery id → the ToDo named in the body, over every request the receiver saw. */
function receivedById(receiver: Receiver): Map<string, { docName: string }> {
  const byId = new Map<string, { docName: string }>();
  for (const request of receiver.requests) {
    const id = String(request.headers['x-cortado-webhook-id']);
    const docName = String((JSON.parse(request.body.toString()) as { name: string }).name);
    const seen = byId.get(id);
    assert.ok(
      seen === undefined || seen.docName === docName,
      `delivery ${id} carried two documents`,
    );
    byId.set(id, { docName });
  }
  return byId;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The ToDos the children acknowledged as committed, one name a line. */
function committedNames(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

const committedCount = (file: string) => committedNames(file).length;
