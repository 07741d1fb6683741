import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { Doc } from '../../../src/engine/doc.js';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  AUDITOR,
  buildVaultWorld,
  CLERK,
  insertVault,
  leakedKeys,
  SECRET,
  SECRET_COST,
  SECRET_NOTE,
} from './security.fixtures.js';

/*
 * Finding 1 of the hostile-client review: every path that answers with a
 * document must drop the fields at levels the caller cannot read — not
 * only REST GET. A Clerk (level-0 rights, no level 1) drives each path and
 * no answer may carry a level-1 key or value.
 */

const M = '/api/method/frappe.client';
const R = '/api/resource/Vault%20Doc';
const V2 = '/api/v2/document/Vault%20Doc';

interface Path {
  readonly name: string;
  readonly method: NonNullable<InjectOptions['method']>;
  readonly url: (name: string) => string;
  readonly body?: (name: string, stored: Doc) => unknown;
  /** The path needs a submitted document. */
  readonly submitted?: boolean;
}

const PATHS: Path[] = [
  { name: 'REST GET', method: 'GET', url: (n) => `${R}/${n}` },
  { name: 'REST PUT', method: 'PUT', url: (n) => `${R}/${n}`, body: () => ({ title: 'x' }) },
  { name: 'REST POST (insert)', method: 'POST', url: () => R, body: () => ({ title: 'new' }) },
  { name: 'REST run_method GET', method: 'GET', url: (n) => `${R}/${n}?run_method=show` },
  { name: 'REST run_method POST', method: 'POST', url: (n) => `${R}/${n}?run_method=touch` },
  { name: 'REST method path', method: 'POST', url: (n) => `${R}/${n}/show` },
  {
    name: 'frappe.client.get',
    method: 'GET',
    url: (n) => `${M}.get?doctype=Vault%20Doc&name=${n}`,
  },
  {
    name: 'frappe.client.set_value',
    method: 'POST',
    url: () => `${M}.set_value`,
    body: (n) => ({ doctype: 'Vault Doc', name: n, fieldname: 'title', value: 'changed' }),
  },
  {
    name: 'frappe.client.save',
    method: 'POST',
    url: () => `${M}.save`,
    // What the Clerk read, changed: `save` takes the whole document.
    body: (_n, stored) => ({
      doc: { ...stored, secret: undefined, ledger: undefined, title: 'saved' },
    }),
  },
  {
    name: 'frappe.client.insert',
    method: 'POST',
    url: () => `${M}.insert`,
    body: () => ({ doc: { doctype: 'Vault Doc', title: 'inserted' } }),
  },
  {
    name: 'frappe.client.insert of a child row (answers the parent)',
    method: 'POST',
    url: () => `${M}.insert`,
    body: (n) => ({
      doc: {
        doctype: 'Vault Row',
        parent: n,
        parenttype: 'Vault Doc',
        parentfield: 'rows',
        item: 'b',
      },
    }),
  },
  {
    name: 'frappe.client.insert_many',
    method: 'POST',
    url: () => `${M}.insert_many`,
    body: () => ({ docs: [{ doctype: 'Vault Doc', title: 'many' }] }),
  },
  {
    name: 'frappe.client.submit',
    method: 'POST',
    url: () => `${M}.submit`,
    body: (n) => ({ doc: { doctype: 'Vault Doc', name: n } }),
  },
  {
    name: 'frappe.client.cancel',
    method: 'POST',
    url: () => `${M}.cancel`,
    body: (n) => ({ doctype: 'Vault Doc', name: n }),
    submitted: true,
  },
  {
    name: 'frappe.client.rename_doc',
    method: 'POST',
    url: () => `${M}.rename_doc`,
    body: (n) => ({ doctype: 'Vault Doc', old_name: n, new_name: `${n}-renamed` }),
  },
  { name: 'v2 GET', method: 'GET', url: (n) => `${V2}/${n}` },
  { name: 'v2 PUT', method: 'PUT', url: (n) => `${V2}/${n}`, body: () => ({ title: 'x' }) },
  { name: 'v2 PATCH', method: 'PATCH', url: (n) => `${V2}/${n}`, body: () => ({ title: 'y' }) },
  { name: 'v2 POST (insert)', method: 'POST', url: () => V2, body: () => ({ title: 'v2' }) },
  { name: 'v2 copy', method: 'GET', url: (n) => `${V2}/${n}/copy` },
  { name: 'v2 method GET', method: 'GET', url: (n) => `${V2}/${n}/method/show` },
  { name: 'v2 method POST', method: 'POST', url: (n) => `${V2}/${n}/method/touch` },
];

for (const dialect of DIALECTS) {
  describe(`every answer drops unreadable permlevels (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildVaultWorld(dialect, 0);
    });
    after(() => t.close());

    for (const path of PATHS) {
      it(path.name, async () => {
        const stored = await insertVault(t, path.name, path.submitted ? 1 : 0);
        const name = String(stored.name);
        const body = path.body?.(name, stored);
        const response = await t.app.inject({
          method: path.method,
          url: path.url(encodeURIComponent(name)),
          headers: {
            ...CLERK,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(leakedKeys(response.json()), [], response.body);
        for (const value of [SECRET, SECRET_NOTE, String(SECRET_COST)])
          assert.ok(!response.body.includes(value), `${value} leaked: ${response.body}`);
      });
    }

    it('a reader of level 1 still sees the level-1 fields and the level-1 table', async () => {
      const name = String((await insertVault(t, 'audited')).name);
      const response = await t.app.inject({
        url: `${M}.get?doctype=Vault%20Doc&name=${encodeURIComponent(name)}`,
        headers: AUDITOR,
      });
      assert.equal(response.statusCode, 200, response.body);
      const doc = response.json().message;
      assert.equal(doc.secret, SECRET);
      assert.equal(doc.rows[0].cost, SECRET_COST);
      assert.equal(doc.ledger[0].item, SECRET_NOTE);
    });
  });
}
