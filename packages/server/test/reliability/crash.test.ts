import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/core/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { insertDoc } from '../../src/engine/document.js';
import type { Site } from '../../src/engine/site.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { JOB_TABLE } from '../../src/features/jobs/index.js';
import { OUTBOX_TABLE, type DeliveryRow } from '../../src/features/webhooks/index.js';
import { startServer } from '../../src/main.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import type { DbType } from '../../src/platform/db/database.js';
import { createSite } from '../../src/sites/create-site.js';
import { openSite } from '../../src/sites/open-site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import { DIALECTS, testSiteConfig } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { ORDER, ORDER_ITEM, RECEIPT, RECEIPT_JOB } from './reliability-app.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const CHILD = siblingModule('./crash-child.ts', import.meta.url);
const APP = siblingModule('./reliability-app.ts', import.meta.url).href;
/** Kills per database; `CORTADO_CRASH_LOOPS` raises it for a longer run. */
const CYCLES = Number(process.env['CORTADO_CRASH_LOOPS'] ?? 4);
const MIN_ACKS_PER_CYCLE = 4;
/** MariaDB shares PostgreSQL's claim path (SKIP LOCKED); left out to keep the file short. */
const CRASH_DIALECTS = DIALECTS.filter((dialect) => dialect !== 'mariadb');
/** Short polls and leases so a killed process's claims are taken over within seconds. */
const CONFIG = {
  webhook_poll_interval_ms: 50,
  webhook_claim_lease_seconds: 0.2,
  webhook_retry_base_seconds: 0.2,
  webhook_max_retries: 50,
  job_poll_interval_ms: 50,
  log_level: 'silent',
};

