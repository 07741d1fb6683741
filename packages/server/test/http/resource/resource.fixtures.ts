import type { DocTypeJson } from '@cortado/protocol';
import type { SiteConfig } from '../../../src/core/config/site-config.js';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import type { Doc } from '../../../src/engine/doc.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { migrateSite } from '../../../src/sites/migrate-site.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * A small world for the HTTP API suites: users with one role setup each, a
 * DocType with a space in its name, a child table, a level-1 field, Links,
 * a submittable DocType, a Single, and a DocType named by the client
 * (prompt) so names with spaces, slashes and unicode can be tested.
 */

const all = { read: 1, write: 1, create: 1, delete: 1 } as const;

const doctype = (json: Partial<DocTypeJson> & { name: string }): DocTypeJson =>
  ({ doctype: 'DocType', module: 'Tests', ...json }) as DocTypeJson;

const DOCTYPES: DocTypeJson[] = [
  doctype({
    name: 'Role',
    autoname: 'field:role_name',
    fields: [{ fieldname: 'role_name', fieldtype: 'Data', reqd: 1 }],
    permissions: [{ role: 'System Manager', ...all }],
  }),
  doctype({
    name: 'Has Role',
    istable: 1,
    fields: [{ fieldname: 'role', fieldtype: 'Link', options: 'Role' }],
  }),
  doctype({
    name: 'User',
    autoname: 'field:email',
    fields: [
      { fieldname: 'email', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'first_name', fieldtype: 'Data' },
      { fieldname: 'enabled', fieldtype: 'Check', default: '1' },
      {
        fieldname: 'user_type',
        fieldtype: 'Select',
        options: 'System User\nWebsite User',
        default: 'System User',
      },
      { fieldname: 'roles', fieldtype: 'Table', options: 'Has Role' },
    ],
    permissions: [{ role: 'System Manager', ...all }],
  }),
  doctype({
    name: 'User Permission',
    fields: ['user', 'allow', 'for_value', 'applicable_for']
      .map((fieldname) => ({ fieldname, fieldtype: 'Data' }))
      .concat(
        ['apply_to_all_doctypes', 'is_default', 'hide_descendants'].map((fieldname) => ({
          fieldname,
          fieldtype: 'Check',
        })),
      ),
    permissions: [{ role: 'System Manager', ...all }],
  }),
  doctype({
    name: 'Task Item',
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data' },
      { fieldname: 'qty', fieldtype: 'Int' },
      { fieldname: 'user', fieldtype: 'Link', options: 'User' },
    ],
  }),
  doctype({
    name: 'Test Task',
    autoname: 'hash',
    fields: [
      { fieldname: 'description', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed', default: 'Open' },
      { fieldname: 'priority', fieldtype: 'Int' },
      { fieldname: 'due', fieldtype: 'Date' },
      { fieldname: 'allocated_to', fieldtype: 'Link', options: 'User' },
      { fieldname: 'secret', fieldtype: 'Data', permlevel: 1 },
      { fieldname: 'items', fieldtype: 'Table', options: 'Task Item' },
    ],
    permissions: [
      { role: 'Task User', ...all },
      { role: 'Task Reader', read: 1 },
      { role: 'Task User', permlevel: 1, read: 1, write: 1 },
    ],
  }),
  doctype({
    name: 'Test Order',
    autoname: 'hash',
    is_submittable: 1,
    fields: [{ fieldname: 'amount', fieldtype: 'Currency' }],
    permissions: [{ role: 'Task User', ...all, submit: 1, cancel: 1 }],
  }),
  doctype({
    name: 'Named Thing',
    autoname: 'prompt',
    allow_rename: 1,
    fields: [{ fieldname: 'title', fieldtype: 'Data' }],
    permissions: [{ role: 'Task User', ...all }],
  }),
  doctype({
    name: 'Test Settings',
    issingle: 1,
    fields: [{ fieldname: 'greeting', fieldtype: 'Data', default: 'hello' }],
    permissions: [{ role: 'Task User', read: 1, write: 1 }],
  }),
];

/** The test app: DocTypes plus whitelisted document methods on Test Task. */
export const TEST_APP: AppDefinition = {
  name: 'api_tests',
  version: '0.0.1',
  doctypes: DOCTYPES,
  controllers: {
    'Test Task': {
      methods: {
        echo: (doc, args) => ({ name: doc.name, args }),
        close: async (doc, _args, ctx) => {
          const { setValue } = await import('../../../src/engine/document.js');
          await setValue(ctx, 'Test Task', String(doc.name), { status: 'Closed' });
          return 'closed';
        },
      },
    },
  },
};

/** Users and their roles. */
export const USERS: Record<string, readonly string[]> = {
  'writer@example.com': ['Task User'],
  'reader@example.com': ['Task Reader'],
  'nobody@example.com': [],
};

/** Headers making a request run as `user`. */
export function as(user: string): Record<string, string> {
  return { [TEST_USER_HEADER]: user };
}

export const ADMIN = as('Administrator');
export const WRITER = as('writer@example.com');
export const READER = as('reader@example.com');
export const NOBODY = as('nobody@example.com');

