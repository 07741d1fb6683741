import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { storeApiSecret } from '../../src/features/auth/api-keys.js';
import type { DbType } from '../../src/platform/db/database.js';
import { buildAuthApp, type AuthTestApp } from '../http/auth/auth.fixtures.js';

/*
 * The attacker's world: "Owned Task" gives every user (role All) rights on
 * the tasks they own only (if_owner), with a child table, a Link to it from
 * another DocType and a whitelisted document method. Users: `owner` owns
 * the task, `intruder` is a System User without roles, `web@example.com` a
 * Website User, plus the auth fixtures (jane, gone).
 */

const owned = { read: 1, write: 1, create: 1, delete: 1, if_owner: 1 } as const;

const doctype = (json: Partial<DocTypeJson> & { name: string }): DocTypeJson =>
  ({ doctype: 'DocType', module: 'Probe', ...json }) as DocTypeJson;

const DOCTYPES: DocTypeJson[] = [
  doctype({
    name: 'Owned Task Row',
    istable: 1,
    fields: [{ fieldname: 'secret_row', fieldtype: 'Data' }],
  }),
  doctype({
    name: 'Owned Task',
    autoname: 'field:title',
    fields: [
      { fieldname: 'title', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'secret', fieldtype: 'Data' },
      { fieldname: 'rows', fieldtype: 'Table', options: 'Owned Task Row' },
    ],
    permissions: [{ role: 'All', ...owned }],
  }),
  doctype({
    name: 'Task Pointer',
    autoname: 'prompt',
    fields: [{ fieldname: 'task', fieldtype: 'Link', options: 'Owned Task' }],
    permissions: [{ role: 'All', read: 1, write: 1, create: 1, delete: 1 }],
  }),
];

export const PROBE_APP: AppDefinition = {
  name: 'probe',
  version: '0.0.1',
  doctypes: DOCTYPES,
  controllers: {
    'Owned Task': { methods: { reveal: (doc) => doc['secret'] } },
  },
};

export const OWNER = {
  user: 'owner@example.com',
  key: 'kowner000000001',
  secret: 'sowner000000001',
};
export const INTRUDER = {
  user: 'intruder@example.com',
  key: 'kintruder000001',
  secret: 'sintruder000001',
};
export const WEB_TOKEN = {
  user: 'web@example.com',
  key: 'kweb00000000001',
  secret: 'sweb00000000001',
};
export const GONE_TOKEN = 'token kdisabled000001:sdisabled000001';
export const TASK = 'owner-task';
export const POINTER = 'pointer-1';

export const tokenOf = (u: { key: string; secret: string }): string => `token ${u.key}:${u.secret}`;

/** The auth fixtures plus the probe app, its users and one task owned by `owner`. */
export async function buildProbeApp(dialect: DbType = 'sqlite'): Promise<AuthTestApp> {
  const t = await buildAuthApp({ dialect, apps: [PROBE_APP] });
  await withContext(
    t.site,
    'Administrator',
    async (ctx) => {
      for (const u of [OWNER, INTRUDER]) {
        await insertDoc(ctx, {
          doctype: 'User',
          email: u.user,
          first_name: u.user.split('@')[0],
          send_welcome_email: 0,
          user_type: 'System User',
        });
      }
      for (const u of [OWNER, INTRUDER, WEB_TOKEN]) {
        await ctx.uow.db
          .updateTable('tabUser')
          .set({ api_key: u.key })
          .where('name', '=', u.user)
          .execute();
        await storeApiSecret(ctx.uow.db, u.user, u.secret);
      }
    },
    { flags: { ignorePermissions: true } },
  );
  await withContext(t.site, OWNER.user, async (ctx) => {
    await insertDoc(ctx, {
      doctype: 'Owned Task',
      title: TASK,
      secret: 'owner-only',
      rows: [{ secret_row: 'row-secret' }],
    });
  });
  await withContext(t.site, OWNER.user, async (ctx) => {
    await insertDoc(ctx, { doctype: 'Task Pointer', name: POINTER, task: TASK });
  });
  return t;
}
