import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { createAuthService } from '../../src/features/auth/auth-service.js';
import type { DbType } from '../../src/platform/db/database.js';
import type { SiteConfig } from '../../src/core/config/site-config.js';
import { setAdminPassword } from '../../src/sites/admin-password.js';
import { buildTestApp } from '../helpers/build-test-app.js';

/*
 * A real listening Cortado server for the client compatibility suites: a
 * fresh migrated site served by the real auth service on 127.0.0.1 (port 0),
 * with the seed's whitelisted method, an integration user whose API key and
 * secret come from the real `generate_keys` endpoint, and a few ToDo, Note
 * and Integration Order documents.
 */

export const ADMIN_PASSWORD = 'Compat-Admin-7';
export const INTEGRATION_USER = { email: 'integration@example.com', password: 'Compat-User-9!' };

const all = { read: 1, write: 1, create: 1, delete: 1 } as const;

/** A DocType holding every field the seed's filter examples name, and a child table. */
const DOCTYPES = [
  {
    name: 'Integration Order Item',
    module: 'My App',
    istable: 1,
    fields: [
      { fieldname: 'item', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'qty', fieldtype: 'Int' },
      { fieldname: 'rate', fieldtype: 'Currency' },
    ],
  },
  {
    name: 'Integration Order',
    module: 'My App',
    autoname: 'format:IO-{#####}',
    fields: [
      { fieldname: 'customer', fieldtype: 'Data', reqd: 1 },
      {
        fieldname: 'status',
        fieldtype: 'Select',
        options: 'Open\nPending\nClosed',
        default: 'Open',
      },
      { fieldname: 'amount', fieldtype: 'Currency' },
      { fieldname: 'date', fieldtype: 'Date' },
      { fieldname: 'reference', fieldtype: 'Data' },
      { fieldname: 'items', fieldtype: 'Table', options: 'Integration Order Item' },
    ],
    permissions: [{ role: 'System Manager', ...all }],
  },
  {
    name: 'Integration Invoice',
    module: 'My App',
    autoname: 'format:II-{#####}',
    is_submittable: 1,
    allow_rename: 1,
    fields: [
      { fieldname: 'customer', fieldtype: 'Data', reqd: 1 },
      { fieldname: 'amount', fieldtype: 'Currency' },
    ],
    permissions: [{ role: 'System Manager', ...all, submit: 1, cancel: 1, amend: 1 }],
  },
].map((json) => ({ doctype: 'DocType', ...json }) as DocTypeJson);

/** The seed's `my_app` with `my_app.api.my_function(param1, param2)` returning `{"result": "value"}`. */
export const MY_APP: AppDefinition = {
  name: 'my_app',
  version: '0.0.1',
  doctypes: DOCTYPES,
  methods: [
    {
      path: 'my_app.api.my_function',
      params: { param1: { type: 'string' }, param2: { type: 'string' } },
      handler: () => ({ result: 'value' }),
    },
  ],
};

/** The seeded Integration Orders: one per filter example of the seed, and the ones they must leave out. */
export const ORDERS = [
  { customer: 'Alpha', status: 'Open', amount: 500, date: '2024-03-01', reference: 'PO-1' },
  { customer: 'Beta', status: 'Pending', amount: 1500, date: '2024-07-15', reference: null },
  { customer: 'Gamma', status: 'Closed', amount: 2500, date: '2023-12-31', reference: 'PO-3' },
  { customer: 'Delta', status: 'Open', amount: 1200, date: '2025-01-01', reference: null },
] as const;

export const TODOS = ['Call the customer', 'Send the quotation', 'Book the meeting'];
export const NOTES = ['Release plan', 'Integration notes'];

/** A running server and the credentials its clients use. */
export interface CompatServer {
  readonly dialect: DbType;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** `Authorization` header value of the integration user: `token key:secret`. */
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh `dialect` database, with `options.apps`
 * installed after `my_app` and `options.config` over the site config. The
 * caller must `close()` it.
 *
 * @example
 * const server = await startCompatServer('postgres');
 * await fetch(`${server.url}/api/resource/ToDo`, { headers: { Authorization: server.token } });
 */
export async function startCompatServer(
  dialect: DbType = 'sqlite',
  options: { readonly apps?: readonly AppDefinition[]; readonly config?: Partial<SiteConfig> } = {},
): Promise<CompatServer> {
  const auth = createAuthService();
  const t = await buildTestApp({
    dialect,
    migrate: true,
    apps: [MY_APP, ...(options.apps ?? [])],
    config: options.config ?? {},
    authenticate: auth.authenticate,
    build: { auth },
  });
  const close = async () => {
    await t.close();
    await auth.close();
  };
  try {
    await setAdminPassword(t.site, ADMIN_PASSWORD);
    await withContext(t.site, 'Administrator', async (ctx) => {
      const insert = (doc: Record<string, unknown>) => insertDoc(ctx, doc as never);
      await insert({
        doctype: 'User',
        email: INTEGRATION_USER.email,
        first_name: 'Integration',
        send_welcome_email: 0,
        new_password: INTEGRATION_USER.password,
        roles: [{ role: 'System Manager' }],
      });
      for (const description of TODOS)
        await insert({ doctype: 'ToDo', description, status: 'Open' });
      for (const title of NOTES)
        await insert({ doctype: 'Note', title, content: `<p>${title}</p>`, public: 1 });
      for (const order of ORDERS) {
        await insert({
          doctype: 'Integration Order',
          ...order,
          items: [{ item: 'Widget', qty: 2, rate: order.amount / 2 }],
        });
      }
    });
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { api_key, api_secret } = await generateKeysOverHttp(url, INTEGRATION_USER.email);
    return {
      dialect,
      url,
      apiKey: api_key,
      apiSecret: api_secret,
      token: `token ${api_key}:${api_secret}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What an administrator does in the desk: log in, then POST `generate_keys` for the user with the session. */
async function generateKeysOverHttp(
  url: string,
  user: string,
): Promise<{ api_key: string; api_secret: string }> {
  const login = await fetch(`${url}/api/method/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ usr: 'Administrator', pwd: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const sid = login.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('sid='))
    ?.split(';')[0];
  if (sid === undefined) throw new Error('login set no sid cookie');
  // Sent as the desk does, so sites that enforce CSRF work too.
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  const response = await fetch(`${url}/api/method/frappe.core.doctype.user.user.generate_keys`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Cookie: sid,
      'X-Frappe-CSRF-Token': csrf_token,
    },
    body: JSON.stringify({ user }),
  });
  const body = (await response.json()) as { message?: { api_key?: string; api_secret?: string } };
  const { api_key, api_secret } = body.message ?? {};
  if (response.status !== 200 || api_key === undefined || api_secret === undefined)
    throw new Error(`generate_keys failed: ${response.status} ${JSON.stringify(body)}`);
  return { api_key, api_secret };
}
