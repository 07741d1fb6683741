import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/core/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import { startServer, type RunningServer } from '../../src/main.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import { createSite } from '../../src/sites/create-site.js';
import { generateUserApiKeys } from '../../src/sites/user-api-keys.js';
import {
  startPrivatePostgres,
  startPrivateRedis,
  type PrivateService,
} from '../helpers/private-services.js';
import { waitFor } from '../helpers/wait-for.js';
import { startLoad, type Load, type Outcome } from './load-driver.js';
import { ORDER, RECEIPT } from './reliability-app.js';
import { siblingModule } from '../helpers/source-tree.js';

const APP = siblingModule('./reliability-app.ts', import.meta.url).href;
/** Restarts per service; `CORTADO_CRASH_LOOPS` raises it for a longer run. */
const RESTARTS = Math.max(1, Math.floor(Number(process.env['CORTADO_CRASH_LOOPS'] ?? 4) / 2));
/** What a request may answer while a service it needs is down. */
const OUTAGE = 'ServiceUnavailableError';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('PostgreSQL down at the first request and restarted under load: requests fail with 503 ServiceUnavailableError, never hang; requests and the job worker recover without restarting Cortado', async (t) => {
  const postgres = await startPrivatePostgres();
  cleanups.push(() => postgres.destroy());
  const { server, token } = await serve({
    db_type: 'postgres',
    db_host: '127.0.0.1',
    db_port: postgres.port,
    db_user: 'postgres',
  });
  // Down before the site was ever opened: the first request opens it and must fail cleanly too.
  await postgres.stop();
  const early = await api(server, token, `/api/resource/${encodeURIComponent(ORDER)}`);
  assert.equal(early.status, 503);
  assert.equal(((await early.json()) as { exc_type?: string }).exc_type, OUTAGE);
  await postgres.start();

  const acknowledged: string[] = [];
  const placed: string[] = [];
  const load = startLoad(3, async (i) => {
    if (i % 3 === 1) return api(server, token, `/api/resource/${encodeURIComponent(ORDER)}`);
    const items = [
      { item: 'I-1', qty: 1 },
      { item: 'I-2', qty: 2 },
    ];
    const viaMethod = i % 3 === 2;
    const response = viaMethod
      ? await api(server, token, '/api/method/reliability_test.api.place_order', {
          customer: `fault-${i}`,
          items,
        })
      : await api(server, token, `/api/resource/${encodeURIComponent(ORDER)}`, {
          customer: `fault-${i}`,
          items,
        });
    if (response.status !== 200) return response;
    const body = (await response.json()) as { data?: { name: string }; message?: string };
    const name = String(body.data?.name ?? body.message);
    acknowledged.push(name);
    if (viaMethod) placed.push(name);
    return Response.json(body);
  });
  cleanups.push(() => load.stop());
  await outageCycles(load, postgres, [OUTAGE]);
  await load.stop();

  const listed = await api(
    server,
    token,
    `/api/resource/${encodeURIComponent(ORDER)}?limit_page_length=0`,
  );
  const names = new Set(
    ((await listed.json()) as { data: { name: string }[] }).data.map((row) => row.name),
  );
  for (const name of acknowledged)
    assert.ok(names.has(name), `acknowledged order ${name} is missing`);
  await waitForReceipts(server, token, placed.length);
  t.diagnostic(
    report(
      'PostgreSQL',
      load.outcomes,
      `${acknowledged.length} acknowledged inserts all present, ${placed.length} jobs run after the outages`,
    ),
  );
});

test('Redis restarted under load: sessions, rate limits and queue wake-ups fail cleanly and recover without restarting Cortado', async (t) => {
  // Persistent, as a Redis holding the BullMQ queue (`redis_queue`) must be:
  // one that forgets on restart loses the jobs waiting in it (docs/jobs.md).
  const redis = await startPrivateRedis({ persistent: true });
  cleanups.push(() => redis.destroy());
  const url = `redis://127.0.0.1:${redis.port}/0`;
  const { server, token } = await serve({
    db_type: 'sqlite',
    redis_cache: url,
    redis_queue: url,
    rate_limit_per_ip: { limit: 1_000_000, window: 60 },
  });
  let cookie = await login(server);
  let placed = 0;
  const load = startLoad(3, async (i) => {
    if (i % 3 === 0) {
      const response = await fetch(`${server.url}/api/method/frappe.auth.get_logged_user`, {
        headers: { Cookie: cookie },
        signal: AbortSignal.timeout(60_000),
      });
      // A session lost with Redis (one without persistence forgets them all) is logged in again.
      if (response.status === 403 || response.status === 401)
        cookie = await login(server).catch(() => cookie);
      return response;
    }
    if (i % 3 === 1) return api(server, token, `/api/resource/${encodeURIComponent(ORDER)}`);
    const response = await api(server, token, '/api/method/reliability_test.api.place_order', {
      customer: `fault-${i}`,
      items: [{ item: 'I-1', qty: 1 }],
    });
    if (response.status === 200) placed++;
    return response;
  });
  cleanups.push(() => load.stop());
  // A session request may also meet 403 until the client logs in again, as it
  // would against a Redis that forgets its sessions when it restarts.
  await outageCycles(load, redis, [OUTAGE, 'PermissionError']);
  await load.stop();
  await waitForReceipts(server, token, placed);
  t.diagnostic(report('Redis', load.outcomes, `${placed} jobs run, none lost across the restarts`));
});

