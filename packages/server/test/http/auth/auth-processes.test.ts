import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../../src/core/logger.js';
import { startServer } from '../../../src/main.js';
import { createSite } from '../../../src/sites/create-site.js';
import { waitFor } from '../../helpers/wait-for.js';
import { ADMIN_PASSWORD as ADMIN, JANE, seedAuthFixtures } from './auth.fixtures.js';
import { DEBIAN_PYTHON } from '../../helpers/debian-python.js';
import { nodeArgs, siblingModule } from '../../helpers/source-tree.js';

const REDIS = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';
const SERVE = siblingModule('./serve-site.ts', import.meta.url);

/** The seed's Python session example, as written, against `url`. */
const PYTHON_SESSION = `
import sys, requests
url = sys.argv[1]
session = requests.Session()
r = session.post(f"{url}/api/method/login", json={"usr": "Administrator", "pwd": sys.argv[2]})
assert r.status_code == 200, r.text
assert r.json()["message"] == "Logged In", r.text
response = session.get(f"{url}/api/resource/User")
assert response.status_code == 200, response.text
names = [row["name"] for row in response.json()["data"]]
assert "Administrator" in names, names
print(session.cookies.get("sid"))
`;

async function newSite(config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-auth-'));
  const name = `auth-${randomUUID().slice(0, 8)}.localhost`;
  const { site } = await createSite(dir, name, {
    adminPassword: 'created-with-Pass1',
    config: { db_type: 'sqlite', ...config },
  });
  await seedAuthFixtures(site);
  await site.db.close();
  return { dir, name, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const serve = (dir: string, name: string) =>
  startServer({
    sitesDir: dir,
    defaultSite: name,
    port: 0,
    handleSignals: false,
    webhookWorker: false,
    logger: createLogger({ level: 'silent' }),
  });

const who = async (url: string, sid: string) =>
  (
    await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
      headers: { cookie: `sid=${sid}` },
    })
  ).json();

describe('sessions across processes', () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.forEach((fn) => fn()));

  it('the seed Python session example passes; the session survives a restart (database store)', async () => {
    const { dir, name, cleanup } = await newSite();
    cleanups.push(cleanup);
    const first = await serve(dir, name);
    // Asynchronous: the server answering Python runs in this process.
    const py = await promisify(execFile)(DEBIAN_PYTHON, ['-c', PYTHON_SESSION, first.url, ADMIN], {
      timeout: 120_000,
    }).finally(() => first.stop());
    const sid = py.stdout.trim();
    assert.match(sid, /^[0-9a-f]{56}$/);
    const second = await serve(dir, name);
    try {
      assert.deepEqual(await who(second.url, sid), { message: 'Administrator' });
    } finally {
      await second.stop();
    }
  });

  it('a Redis session is valid on a second server process', async () => {
    const { dir, name, cleanup } = await newSite({ redis_cache: REDIS });
    cleanups.push(cleanup);
    const local = await serve(dir, name);
    const child = await spawnServe(dir, name);
    try {
      const login = await fetch(`${local.url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr: JANE.user, pwd: JANE.pwd }),
      });
      const sid = /sid=(\w+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
      assert.deepEqual(await who(child.url, sid), { message: JANE.user });
      await fetch(`${child.url}/api/method/logout`, {
        method: 'POST',
        headers: { cookie: `sid=${sid}` },
      });
      assert.equal(
        ((await who(local.url, sid)) as { session_expired?: number }).session_expired,
        1,
        'a logout on one process ends it on the other',
      );
    } finally {
      await child.stop();
      await local.stop();
    }
  });

  it('deny_multiple_sessions with Redis sessions: a login on one process ends the oldest session on both', async () => {
    const { dir, name, cleanup } = await newSite({ redis_cache: REDIS, deny_multiple_sessions: 1 });
    cleanups.push(cleanup);
    const local = await serve(dir, name);
    const child = await spawnServe(dir, name);
    const login = async (url: string) => {
      const res = await fetch(`${url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr: JANE.user, pwd: JANE.pwd }),
      });
      return /sid=(\w+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
    };
    const ended = async (url: string, sid: string) =>
      ((await who(url, sid)) as { session_expired?: number }).session_expired === 1;
    try {
      // Jane's simultaneous_sessions is the User default, 2.
      const oldest = await login(local.url);
      const middle = await login(child.url);
      assert.deepEqual(await who(child.url, oldest), { message: JANE.user });
      const newest = await login(local.url);
      assert.equal(await ended(local.url, oldest), true, 'ended at once where the login ran');
      // The other process may trust its cached copy for the credential cache's short window.
      await waitFor('the other process to see the end of the session', () =>
        ended(child.url, oldest),
      );
      for (const sid of [middle, newest])
        for (const url of [local.url, child.url])
          assert.deepEqual(await who(url, sid), { message: JANE.user });
    } finally {
      await child.stop();
      await local.stop();
    }
  });

  it('a full database dump holds no password and no API secret', async () => {
    const { dir, name, cleanup } = await newSite();
    cleanups.push(cleanup);
    const server = await serve(dir, name);
    await fetch(`${server.url}/api/method/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ usr: JANE.user, pwd: JANE.pwd }),
    });
    await server.stop();
    const files = readdirSync(join(dir, name)).filter((file) =>
      /\.(db|sqlite)(-wal)?$|\.db-/.test(file),
    );
    assert.ok(files.length > 0, 'the SQLite database file exists');
    const dump = Buffer.concat(files.map((file) => readFileSync(join(dir, name, file))));
    assert.ok(dump.includes(Buffer.from('$scrypt$')), 'the dump is the real database');
    for (const secret of [
      ADMIN,
      'created-with-Pass1',
      JANE.pwd,
      JANE.secret,
      'Web-Pass-123',
      'Gone-Pass-1',
    ]) {
      assert.ok(!dump.includes(Buffer.from(secret)), `${secret} is not in the dump`);
      assert.ok(
        !dump.includes(Buffer.from(Buffer.from(secret).toString('base64'))),
        `${secret} is not there as base64`,
      );
    }
  });
});

function spawnServe(
  dir: string,
  name: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs(SERVE, [dir, name]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /port=(\d+)/.exec(output)?.[1];
      if (port === undefined) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
