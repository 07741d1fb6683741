import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * Document Naming Rules (priority, conditions, prefix + digits, own
 * counter) and the naming-series variables Frappe expands: `.YYYY.`,
 * `.FY.` from the Fiscal Year, `.ABBR.` from the document's company and
 * `{field}` values. A rule with a bad field or prefix is refused, unwritten.
 */

const all = { read: 1, write: 1, create: 1, delete: 1 } as const;
const doctype = (json: Omit<DocTypeJson, 'doctype' | 'module'>): DocTypeJson =>
  ({ doctype: 'DocType', module: 'Naming Test', ...json }) as DocTypeJson;

const NAMING_APP: AppDefinition = {
  name: 'naming_test',
  version: '0.0.1',
  doctypes: [
    doctype({
      name: 'Company',
      autoname: 'field:company_name',
      fields: [
        { fieldname: 'company_name', fieldtype: 'Data', reqd: 1 },
        { fieldname: 'abbr', fieldtype: 'Data' },
      ],
      permissions: [{ role: 'Clerk', read: 1 }],
    }),
    doctype({
      name: 'Fiscal Year',
      autoname: 'field:year',
      fields: [
        { fieldname: 'year', fieldtype: 'Data', reqd: 1 },
        { fieldname: 'year_start_date', fieldtype: 'Date', reqd: 1 },
        { fieldname: 'year_end_date', fieldtype: 'Date', reqd: 1 },
        { fieldname: 'disabled', fieldtype: 'Check' },
      ],
      permissions: [{ role: 'Clerk', read: 1 }],
    }),
    doctype({
      name: 'Ruled Task',
      autoname: 'hash',
      fields: [
        { fieldname: 'subject', fieldtype: 'Data' },
        { fieldname: 'amount', fieldtype: 'Int' },
        { fieldname: 'kind', fieldtype: 'Data' },
      ],
      permissions: [{ role: 'Clerk', ...all }],
    }),
    doctype({
      name: 'Series Order',
      autoname: 'naming_series:',
      fields: [
        {
          fieldname: 'naming_series',
          fieldtype: 'Select',
          options: 'ORD-.FY.-.ABBR.-\nSO-.YYYY.-.MM.-.DD.-.{kind}.-',
        },
        { fieldname: 'company', fieldtype: 'Link', options: 'Company' },
        { fieldname: 'posting_date', fieldtype: 'Date' },
        { fieldname: 'kind', fieldtype: 'Data' },
      ],
      permissions: [{ role: 'Clerk', ...all }],
    }),
  ],
};

const ADMIN = { 'x-test-user': 'Administrator' };
const CLERK = { 'x-test-user': 'clerk@example.com' };
const RULE_URL = '/api/resource/Document%20Naming%20Rule';
const TASK_URL = '/api/resource/Ruled%20Task';
const ORDER_URL = '/api/resource/Series%20Order';