/**
 * The job worker lived through the outages: every placed order gets its
 * receipt. The worker drains hundreds of jobs after the load stops, at the
 * pace a busy machine allows, so the wait fails only when the count stops
 * growing for a whole deadline, never because the queue is long.
 */
async function waitForReceipts(server: RunningServer, token: string, count: number): Promise<void> {
  const counted = `/api/method/frappe.client.get_count?doctype=${encodeURIComponent(RECEIPT)}`;
  let seen = -1;
  for (;;) {
    const before = seen;
    await waitFor(
      () => `receipts for ${count} placed orders (${seen} so far, no progress)`,
      async () => {
        const response = await api(server, token, counted);
        seen = ((await response.json()) as { message: number }).message;
        return seen === count || seen > before;
      },
      { intervalMs: 250 },
    );
    if (seen === count) return;
  }
}

/**
 * Stops and restarts `service` RESTARTS times under `load`: before each stop
 * the load must be succeeding, during the outage every answer must be a clean
 * 503 (some must come back, none may hang), and after the start requests
 * must succeed again — the same server process throughout.
 */
async function outageCycles(
  load: Load,
  service: PrivateService,
  allowed: readonly string[],
): Promise<void> {
  for (let cycle = 0; cycle < RESTARTS; cycle++) {
    const before = performance.now();
    await waitFor('successes before the outage', () => load.count(before, ok) >= 10);
    await service.stop();
    const down = performance.now();
    await waitFor('answers during the outage', () => load.count(down, failed) >= 6);
    await service.start();
    const up = performance.now();
    await waitFor('successes after the restart', () => load.count(up, ok) >= 10, {
      timeoutMs: 120_000,
    });
  }
  const broken = load.outcomes.filter((outcome) => !ok(outcome) && !allowed.includes(outcome.kind));
  assert.deepEqual(
    broken.map((outcome) => `${outcome.status} ${outcome.kind}`),
    [],
    `answers other than success or ${allowed.join(', ')}`,
  );
}

const ok = (outcome: Outcome) => outcome.status > 0 && outcome.status < 400;
const failed = (outcome: Outcome) => !ok(outcome);

function report(service: string, outcomes: readonly Outcome[], extra: string): string {
  const failures = outcomes.filter(failed).length;
  return `${service}: ${RESTARTS} restarts survived; ${outcomes.length} requests, ${failures} answered 503 during outages; ${extra}`;
}

async function serve(
  config: Record<string, unknown>,
): Promise<{ server: RunningServer; token: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-fault-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const name = `fault-${randomUUID().slice(0, 8)}.localhost`;
  const { site } = await createSite(dir, name, {
    adminPassword: 'Fault-Test-1',
    config: {
      ...config,
      db_name: name.replace(/\W/g, '_'),
      installed_apps: [APP],
      job_poll_interval_ms: 50,
      webhook_poll_interval_ms: 50,
      log_level: 'silent',
    },
  });
  cleanups.push(() => dropDatabase(loadConfig(dir, name), join(dir, name)).catch(() => {}));
  const keys = await generateUserApiKeys(site, 'Administrator');
  await site.db.close();
  const server = await startServer({
    sitesDir: dir,
    defaultSite: name,
    port: 0,
    handleSignals: false,
    realtime: false,
    logger: createLogger({ level: 'silent' }),
  });
  cleanups.push(() => server.stop());
  return { server, token: `token ${keys.api_key}:${keys.api_secret}` };
}

function api(
  server: RunningServer,
  token: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
}

async function login(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/api/method/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ usr: 'Administrator', pwd: 'Fault-Test-1' }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  const sid = response.headers.getSetCookie().find((cookie) => cookie.startsWith('sid='));
  if (sid === undefined) throw new Error('login set no sid cookie');
  return sid.split(';')[0] ?? '';
}
