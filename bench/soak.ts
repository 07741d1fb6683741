// `npm run soak`: drives Cortado with a mixed workload at a fraction of its
// measured capacity for a long time and reports RSS, heap, event-loop lag and
// errors over time; writes bench/results/soak-<timestamp>.{json,md}.
// Options (all optional):
//   --minutes 30 (env CORTADO_SOAK_MINUTES)   --seconds N (overrides --minutes)
//   --dialect sqlite|postgres   --load 0.8   --connections 8   --probe-seconds 10
//   --sample-seconds N (default: 30, or a fifteenth of a short run)
//   --json <file> (write the summary there instead of bench/results)   --assert-flat (exit 1 when RSS grew over 10 %)
// The workload, cycled by every connection: list two DocTypes, read the
// session user, insert a ToDo, place an order with child rows (which also
// writes a webhook delivery to a loopback receiver and enqueues a job).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../packages/server/src/core/config/load-config.js';
import { insertDoc } from '../packages/server/src/engine/document.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import { dropDatabase } from '../packages/server/src/platform/db/connect.js';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import { createSite } from '../packages/server/src/sites/create-site.js';
import { generateUserApiKeys } from '../packages/server/src/sites/user-api-keys.js';
import { analyseSoak, soakMarkdown, type SoakSample } from './lib/soak-report.js';
import type { SoakFromServer, SoakToServer } from './soak-server.js';

/** One request of autocannon's cycle. */
type Request = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env['CORTADO_SOAK_MINUTES'] ?? '30' },
    seconds: { type: 'string' },
    dialect: { type: 'string', default: 'sqlite' },
    load: { type: 'string', default: '0.8' },
    connections: { type: 'string', default: '8' },
    'probe-seconds': { type: 'string', default: '10' },
    'sample-seconds': { type: 'string' },
    json: { type: 'string' },
    'assert-flat': { type: 'boolean', default: false },
  },
});

const APP = new URL('../packages/server/test/reliability/reliability-app.ts', import.meta.url).href;
const SERVER = fileURLToPath(new URL('./soak-server.ts', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const SERVERS: Record<string, Record<string, unknown>> = {
  sqlite: {},
  postgres: { db_host: '127.0.0.1', db_port: 5432, db_user: 'postgres' },
};

const durationSeconds = Math.round(
  values.seconds === undefined ? Number(values.minutes) * 60 : Number(values.seconds),
);
const sampleSeconds = Number(
  values['sample-seconds'] ?? (durationSeconds >= 600 ? 30 : Math.max(2, durationSeconds / 15)),
);
const dialect = values.dialect as DbType;
if (SERVERS[dialect] === undefined)
  throw new Error(`--dialect: sqlite or postgres, not ${dialect}`);
if (!(durationSeconds > 0)) throw new Error('--minutes/--seconds must be positive');

const receiver = await startReceiver();
const { dir, name, token } = await newSite(receiver.url);
const server = fork(SERVER, [dir, name], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
try {
  const url = await ready();
  const requests = workload();
  console.log(
    `soak: ${dialect}, warming up, then probing capacity for ${values['probe-seconds']} s …`,
  );
  /** The workload unthrottled for `seconds`. */
  const burst = (seconds: number) =>
    autocannon({
      url,
      connections: Number(values.connections),
      duration: seconds,
      headers: { Authorization: token },
      requests,
    });
  // Unmeasured: the first jobs start the worker threads, which load the code
  // while the burst runs; a probe during that reads a capacity far too low.
  await burst(3);
  await drained();
  const probe = await burst(Number(values['probe-seconds']));
  const capacity = probe.requests.total / probe.duration;
  const target = Math.max(1, Math.round(capacity * Number(values.load)));
  console.log(
    `soak: capacity ${capacity.toFixed(0)} req/s; driving ${target} req/s for ${durationSeconds} s, a sample every ${sampleSeconds} s`,
  );

  const samples: SoakSample[] = [];
  let window = { responses: 0, errors: 0 };
  /** Failed answers by method, path and status, with the first body, so a failing soak says why. */
  const failures = new Map<string, { count: number; body: string }>();
  const counting = requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      window.responses++;
      if (status < 400) return;
      window.errors++;
      const key = `${request.method} ${(request.path ?? '').split('?')[0]} → ${status}`;
      const seen = failures.get(key);
      if (seen) seen.count++;
      else failures.set(key, { count: 1, body: body.slice(0, 500) });
    },
  }));
  await drained();
  await sample(); // resets the server's lag histogram
  const started = performance.now();
  const timer = setInterval(() => {
    const counts = window;
    window = { responses: 0, errors: 0 };
    void sample().then((taken) => {
      const seconds = (performance.now() - started) / 1000;
      const row: SoakSample = {
        seconds: Math.round(seconds),
        rssMb: taken.rss / 2 ** 20,
        heapMb: taken.heapUsed / 2 ** 20,
        lagP99Ms: taken.lagP99,
        lagMaxMs: taken.lagMax,
        rps: counts.responses / sampleSeconds,
        errors: counts.errors,
        jobsQueued: taken.jobsQueued,
      };
      samples.push(row);
      console.log(
        `t=${String(row.seconds).padStart(5)} s  rss ${row.rssMb.toFixed(1).padStart(6)} MB  heap ${row.heapMb.toFixed(1).padStart(6)} MB  ` +
          `lag p99 ${row.lagP99Ms.toFixed(1).padStart(6)} ms max ${row.lagMaxMs.toFixed(0).padStart(5)} ms  ${row.rps.toFixed(0).padStart(5)} req/s  errors ${row.errors}  jobs queued ${row.jobsQueued}`,
      );
    });
  }, sampleSeconds * 1000);
  const result = await autocannon({
    url,
    connections: Number(values.connections),
    duration: durationSeconds,
    overallRate: target,
    headers: { Authorization: token },
    requests: counting,
  });
  clearInterval(timer);

  const summary = analyseSoak({
    dialect,
    durationSeconds,
    capacityRps: capacity,
    targetRps: target,
    requests: result.requests.total,
    // autocannon counts a timeout among its errors too.
    errors: result.non2xx + result.errors,
    failures: [
      ...[...failures].map(([what, { count, body }]) => ({ what, count, body })),
      ...(result.timeouts > 0 ? [{ what: 'timeouts', count: result.timeouts, body: '' }] : []),
      ...(result.errors > result.timeouts
        ? [{ what: 'socket errors', count: result.errors - result.timeouts, body: '' }]
        : []),
    ],
    webhooksReceived: receiver.count(),
    samples,
  });
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(summary, null, 2));
  else {
    mkdirSync(RESULTS, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(RESULTS, `soak-${stamp}.json`), JSON.stringify(summary, null, 2));
    writeFileSync(join(RESULTS, `soak-${stamp}.md`), soakMarkdown(summary));
  }
  console.log(soakMarkdown(summary));
  if (values['assert-flat'] && !summary.rssFlat) process.exitCode = 1;
} finally {
  await stopServer();
  await receiver.close();
  await dropDatabase(loadConfig(dir, name), join(dir, name));
  rmSync(dir, { recursive: true, force: true });
}

