import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import { generateApiKeys } from '../../../src/features/auth/api-keys.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { migrateSite } from '../../../src/sites/migrate-site.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { ADMIN, asAdmin, queryString } from '../resource/resource.fixtures.js';
import { AUDITOR, buildVaultWorld, CLERK, PEEKER, SECRET } from './security.fixtures.js';

/*
 * Finding 2: a list must not answer questions about values it would not
 * show. Filtering, sorting, grouping or aggregating on a column the caller
 * cannot read is a PermissionError (403) on every list path; Password
 * columns are never queryable, not even by Administrator.
 */

const R = '/api/resource/Vault%20Doc';
const M = '/api/method/frappe.client';
const V2 = '/api/v2/document/Vault%20Doc';
const like = [['secret', 'like', 'TOP%']];

interface Probe {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

const probe = (name: string, url: string, headers = CLERK): Probe => ({ name, url, headers });

const REFUSED: Probe[] = [
  probe('v1 filters', `${R}?${queryString({ filters: like })}`),
  probe('v1 dict filters', `${R}?${queryString({ filters: { secret: ['like', 'T%'] } })}`),
  probe('v1 or_filters', `${R}?${queryString({ or_filters: like })}`),
  probe('v1 order_by', `${R}?order_by=secret%20desc`),
  probe('v1 group_by', `${R}?${queryString({ fields: ['count(name)'], group_by: 'secret' })}`),
  probe('v1 aggregate', `${R}?${queryString({ fields: ['max(secret)'] })}`),
  probe('v1 child column', `${R}?${queryString({ filters: [['Vault Row', 'cost', '>', 0]] })}`),
  probe(
    'v1 row of a level-1 table',
    `${R}?${queryString({ filters: [['ledger.item', 'like', 'H%']] })}`,
  ),
  probe('get_list', `${M}.get_list?${queryString({ doctype: 'Vault Doc', filters: like })}`),
  probe(
    'get_list or_filters',
    `${M}.get_list?${queryString({ doctype: 'Vault Doc', or_filters: like })}`,
  ),
  probe('get_count', `${M}.get_count?${queryString({ doctype: 'Vault Doc', filters: like })}`),
  probe(
    'get_value',
    `${M}.get_value?${queryString({ doctype: 'Vault Doc', fieldname: 'name', filters: like })}`,
  ),
  probe('v2 list', `${V2}?${queryString({ filters: like })}`),
  probe('v2 list order_by', `${V2}?order_by=secret`),
  probe(
    'select-only: a field outside the search fields',
    `${R}?${queryString({ filters: { amount: 7 } })}`,
    PEEKER,
  ),
  probe(
    'Password column, Administrator',
    `${R}?${queryString({ filters: [['api_password', 'is', 'set']] })}`,
    ADMIN,
  ),
  probe(
    'Password column, like',
    `${M}.get_count?${queryString({ doctype: 'Vault Doc', filters: [['api_password', 'like', '*%']] })}`,
    ADMIN,
  ),
  probe('Password column, order_by', `${R}?order_by=api_password`, ADMIN),
];

REFUSED.push(
  probe(
    'a child DocType held by a readable and an unreadable table',
    `${R}?${queryString({ filters: [['Vault Row', 'item', '=', 'a']] })}`,
  ),
);

const ALLOWED: Probe[] = [
  probe('a readable column', `${R}?${queryString({ filters: { title: 'vault 0' } })}`),
  probe('a readable child column', `${R}?${queryString({ filters: [['rows.item', '=', 'a']] })}`),
  probe(
    'select-only: a search field',
    `${R}?${queryString({ filters: { title: 'vault 0' } })}`,
    PEEKER,
  ),
  probe('level-1 reader', `${R}?${queryString({ filters: like, fields: ['secret'] })}`, AUDITOR),
];

/*
 * The finding's own words: a user with only select permission on User asks
 * who has API keys. `api_secret` is a Password column (its value lives in
 * `__Auth`), so the answer is 403 whichever parameter carries it.
 */
const U = '/api/resource/User';
const apiSecretSet = [['api_secret', 'is', 'set']];
const USER_REFUSED: Probe[] = [
  probe('filters', `${U}?${queryString({ filters: apiSecretSet })}`, PEEKER),
  probe('or_filters', `${U}?${queryString({ or_filters: apiSecretSet })}`, PEEKER),
  probe('order_by', `${U}?order_by=api_secret%20desc`, PEEKER),
  probe(
    'get_count',
    `${M}.get_count?${queryString({ doctype: 'User', filters: apiSecretSet })}`,
    PEEKER,
  ),
];

const PM = '/api/method/frappe.core.page.permission_manager.permission_manager';

/**
 * A site with the core User DocType: Peeker has select, and nothing else, on
 * User (set through the Role Permission Manager), and one user has API keys.
 */
async function buildUserWorld(dialect: DbType): Promise<TestApp> {
  const t = await buildTestApp({ dialect, migrate: true });
  await migrateSite(t.site);
  await asAdmin(t, async (insert) => {
    await insert({ doctype: 'Role', role_name: 'Peeker' });
    await insert({
      doctype: 'User',
      email: 'peeker@example.com',
      first_name: 'Peeker',
      roles: [{ role: 'Peeker' }],
    });
    await insert({ doctype: 'User', email: 'keyholder@example.com', first_name: 'Keyholder' });
  });
  await t.site.db.transaction((uow) => generateApiKeys(uow, 'keyholder@example.com'));
  const change = async (fn: string, payload: Record<string, unknown>) => {
    const url = `${PM}.${fn}`;
    const response = await t.app.inject({ method: 'POST', url, headers: ADMIN, payload });
    assert.equal(response.statusCode, 200, response.body);
  };
  await change('add', { parent: 'User', role: 'Peeker', permlevel: 0 });
  const rule = { doctype: 'User', role: 'Peeker', permlevel: 0 };
  await change('update', { ...rule, ptype: 'select', value: 1 });
  await change('update', { ...rule, ptype: 'read', value: 0 });
  return t;
}

for (const dialect of DIALECTS) {
  describe(`lists refuse to query what the caller cannot read (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildVaultWorld(dialect, 1);
    });
    after(() => t.close());

    for (const { name, url, headers } of REFUSED) {
      it(`refused: ${name}`, async () => {
        const response = await t.app.inject({ url, headers });
        assert.equal(response.statusCode, 403, response.body);
        const body = response.json();
        if (url.startsWith(V2)) assert.equal(body.errors[0].type, 'PermissionError');
        else assert.equal(body.exc_type, 'PermissionError');
        assert.ok(!response.body.includes(SECRET));
      });
    }

    for (const { name, url, headers } of ALLOWED) {
      it(`allowed: ${name}`, async () => {
        const response = await t.app.inject({ url, headers });
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.json().data.length, 1, response.body);
      });
    }
  });
}

for (const dialect of DIALECTS) {
  describe(`select-only on User: who has API keys? (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildUserWorld(dialect);
    });
    after(() => t.close());

    for (const { name, url, headers } of USER_REFUSED) {
      it(`refused: api_secret in ${name}`, async () => {
        const response = await t.app.inject({ url, headers });
        assert.equal(response.statusCode, 403, response.body);
        assert.equal(response.json().exc_type, 'PermissionError', response.body);
      });
    }

    it('allowed: the same user lists User names', async () => {
      const response = await t.app.inject({
        url: `${U}?${queryString({ filters: { name: 'peeker@example.com' } })}`,
        headers: PEEKER,
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json().data, [{ name: 'peeker@example.com' }]);
    });
  });
}
