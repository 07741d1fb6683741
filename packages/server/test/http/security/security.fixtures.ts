import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import type { Doc } from '../../../src/engine/doc.js';
import { getDoc, insertDoc, setValue } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { migrateSite } from '../../../src/sites/migrate-site.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { asAdmin, TEST_APP } from '../resource/resource.fixtures.js';

/*
 * A vault for the security suites: a submittable, renamable DocType whose
 * level-1 field, level-1 child column and level-1 Table hold values a
 * Clerk (level 0 only) must never see, and an Auditor (level 1 read) may.
 */

/** Values a Clerk must never receive, in any answer. */
export const SECRET = 'TOPSECRET-7f3a';
export const SECRET_COST = 424242.5;
export const SECRET_NOTE = 'HIDDEN-ROW-91c2';
/** Keys a Clerk must never receive. */
export const SECRET_KEYS = ['secret', 'cost', 'ledger'] as const;

const doctype = (json: Partial<DocTypeJson> & { name: string }): DocTypeJson =>
  ({ doctype: 'DocType', module: 'Tests', ...json }) as DocTypeJson;

const clerkRights = {
  read: 1,
  write: 1,
  create: 1,
  delete: 1,
  submit: 1,
  cancel: 1,
  amend: 1,
} as const;

const DOCTYPES: DocTypeJson[] = [
  doctype({
    name: 'Vault Row',
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data' },
      { fieldname: 'cost', fieldtype: 'Currency', permlevel: 1 },
    ],
  }),
  doctype({
    name: 'Vault Doc',
    autoname: 'hash',
    is_submittable: 1,
    allow_rename: 1,
    search_fields: 'title',
    fields: [
      { fieldname: 'title', fieldtype: 'Data' },
      { fieldname: 'amount', fieldtype: 'Int' },
      { fieldname: 'secret', fieldtype: 'Data', permlevel: 1, default: SECRET },
      { fieldname: 'api_password', fieldtype: 'Password' },
      { fieldname: 'rows', fieldtype: 'Table', options: 'Vault Row' },
      { fieldname: 'ledger', fieldtype: 'Table', options: 'Vault Row', permlevel: 1 },
    ],
    permissions: [
      { role: 'Clerk', ...clerkRights },
      { role: 'Auditor', read: 1 },
      { role: 'Auditor', permlevel: 1, read: 1 },
      { role: 'Peeker', select: 1 },
    ],
  }),
];

/** Vault Doc's controller: document methods that hand the document back. */
export const VAULT_APP: AppDefinition = {
  name: 'vault_tests',
  version: '0.0.1',
  doctypes: DOCTYPES,
  controllers: {
    'Vault Doc': {
      methods: {
        show: (doc) => doc,
        touch: async (doc, _args, ctx) => {
          await setValue(ctx, 'Vault Doc', String(doc.name), { title: 'touched' });
          return { updated: await getDoc(ctx, 'Vault Doc', String(doc.name)) };
        },
      },
    },
  },
};

export const VAULT_USERS: Record<string, readonly string[]> = {
  'clerk@example.com': ['Clerk'],
  'auditor@example.com': ['Auditor'],
  'peeker@example.com': ['Peeker'],
};

export const as = (user: string): Record<string, string> => ({ [TEST_USER_HEADER]: user });
export const CLERK = as('clerk@example.com');
export const AUDITOR = as('auditor@example.com');
export const PEEKER = as('peeker@example.com');

/** The API world plus the vault, its users, and `count` vault documents holding secrets. */
export async function buildVaultWorld(dialect: DbType, count = 1): Promise<TestApp> {
  const testApp = await buildTestApp({ dialect, apps: [TEST_APP, VAULT_APP] });
  await migrateSite(testApp.site);
  await asAdmin(testApp, async (insert) => {
    for (const role of ['System Manager', 'Task User', 'Task Reader', 'Clerk', 'Auditor', 'Peeker'])
      await insert({ doctype: 'Role', role_name: role });
    for (const [email, roles] of Object.entries(VAULT_USERS)) {
      await insert({ doctype: 'User', email, roles: roles.map((role) => ({ role })) });
    }
  });
  for (let i = 0; i < count; i++) await insertVault(testApp, `vault ${i}`);
  return testApp;
}

/** A vault document, inserted by Administrator so its secrets are stored. */
export async function insertVault(testApp: TestApp, title: string, docstatus = 0): Promise<Doc> {
  return withContext(testApp.site, 'Administrator', (ctx) =>
    insertDoc(ctx, {
      doctype: 'Vault Doc',
      title,
      amount: 7,
      secret: SECRET,
      api_password: 'pw-never-shown',
      docstatus,
      rows: [{ item: 'a', cost: SECRET_COST }],
      ledger: [{ item: SECRET_NOTE, cost: SECRET_COST }],
    }),
  );
}

/** Keys of `value` (any depth) that a Clerk must not see, with their paths. */
export function leakedKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leakedKeys(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...((SECRET_KEYS as readonly string[]).includes(key) ? [`${path}.${key}`] : []),
    ...leakedKeys(inner, `${path}.${key}`),
  ]);
}