interface Ack {
  readonly kind: 'rest' | 'method';
  readonly name: string;
  readonly rows: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

for (const dialect of CRASH_DIALECTS)
  test(`kill -9 in a loop under mixed writes on ${dialect}: acknowledged orders and rows kept, webhooks and jobs once, rollbacks leave nothing`, async (t) => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { dir, name, token } = await newSite(dialect, receiver);
    const ackFile = join(dir, 'acknowledged.txt');
    for (let cycle = 0; cycle < CYCLES; cycle++) await runAndKill(dir, name, ackFile, token);

    const server = await startServer({
      sitesDir: dir,
      defaultSite: name,
      port: 0,
      handleSignals: false,
      realtime: false,
      logger: createLogger({ level: 'silent' }),
    });
    cleanups.push(() => server.stop());
    await (await fetch(`${server.url}/api/method/ping`)).arrayBuffer(); // starts the workers
    const site = await openSite(dir, name);
    cleanups.push(() => site.db.close());
    await waitForQuiet(site);

    const db = site.db.kysely;
    const orders = await db.selectFrom(`tab${ORDER}`).select(['name', 'customer']).execute();
    const names = new Set(orders.map((order) => String(order.name)));
    const rows = await db.selectFrom(`tab${ORDER_ITEM}`).select(['parent']).execute();
    const rowCount = countBy(rows.map((row) => String(row.parent)));
    const acks = acknowledged(ackFile);
    assert.ok(acks.length >= CYCLES * MIN_ACKS_PER_CYCLE, `only ${acks.length} acknowledged`);
    for (const ack of acks) {
      assert.ok(names.has(ack.name), `acknowledged ${ack.kind} order ${ack.name} is missing`);
      assert.equal(rowCount.get(ack.name), ack.rows, `child rows of ${ack.name}`);
    }
    for (const parent of rowCount.keys())
      assert.ok(names.has(parent), `child row of missing order ${parent}`);
    for (const order of names) assert.ok(rowCount.has(order), `order ${order} has no rows`);
    assert.deepEqual(
      orders.filter((order) => String(order.customer).startsWith('rollback-')),
      [],
      'a rolled-back order was stored',
    );

    // Webhooks: one Delivered outbox row per committed order; the receiver saw
    // each delivery id at least once and only for committed orders.
    const outbox = (await db.selectFrom(OUTBOX_TABLE).selectAll().execute()) as DeliveryRow[];
    assert.equal(outbox.length, names.size, 'one delivery per committed order, none for rollbacks');
    const deliveryOf = new Map<string, string>();
    for (const row of outbox) {
      assert.equal(row.status, 'Delivered', `${row.name}: ${row.status} ${row.last_error ?? ''}`);
      assert.ok(!deliveryOf.has(row.reference_name), `two deliveries for ${row.reference_name}`);
      deliveryOf.set(row.reference_name, row.name);
    }
    const received = receivedById(receiver);
    for (const [order, id] of deliveryOf)
      assert.equal(received.get(id), order, `receiver never saw ${order}`);
    for (const order of received.values())
      assert.ok(names.has(order), `receiver got ${order}, which never committed`);
    assert.equal(received.size, names.size, 'distinct delivery ids the receiver saw');

    // Jobs: one job per committed place_order, all finished, one receipt each.
    const placed = orders.filter((order) => String(order.customer).startsWith('method-'));
    const jobs = await db
      .selectFrom(JOB_TABLE)
      .select(['status', 'exc_info'])
      .where('method', '=', RECEIPT_JOB)
      .execute();
    assert.equal(jobs.length, placed.length, 'one job per committed place_order');
    for (const job of jobs) assert.equal(job.status, 'finished', String(job.exc_info ?? ''));
    const receipts = await db.selectFrom(`tab${RECEIPT}`).select('order_name').execute();
    assert.deepEqual(
      receipts.map((receipt) => String(receipt.order_name)).sort(),
      placed.map((order) => String(order.name)).sort(),
      'one receipt per committed place_order',
    );

    t.diagnostic(
      `${dialect}: ${CYCLES} kills survived; ${names.size} orders committed (${acks.length} acknowledged), ` +
        `${rows.length} child rows, ${jobs.length} jobs, ${receiver.requests.length - received.size} webhook re-sends after a kill`,
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
  const config = {
    ...CONFIG,
    ...server,
    db_type: dialect,
    db_name: name.replace(/\W/g, '_'),
    installed_apps: [APP],
  };
  const { site } = await createSite(dir, name, { adminPassword: 'Crash-Test-1', config });
  cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)));
  try {
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Webhook',
        name: 'order-hook',
        webhook_doctype: ORDER,
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
 * Starts the child, waits until it has acknowledged a random number of
 * writes more (at least `MIN_ACKS_PER_CYCLE`), then SIGKILLs it with writes,
 * deliveries and jobs under way. Counting acknowledgements, not waiting a
 * while, keeps each cycle's work the same on a loaded machine.
 */
async function runAndKill(dir: string, name: string, ackFile: string, token: string) {
  const child = spawn(process.execPath, nodeArgs(CHILD, [dir, name, ackFile, token]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
  );
  const early = await Promise.race([ready.then(() => false), exited.then(() => true)]);
  assert.equal(early, false, `child exited before it was ready: ${stderr}`);
  const target = acknowledged(ackFile).length + MIN_ACKS_PER_CYCLE + randomInt(6);
  const died = await Promise.race([
    waitFor(
      () => `${target} acknowledged writes (the child has ${acknowledged(ackFile).length})`,
      () => acknowledged(ackFile).length >= target,
      { intervalMs: 5 },
    ).then(() => false),
    exited.then(() => true),
  ]);
  assert.equal(died, false, `child died on its own: ${stderr}`);
  child.kill('SIGKILL');
  await exited;
}

/** Waits until no webhook delivery is pending and no receipt job is queued or started. */
async function waitForQuiet(site: Site): Promise<void> {
  let pending = 0;
  let running = 0;
  await waitFor(
    () => `deliveries and jobs to finish (${pending} deliveries pending, ${running} jobs open)`,
    async () => {
      const db = site.db.kysely;
      pending = (
        await db.selectFrom(OUTBOX_TABLE).select('name').where('status', '=', 'Pending').execute()
      ).length;
      running = (
        await db
          .selectFrom(JOB_TABLE)
          .select('name')
          .where('status', 'in', ['queued', 'started'])
          .execute()
      ).length;
      return pending === 0 && running === 0;
    },
    { intervalMs: 100 },
  );
}

/** Delivery id → the order named in the body, over every request the receiver saw. */
function receivedById(receiver: Receiver): Map<string, string> {
  const byId = new Map<string, string>();
  for (const request of receiver.requests) {
    const id = String(request.headers['x-cortado-webhook-id']);
    const order = String((JSON.parse(request.body.toString()) as { name: string }).name);
    const seen = byId.get(id);
    assert.ok(seen === undefined || seen === order, `delivery ${id} carried two documents`);
    byId.set(id, order);
  }
  return byId;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function acknowledged(file: string): Ack[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, name, rows] = line.split(' ');
      return { kind: kind as Ack['kind'], name: String(name), rows: Number(rows) };
    });
}
