import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import type { Doc } from '../../../src/engine/doc.js';
import { insertDoc, setValue } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';

/*
 * A site with the core app (Comment, Role, User) and an app whose
 * controller whitelists its own document methods, for the document-method
 * endpoints: a DocType with a level-1 field, and a submittable, renamable one.
 */

const all = { read: 1, write: 1, create: 1, delete: 1 } as const;

const DOCTYPES = [
  {
    name: 'Method Task',
    autoname: 'hash',
    fields: [
      { fieldname: 'description', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'status', fieldtype: 'Select', options: 'Open\nClosed', default: 'Open' },
      { fieldname: 'secret', fieldtype: 'Data', permlevel: 1 },
    ],
    permissions: [
      { role: 'Task User', ...all },
      { role: 'Task User', permlevel: 1, read: 1, write: 1 },
      { role: 'Task Reader', read: 1 },
    ],
  },
  {
    name: 'Method Order',
    autoname: 'hash',
    is_submittable: 1,
    allow_rename: 1,
    fields: [{ fieldname: 'amount', fieldtype: 'Currency' }],
    permissions: [{ role: 'Task User', ...all, submit: 1, cancel: 1 }],
  },
].map((json) => ({ doctype: 'DocType', module: 'Method Tests', ...json }) as DocTypeJson);

export const DOC_METHODS_APP: AppDefinition = {
  name: 'method_tests',
  version: '0.0.1',
  doctypes: DOCTYPES,
  controllers: {
    'Method Task': {
      validate: () => undefined,
      methods: {
        echo: (doc, args) => ({ name: doc.name ?? null, args }),
        close: async (doc, _args, ctx) => {
          await setValue(ctx, 'Method Task', String(doc.name), { status: 'Closed' });
          return 'closed';
        },
      },
    },
  },
  methods: [
    {
      path: 'method_tests.method_tests.doctype.method_task.method_task.open_count',
      handler: () => 42,
    },
  ],
};

export const USERS: Record<string, readonly string[]> = {
  'writer@example.com': ['Task User'],
  'reader@example.com': ['Task Reader'],
  'nobody@example.com': [],
};

export const as = (user: string) => ({ [TEST_USER_HEADER]: user });
export const WRITER = as('writer@example.com');
export const READER = as('reader@example.com');
export const NOBODY = as('nobody@example.com');

/** The site, its users, and the seeded documents' names under `names`. */
export interface DocMethodsWorld {
  readonly app: TestApp;
  readonly names: Record<string, string>;
}

export async function buildDocMethodsWorld(dialect: DbType): Promise<DocMethodsWorld> {
  const app = await buildTestApp({ dialect, apps: [DOC_METHODS_APP], migrate: true });
  const names: Record<string, string> = {};
  await withContext(app.site, 'Administrator', async (ctx) => {
    for (const role of ['Task User', 'Task Reader'])
      await insertDoc(ctx, { doctype: 'Role', role_name: role, desk_access: 1 });
    for (const [email, roles] of Object.entries(USERS))
      await insertDoc(ctx, {
        doctype: 'User',
        email,
        first_name: email.split('@')[0],
        send_welcome_email: 0,
        roles: roles.map((role) => ({ role })),
      });
  });
  await withContext(app.site, 'writer@example.com', async (ctx) => {
    const insert = (doc: Doc) => insertDoc(ctx, doc);
    const task = await insert({
      doctype: 'Method Task',
      description: 'first',
      secret: 'SECRET-PERMLEVEL-1',
    });
    names['task'] = String(task.name);
    names['taskModified'] = String(task['modified']);
    names['task2'] = String((await insert({ doctype: 'Method Task', description: 'second' })).name);
    for (const key of ['order', 'order2', 'order3'])
      names[key] = String((await insert({ doctype: 'Method Order', amount: 10 })).name);
  });
  return { app, names };
}