/** The mixed workload; every connection cycles through it (3 reads, 2 writes). */
function workload(): Request[] {
  const json = { 'content-type': 'application/json' };
  return [
    { method: 'GET', path: '/api/resource/Crash%20Order?limit_page_length=20' },
    {
      method: 'GET',
      path: '/api/resource/ToDo?fields=["name","description"]&limit_page_length=20',
    },
    {
      method: 'POST',
      path: '/api/resource/ToDo',
      headers: { Authorization: token, ...json },
      body: JSON.stringify({ description: 'soak' }),
    },
    { method: 'GET', path: '/api/method/frappe.auth.get_logged_user' },
    {
      method: 'POST',
      path: '/api/method/reliability_test.api.place_order',
      headers: { Authorization: token, ...json },
      body: JSON.stringify({
        customer: 'soak',
        items: [
          { item: 'A', qty: 1 },
          { item: 'B', qty: 2 },
        ],
      }),
    },
  ];
}

async function newSite(hookUrl: string): Promise<{ dir: string; name: string; token: string }> {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-soak-'));
  const siteName = `soak-${randomUUID().slice(0, 8)}.localhost`;
  const { site } = await createSite(sitesDir, siteName, {
    adminPassword: 'Soak-Test-1',
    config: {
      ...SERVERS[dialect],
      db_type: dialect,
      db_name: siteName.replace(/\W/g, '_'),
      installed_apps: [APP],
      log_level: 'silent',
      // Two jobs at a time, as a production bench runs several workers: the
      // order requests enqueue a job each, and one at a time falls behind
      // them when other processes take the CPU.
      background_workers: 2,
    },
  });
  try {
    await withContext(site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Webhook',
        name: 'soak-hook',
        webhook_doctype: 'Crash Order',
        webhook_docevent: 'after_insert',
        request_url: hookUrl,
        request_method: 'POST',
        enabled: 1,
      }),
    );
    const keys = await generateUserApiKeys(site, 'Administrator');
    return { dir: sitesDir, name: siteName, token: `token ${keys.api_key}:${keys.api_secret}` };
  } finally {
    await site.db.close();
  }
}

function ready(): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('exit', (code) =>
      reject(new Error(`soak server exited (${code}) before it was ready`)),
    );
    server.once('message', (message: SoakFromServer) => {
      if (message.type === 'ready') resolve(message.url);
    });
  });
}

function sample(): Promise<Extract<SoakFromServer, { type: 'sample' }>> {
  return new Promise((resolve) => {
    const listen = (message: SoakFromServer) => {
      if (message.type !== 'sample') return;
      server.off('message', listen);
      resolve(message);
    };
    server.on('message', listen);
    server.send({ type: 'sample' } satisfies SoakToServer);
  });
}

/** Waits until the jobs an unthrottled burst enqueued have run, so what follows starts without a backlog. */
async function drained(): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const { jobsQueued } = await sample();
    if (jobsQueued === 0) return;
    if (performance.now() > deadline)
      throw new Error(`${jobsQueued} queued jobs did not run within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopServer(): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.send({ type: 'stop' } satisfies SoakToServer);
  await exited;
}

/** A loopback webhook receiver that answers 200 and counts. */
async function startReceiver(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let received = 0;
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => received,
    close: () => {
      http.closeAllConnections();
      return new Promise((resolve) => http.close(() => resolve()));
    },
  };
}
