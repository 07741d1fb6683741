import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { countRows } from '../resource/resource.fixtures.js';
import { hostileCase, type HostileCase } from './hostile-corpus.js';
import {
  buildVaultWorld,
  insertVault,
  leakedKeys,
  SECRET,
  SECRET_COST,
  SECRET_NOTE,
} from './security.fixtures.js';

/*
 * The hostile-input corpus: generated requests over every list, RPC and
 * REST parameter, sent over loopback to a real server on each database.
 * Every answer must be a Frappe answer (no 5xx, the error envelope, no
 * traceback), must not carry a level-1 field to a user who cannot read
 * level 1, and a refused write must leave the row counts as they were.
 * `CORTADO_CORPUS_RUNS` (cases per database, default 1,700: 5,100 over the
 * three) and `CORTADO_CORPUS_SEED` replay or widen a run.
 */

const RUNS = Number(process.env['CORTADO_CORPUS_RUNS'] ?? 1700);
const SEED = Number(process.env['CORTADO_CORPUS_SEED'] ?? 20261207);
const TRACEBACK = /Traceback|\n\s+at |"exc"|"exception"|node_modules|\.[jt]s:\d+/;

for (const dialect of DIALECTS) {
  describe(`hostile-input corpus (${dialect})`, () => {
    let t: TestApp;
    let base: string;
    let tried = 0;
    before(async () => {
      t = await buildVaultWorld(dialect, 3);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      console.log(`hostile corpus (${dialect}): ${tried} cases`);
      await t.close();
    });

    it(`${RUNS} generated requests answer like Frappe and leak nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileCase, async (hostile) => {
          tried += 1;
          const started = performance.now();
          await send(t, base, hostile);
          const ms = performance.now() - started;
          if (process.env['CORPUS_PROFILE'] && ms > 100)
            console.log(
              Math.round(ms),
              hostile.method,
              hostile.url.slice(0, 80),
              JSON.stringify(hostile.body)?.slice(0, 80),
            );
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  });
}

async function send(t: TestApp, base: string, hostile: HostileCase): Promise<void> {
  const name = await someVault(t);
  const url = hostile.url
    .replaceAll('%7Bname%7D', encodeURIComponent(name))
    .replaceAll('{name}', encodeURIComponent(name));
  const body =
    hostile.body === undefined
      ? undefined
      : JSON.stringify(hostile.body).replaceAll('{name}', name);
  const writes = hostile.method !== 'GET';
  const before = writes ? await counts(t) : null;
  const response = await fetch(`${base}${url}`, {
    method: hostile.method,
    headers: {
      ...hostile.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const label = `${hostile.method} ${url.slice(0, 300)} ${body?.slice(0, 300) ?? ''} as ${JSON.stringify(hostile.headers)} → ${response.status} ${text.slice(0, 400)}`;
  assert.ok(response.status < 500, label);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/, label);
  const json = JSON.parse(text) as Record<string, unknown>;
  if (response.status >= 400) {
    const v2 = url.startsWith('/api/v2/');
    const type = v2
      ? (json['errors'] as Array<{ type?: unknown }> | undefined)?.[0]?.type
      : json['exc_type'];
    assert.equal(typeof type, 'string', `no Frappe envelope: ${label}`);
    if (before !== null)
      assert.deepEqual(await counts(t), before, `a refused write changed rows: ${label}`);
  }
  assert.ok(!TRACEBACK.test(text), `traceback: ${label}`);
  if (!hostile.readsLevel1) {
    assert.deepEqual(leakedKeys(json), [], label);
    for (const secret of [SECRET, SECRET_NOTE, String(SECRET_COST)])
      assert.ok(!text.includes(secret), `${secret} leaked: ${label}`);
  }
}

/** A vault document to aim `{name}` at; a new one when the corpus deleted them all. */
async function someVault(t: TestApp): Promise<string> {
  const row = await t.site.db.kysely
    .selectFrom('tabVault Doc')
    .select('name')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? String((await insertVault(t, 'again')).name) : String(row.name);
}

async function counts(t: TestApp): Promise<number[]> {
  return [await countRows(t, 'Vault Doc'), await countRows(t, 'Vault Row')];
}