const now = new Date();
const pad = (n: number) => String(n).padStart(2, '0');
const YEAR = String(now.getFullYear());
const TODAY = `${YEAR}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

const rule = (values: Record<string, unknown>) => ({
  document_type: 'Ruled Task',
  prefix: 'T-',
  prefix_digits: 4,
  ...values,
});

const refusals: ApiScenario[] = [
  {
    name: 'a condition on a field the DocType lacks is refused (417)',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ conditions: [{ field: 'no_such_field', condition: '=', value: 'x' }] }),
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'no_such_field'],
  },
  {
    name: 'a prefix with characters a series cannot hold is refused (417)',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ prefix: '$INV-' }),
    status: 417,
    contains: [{ exc_type: 'InvalidNamingSeriesError' }],
  },
  {
    name: 'a prefix with its own counter is refused (the rule brings one)',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ prefix: 'T-.####' }),
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
  },
  {
    name: 'negative digits are refused',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ prefix_digits: -1 }),
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
  },
  {
    name: 'an unknown condition operator is refused',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ conditions: [{ field: 'amount', condition: 'like', value: '1' }] }),
    status: 417,
  },
  {
    name: 'a rule for a DocType that does not exist is refused',
    method: 'POST',
    url: RULE_URL,
    headers: ADMIN,
    body: rule({ document_type: 'No Such DocType' }),
    status: 417,
    contains: [{ exc_type: 'LinkValidationError' }],
  },
];

const permissionMatrix: ApiScenario[] = [
  { name: 'Guest cannot list rules', url: RULE_URL, status: 403 },
  { name: 'a Clerk cannot list rules', url: RULE_URL, headers: CLERK, status: 403 },
  {
    name: 'a Clerk cannot create a rule',
    method: 'POST',
    url: RULE_URL,
    headers: CLERK,
    body: rule({}),
    status: 403,
  },
  {
    name: 'Guest cannot create a rule',
    method: 'POST',
    url: RULE_URL,
    body: rule({}),
    status: 403,
  },
];

async function post(app: TestApp, url: string, headers: Record<string, string>, body: object) {
  const response = await app.app.inject({ method: 'POST', url, headers, payload: body });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().data as Record<string, unknown>;
}

async function ruleCount(app: TestApp): Promise<number> {
  const row = await app.site.db.kysely
    .selectFrom('tabDocument Naming Rule')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  describe(`Document Naming Rule and series variables on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, migrate: true, apps: [NAMING_APP] });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Clerk' });
        await insertDoc(ctx, {
          doctype: 'User',
          email: 'clerk@example.com',
          first_name: 'Clerk',
          send_welcome_email: 0,
          roles: [{ role: 'Clerk' }],
        });
        await insertDoc(ctx, { doctype: 'Company', company_name: 'Acme Trading', abbr: 'AT' });
        await insertDoc(ctx, {
          doctype: 'Fiscal Year',
          year: 'FY-2030',
          year_start_date: '2030-04-01',
          year_end_date: '2031-03-31',
        });
        await insertDoc(ctx, {
          doctype: 'Fiscal Year',
          year: 'FY-OFF',
          year_start_date: '2032-01-01',
          year_end_date: '2032-12-31',
          disabled: 1,
        });
      });
    });
    after(() => app?.close());

    for (const scenario of [...refusals, ...permissionMatrix])
      it(scenario.name, async () => {
        const before = await ruleCount(app);
        await runScenario(app.app, scenario);
        assert.equal(await ruleCount(app), before, 'nothing written');
      });

    it('the highest-priority matching rule names the document; its counter counts', async () => {
      await post(app, RULE_URL, ADMIN, rule({ prefix: 'T-.YYYY.-', priority: 1 }));
      await post(
        app,
        RULE_URL,
        ADMIN,
        rule({
          prefix: 'BIG-.{kind}.-',
          prefix_digits: 3,
          priority: 10,
          conditions: [
            { field: 'amount', condition: '>', value: '100' },
            { field: 'kind', condition: '!=', value: 'skip' },
          ],
        }),
      );
      await post(app, RULE_URL, ADMIN, rule({ prefix: 'OFF-', priority: 99, disabled: 1 }));
      const big = await post(app, TASK_URL, CLERK, { amount: 500, kind: 'x' });
      assert.equal(big.name, 'BIG-x-001');
      const big2 = await post(app, TASK_URL, CLERK, { amount: 101, kind: 'y' });
      assert.equal(big2.name, 'BIG-y-002', 'the rule has one counter, whatever the prefix');
      const small = await post(app, TASK_URL, CLERK, { amount: 5 });
      assert.equal(small.name, `T-${YEAR}-0001`);
      const skipped = await post(app, TASK_URL, CLERK, { amount: 500, kind: 'skip' });
      assert.equal(skipped.name, `T-${YEAR}-0002`, 'every condition must hold');
      const counters = await app.site.db.kysely
        .selectFrom('tabDocument Naming Rule')
        .select(['prefix', 'counter'])
        .orderBy('priority', 'desc')
        .execute();
      assert.deepEqual(
        counters.map((row) => [row.prefix, Number(row.counter)]),
        [
          ['OFF-', 0],
          ['BIG-.{kind}.-', 2],
          ['T-.YYYY.-', 2],
        ],
      );
    });

    it('a client name does not bypass a naming rule', async () => {
      const named = await post(app, TASK_URL, CLERK, { name: 'MINE', amount: 1 });
      assert.match(String(named.name), /^T-\d{4}-\d{4}$/);
    });

    it('.FY. is the fiscal year of the posting date and .ABBR. the company abbreviation', async () => {
      const order = await post(app, ORDER_URL, CLERK, {
        naming_series: 'ORD-.FY.-.ABBR.-',
        company: 'Acme Trading',
        posting_date: '2030-05-01',
      });
      assert.equal(order.name, 'ORD-FY-2030-AT-00001');
      const next = await post(app, ORDER_URL, CLERK, {
        company: 'Acme Trading',
        posting_date: '2031-03-31',
      });
      assert.equal(next.name, 'ORD-FY-2030-AT-00002', 'first option is the default series');
    });

    it(".ABBR. of a document without company is the default company's", async () => {
      const set = await app.app.inject({
        method: 'POST',
        url: '/api/method/frappe.client.set_default',
        headers: CLERK,
        payload: { key: 'company', value: 'Acme Trading' },
      });
      assert.equal(set.statusCode, 200, set.body);
      const order = await post(app, ORDER_URL, CLERK, { posting_date: '2030-06-01' });
      assert.equal(order.name, 'ORD-FY-2030-AT-00003');
    });

    it('a date outside every active fiscal year fails the insert (417), unwritten', async () => {
      for (const date of ['2029-01-01', '2032-06-01']) {
        const response = await app.app.inject({
          method: 'POST',
          url: ORDER_URL,
          headers: CLERK,
          payload: { company: 'Acme Trading', posting_date: date },
        });
        assert.equal(response.statusCode, 417, response.body);
        assert.match(response.body, /not in any active Fiscal Year/);
      }
      const rows = await app.site.db.kysely.selectFrom('tabSeries Order').select('name').execute();
      assert.equal(rows.length, 3);
    });

    it('.YYYY. .MM. .DD. and {field} parts expand from today and the document', async () => {
      const order = await post(app, ORDER_URL, CLERK, {
        naming_series: 'SO-.YYYY.-.MM.-.DD.-.{kind}.-',
        kind: 'web',
      });
      assert.equal(order.name, `SO-${TODAY}-web-00001`);
    });
  });
}
