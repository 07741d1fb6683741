/**
 * The multi-process proof: on one database and one Redis, four `cortado
 * serve` processes (each on its own port, as behind a load balancer) and two
 * `cortado worker` processes, all started through the real CLI. Sessions,
 * rate limits, naming series, webhook deliveries and jobs must behave as on
 * one process, including while processes are SIGKILLed and added under load.
 * `CORTADO_SCALING_KILLS` raises the number of kills for a longer run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../src/engine/site.js';
import { OUTBOX_TABLE } from '../../src/features/webhooks/index.js';
import { openSite } from '../../src/sites/open-site.js';
import { DIALECTS } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { spawnServe, spawnWorker, type CortadoProcess } from './process-fleet.js';
import { ENTRY, ENTRY_PREFIX, LIMITED_METHOD, METHOD_LIMIT } from './scaling-app.js';
import { assertWritesKept, ADMIN_PASSWORD, newScalingSite } from './scaling-site.js';
import { startWriteLoad } from './write-load.js';

const REDIS = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';
const SERVES = 4;
const WORKERS = 2;
const KILLS = Number(process.env['CORTADO_SCALING_KILLS'] ?? 2);
/** Acknowledged writes to wait for between two kills. */
const ACKS_PER_KILL = 4;

for (const dialect of DIALECTS)
  describe(`${SERVES} serve and ${WORKERS} worker processes on ${dialect} with Redis`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    let fleet: Fleet;
    let site: Site;
    let token: string;
    let receiver: Receiver;

    before(async () => {
      receiver = await startReceiver();
      cleanups.push(() => receiver.close());
      const made = await newScalingSite(dialect, receiver.url, cleanups, {
        redis_cache: REDIS,
        redis_queue: REDIS,
        // A killed worker's started job runs again on the other one soon after.
        job_lock_duration_ms: 4000,
      });
      token = made.token;
      fleet = await startFleet(made.dir, made.name);
      cleanups.push(() => fleet.stop());
      site = await openSite(made.dir, made.name);
      cleanups.push(() => site.db.close());
    });
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('a session made on one process is valid on every process; its logout ends it on all', async () => {
      const urls = fleet.serveUrls();
      const login = await fetch(`${urls[0]}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr: 'Administrator', pwd: ADMIN_PASSWORD }),
      });
      assert.equal(login.status, 200);
      const sid = /sid=(\w+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
      for (const url of urls) assert.equal(await loggedUser(url, sid), 'Administrator', url);
      await fetch(`${urls.at(-1)}/api/method/logout`, {
        method: 'POST',
        headers: { cookie: `sid=${sid}` },
      });
      for (const url of urls)
        // Another process may trust its cached credentials for a short window.
        await waitFor(
          `the logout to reach ${url}`,
          async () => (await loggedUser(url, sid)) !== 'Administrator',
        );
    });

    it('a rate limit counts the calls made through every process together', async () => {
      const urls = fleet.serveUrls();
      const statuses: number[] = [];
      for (let i = 0; i < METHOD_LIMIT + SERVES; i++) {
        const response = await fetch(`${urls[i % urls.length]}/api/method/${LIMITED_METHOD}`, {
          method: 'POST',
          headers: { Authorization: token },
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      assert.deepEqual(statuses, [
        ...Array<number>(METHOD_LIMIT).fill(200),
        ...Array<number>(SERVES).fill(429),
      ]);
    });

    it('a naming series has no gap and no duplicate under concurrent inserts through every process; each webhook is delivered once', async () => {
      const perClient = 6;
      const urls = fleet.serveUrls();
      const inserts = urls.flatMap((url) =>
        [0, 1].map(async (client) => {
          const names: string[] = [];
          for (let i = 0; i < perClient; i++)
            names.push(await insertEntry(url, token, `${client}-${i}`));
          return names;
        }),
      );
      const names = (await Promise.all(inserts)).flat().sort();
      const count = urls.length * 2 * perClient;
      assert.deepEqual(
        names,
        Array.from({ length: count }, (_, i) => `${ENTRY_PREFIX}${String(i + 1).padStart(5, '0')}`),
      );

      // Deliveries come from the two worker processes, each claiming from the outbox.
      await waitFor(
        () => `every delivery marked Delivered (${receiver.requests.length} received)`,
        async () => {
          const rows = await site.db.kysely
            .selectFrom(OUTBOX_TABLE)
            .select(['status', 'reference_name'])
            .where('reference_doctype', '=', ENTRY)
            .execute();
          return rows.length === count && rows.every((row) => row.status === 'Delivered');
        },
        { intervalMs: 100 },
      );
      const received = receiver.requests.map((request) =>
        String(request.headers['x-cortado-webhook-id']),
      );
      assert.equal(new Set(received).size, count, 'one delivery id per document');
      assert.equal(received.length, count, 'each delivery received once');
      const bodies = receiver.requests.map(
        (r) => (JSON.parse(r.body.toString()) as { name: string }).name,
      );
      assert.deepEqual(bodies.sort(), names);
    });

    it(`no acknowledged write is lost while one process at a time is SIGKILLed under write load (${KILLS} kills)`, async () => {
      const load = startWriteLoad(() => fleet.serveUrls(), token);
      for (let kill = 0; kill < KILLS; kill++) {
        const target = load.acks.length + ACKS_PER_KILL;
        await waitFor(
          `${target} acknowledged writes`,
          () => load.acks.length >= target || load.failures.length > 0,
        );
        // Serve and worker processes in turn, a random one of each kind.
        await fleet.killAndReplace(kill % 2 === 0 ? 'serve' : 'worker');
      }
      const target = load.acks.length + ACKS_PER_KILL;
      await waitFor(
        `${target} acknowledged writes after the last kill`,
        () => load.acks.length >= target || load.failures.length > 0,
      );
      await load.stop();
      assert.deepEqual(load.failures, [], 'answers other than 200');
      await assertWritesKept(site, load.acks);
    });

    it('a serve process added under write load takes requests at once', async () => {
      const load = startWriteLoad(() => fleet.serveUrls(), token);
      await waitFor(
        'writes under way',
        () => load.acks.length >= ACKS_PER_KILL || load.failures.length > 0,
      );
      const added = await fleet.addServe();
      await waitFor(
        `5 writes answered by the added process ${added.url}`,
        () => load.answeredBy(added.url) >= 5 || load.failures.length > 0,
      );
      await load.stop();
      assert.deepEqual(load.failures, [], 'answers other than 200');
      await assertWritesKept(site, load.acks);
    });
  });

async function loggedUser(url: string, sid: string): Promise<unknown> {
  const response = await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
    headers: { cookie: `sid=${sid}` },
  });
  return ((await response.json()) as { message?: unknown }).message;
}

async function insertEntry(url: string, token: string, title: string): Promise<string> {
  const response = await fetch(`${url}/api/resource/${encodeURIComponent(ENTRY)}`, {
    method: 'POST',
    headers: { Authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  const body = (await response.json()) as { data?: { name: string } };
  assert.equal(response.status, 200, JSON.stringify(body));
  return String(body.data?.name);
}

interface Fleet {
  serveUrls(): string[];
  killAndReplace(kind: 'serve' | 'worker'): Promise<void>;
  addServe(): Promise<CortadoProcess>;
  stop(): Promise<void>;
}

async function startFleet(dir: string, name: string): Promise<Fleet> {
  const processes: CortadoProcess[] = [];
  const started = await Promise.allSettled([
    ...Array.from({ length: SERVES }, () => spawnServe(dir, name)),
    ...Array.from({ length: WORKERS }, () => spawnWorker(dir, name)),
  ]);
  for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
  const stop = () => Promise.all(processes.map((process) => process.stop())).then(() => {});
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  const spawnKind = (kind: 'serve' | 'worker') =>
    (kind === 'serve' ? spawnServe : spawnWorker)(dir, name);
  return {
    serveUrls: () =>
      processes.filter((process) => process.kind === 'serve').map((process) => process.url),
    async killAndReplace(kind) {
      const ofKind = processes.filter((process) => process.kind === kind);
      const victim = ofKind[Math.floor(Math.random() * ofKind.length)]!;
      processes.splice(processes.indexOf(victim), 1);
      victim.child.kill('SIGKILL');
      await victim.exited;
      processes.push(await spawnKind(kind));
    },
    async addServe() {
      const added = await spawnServe(dir, name);
      processes.push(added);
      return added;
    },
    stop,
  };
}
