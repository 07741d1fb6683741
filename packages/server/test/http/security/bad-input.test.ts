import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { countRows, queryString } from '../resource/resource.fixtures.js';
import { buildVaultWorld, CLERK, insertVault } from './security.fixtures.js';

/*
 * Finding 3: input that used to reach the database and come back as a 500
 * (a `like` pattern over SQLite's limit, a null child row) or be stored
 * (scalar child rows) is a ValidationError (417) that writes nothing.
 */

const R = '/api/resource/Vault%20Doc';
const M = '/api/method/frappe.client';
const V2 = '/api/v2/document/Vault%20Doc';
const HUGE = 'x'.repeat(60_000);
const WIDE = '☕'.repeat(2_001);

const LISTS = [
  (pattern: string) => `${R}?${queryString({ filters: [['title', 'like', pattern]] })}`,
  (pattern: string) => `${R}?${queryString({ or_filters: [['title', 'not like', pattern]] })}`,
  (pattern: string) =>
    `${M}.get_list?${queryString({ doctype: 'Vault Doc', filters: [['title', 'like', pattern]] })}`,
  (pattern: string) =>
    `${M}.get_count?${queryString({ doctype: 'Vault Doc', filters: [['title', 'like', pattern]] })}`,
  (pattern: string) => `${V2}?${queryString({ filters: [['title', 'like', pattern]] })}`,
];

const BAD_ROWS: unknown[][] = [
  [null],
  [1],
  ['x'],
  [true],
  [[{ item: 'a' }]],
  [{ item: 'a' }, null],
];

type Write = (
  rows: unknown[],
  name: string,
) => { method: NonNullable<InjectOptions['method']>; url: string; body: unknown };

const WRITES: Array<[string, Write]> = [
  ['REST POST', (rows) => ({ method: 'POST', url: R, body: { title: 't', rows } })],
  ['REST PUT', (rows, name) => ({ method: 'PUT', url: `${R}/${name}`, body: { rows } })],
  ['v2 POST', (rows) => ({ method: 'POST', url: V2, body: { title: 't', rows } })],
  ['v2 PATCH', (rows, name) => ({ method: 'PATCH', url: `${V2}/${name}`, body: { rows } })],
  [
    'frappe.client.insert',
    (rows) => ({
      method: 'POST',
      url: `${M}.insert`,
      body: { doc: { doctype: 'Vault Doc', rows } },
    }),
  ],
  [
    'frappe.client.insert_many',
    (rows) => ({
      method: 'POST',
      url: `${M}.insert_many`,
      body: {
        docs: [
          { doctype: 'Vault Doc', title: 'ok' },
          { doctype: 'Vault Doc', rows },
        ],
      },
    }),
  ],
  [
    'frappe.client.set_value',
    (rows, name) => ({
      method: 'POST',
      url: `${M}.set_value`,
      body: { doctype: 'Vault Doc', name, fieldname: 'rows', value: rows },
    }),
  ],
];

for (const dialect of DIALECTS) {
  describe(`bad input is a 417, never a 500 (${dialect})`, () => {
    let t: TestApp;
    let name: string;
    before(async () => {
      t = await buildVaultWorld(dialect, 0);
      name = String((await insertVault(t, 'target')).name);
    });
    after(() => t.close());

    for (const [index, url] of LISTS.entries()) {
      it(`over-long like pattern, list path ${index + 1}`, async () => {
        for (const pattern of [HUGE, WIDE]) {
          const response = await t.app.inject({ url: url(pattern), headers: CLERK });
          assert.equal(response.statusCode, 417, response.body.slice(0, 300));
          assert.match(response.body, /ValidationError/);
          assert.match(response.body, /longer than 2000 characters/);
        }
      });
    }

    it('a pattern at the bound still runs', async () => {
      const response = await t.app.inject({ url: LISTS[0]!('%'.repeat(2000)), headers: CLERK });
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    });

    for (const [label, write] of WRITES) {
      it(`child rows that are not objects: ${label}`, async () => {
        for (const rows of BAD_ROWS) {
          const before = [await countRows(t, 'Vault Doc'), await countRows(t, 'Vault Row')];
          const { method, url, body } = write(rows, encodeURIComponent(name));
          const response = await t.app.inject({
            method,
            url,
            headers: { ...CLERK, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          const label = `${JSON.stringify(rows)}: ${response.statusCode} ${response.body}`;
          assert.equal(response.statusCode, 417, label);
          assert.match(response.body, /ValidationError/, label);
          assert.deepEqual(
            [await countRows(t, 'Vault Doc'), await countRows(t, 'Vault Row')],
            before,
            label,
          );
        }
      });
    }
  });
}