/** Builds the app on a fresh database of `dialect`, with tables and users. */
export async function buildApiWorld(
  dialect: DbType = 'sqlite',
  config: Partial<SiteConfig> = {},
): Promise<TestApp> {
  const testApp = await buildTestApp({ dialect, apps: [TEST_APP], config });
  await migrateSite(testApp.site);
  await asAdmin(testApp, async (insert) => {
    for (const role of ['System Manager', 'Task User', 'Task Reader'])
      await insert({ doctype: 'Role', role_name: role });
    for (const [email, roles] of Object.entries(USERS)) {
      await insert({
        doctype: 'User',
        email,
        first_name: email.split('@')[0],
        roles: roles.map((role) => ({ role })),
      });
    }
  });
  return testApp;
}

/** Runs `fn` as Administrator in one committed unit of work, with an insert helper. */
export async function asAdmin<T>(
  testApp: TestApp,
  fn: (insert: (doc: Doc) => Promise<Doc>) => Promise<T>,
): Promise<T> {
  return withContext(testApp.site, 'Administrator', (ctx) => fn((doc) => insertDoc(ctx, doc)));
}

/** Rows in a table, to prove a rejected request wrote nothing. */
export async function countRows(testApp: TestApp, doctype: string): Promise<number> {
  const row = await testApp.site.db.kysely
    .selectFrom(`tab${doctype}`)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Names of seeded documents, filled in by `seedDocs`; scenarios refer to them as `{key}` in URLs and bodies. */
export type SeededNames = Record<string, string>;

/** Replaces `{key}` with the URL-encoded (in URLs) or plain (in bodies and expectations) seeded name. */
export function resolveScenario(scenario: ApiScenario, names: SeededNames): ApiScenario {
  const url = scenario.url.replace(/\{(\w+)\}/g, (_m, key: string) =>
    encodeURIComponent(names[key] ?? key),
  );
  const resolved: ApiScenario = { ...scenario, url };
  if (scenario.body !== undefined)
    Object.assign(resolved, { body: withNames(scenario.body, names) });
  if (scenario.contains !== undefined)
    Object.assign(resolved, { contains: withNames(scenario.contains, names) });
  return resolved;
}

function withNames<T>(value: T, names: SeededNames): T {
  if (typeof value === 'string')
    return value.replace(/\{(\w+)\}/g, (match, key: string) => names[key] ?? match) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withNames(item, names)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, withNames(inner, names)]),
    ) as T;
  }
  return value;
}

/** Declares one test per scenario, resolved against the names seeded in `before`. */
export function itResolvedScenarios(
  scenarios: readonly ApiScenario[],
  world: () => { app: TestApp; names: SeededNames },
): void {
  for (const scenario of scenarios) {
    it(
      scenario.name,
      async () =>
        void (await runScenario(world().app.app, resolveScenario(scenario, world().names))),
    );
  }
}

/**
 * Seeds Test Task documents owned by writer (`task`, `task2`), a draft and
 * a submitted Test Order, and Named Things whose names hold a space, a slash
 * and unicode.
 */
export async function seedDocs(testApp: TestApp): Promise<SeededNames> {
  const names: SeededNames = {};
  await withContext(testApp.site, 'writer@example.com', async (ctx) => {
    const task = await insertDoc(ctx, {
      doctype: 'Test Task',
      description: 'first',
      priority: 2,
      allocated_to: 'writer@example.com',
      secret: 's3cr3t',
      items: [
        { item: 'a', qty: 1 },
        { item: 'b', qty: 2 },
      ],
    });
    names['task'] = String(task.name);
    names['taskModified'] = String(task['modified']);
    names['row1'] = String((task['items'] as Doc[])[0]?.name);
    names['task2'] = String(
      (await insertDoc(ctx, { doctype: 'Test Task', description: 'second', status: 'Closed' }))
        .name,
    );
    names['order'] = String((await insertDoc(ctx, { doctype: 'Test Order', amount: 10 })).name);
    names['submitted'] = String(
      (await insertDoc(ctx, { doctype: 'Test Order', amount: 20, docstatus: 1 })).name,
    );
    for (const [key, name] of Object.entries(ODD_NAMES)) {
      names[key] = String(
        (await insertDoc(ctx, { doctype: 'Named Thing', name, title: key })).name,
      );
    }
  });
  return names;
}

/** Names that must survive URL encoding. */
export const ODD_NAMES = { spaced: 'with space', slashed: 'a/b/c', unicode: 'Ünïcødé ☕ 名前' };

/** A v1 error body: `exc_type` plus the message log, tracebacks hidden outside developer mode, no `absentKey`. */
export function v1Error(
  excType: string,
  absentKey: 'data' | 'message',
): Pick<ApiScenario, 'contains' | 'notContains'> {
  return {
    contains: [{ exc_type: excType }, '_server_messages'],
    notContains: ['key:exception', 'key:exc', `key:${absentKey}`],
  };
}

/** Asserts that a response's JSON holds no null value anywhere. */
export function assertNoNulls(response: { json(): unknown }): void {
  assert.ok(!JSON.stringify(response.json()).includes(':null'), 'document has null fields');
}

/** A query string; `{key}` placeholders survive encoding so scenarios can name seeded documents. */
export function queryString(args: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(args).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  )
    .toString()
    .replace(/%7B(\w+)%7D/g, '{$1}');
}

/** Declares one suite per dialect over a freshly seeded world. */
export function describeWorld(
  title: string,
  body: (world: () => { app: TestApp; names: SeededNames }) => void,
): void {
  for (const dialect of DIALECTS) {
    describe(`${title} (${dialect})`, () => {
      let app: TestApp;
      let names: SeededNames;
      before(async () => {
        app = await buildApiWorld(dialect);
        names = await seedDocs(app);
      });
      after(() => app.close());
      body(() => ({ app, names }));
    });
  }
}
