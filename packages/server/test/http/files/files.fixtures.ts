import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocTypeJson } from '@cortado/protocol';
import type { SiteConfig } from '../../../src/core/config/site-config.js';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';

/*
 * A real listening server for the file tests: a migrated site with a
 * Customer DocType (Sales User writes, Sales Reader reads) holding an Attach
 * field, two customers, and users for the permission matrix.
 */

export const USERS = {
  manager: 'sm@example.com',
  owner: 'owner@example.com',
  reader: 'reader@example.com',
  other: 'other@example.com',
  website: 'web@example.com',
} as const;

const CUSTOMER: DocTypeJson = {
  doctype: 'DocType',
  name: 'Customer',
  module: 'Files Test',
  autoname: 'format:CUST-{#####}',
  fields: [
    { fieldname: 'customer_name', fieldtype: 'Data', reqd: 1 },
    { fieldname: 'custom_scan', fieldtype: 'Attach' },
  ],
  permissions: [
    { role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 },
    { role: 'Sales User', read: 1, write: 1, create: 1, delete: 1 },
    { role: 'Sales Reader', read: 1 },
  ],
} as DocTypeJson;

/** A DocType whose documents take at most two attachments (`max_attachments`). */
const CONTRACT: DocTypeJson = {
  ...CUSTOMER,
  name: 'Contract',
  autoname: 'format:CONTRACT-{#####}',
  max_attachments: 2,
} as DocTypeJson;

export const FILES_APP: AppDefinition = {
  name: 'files_test',
  version: '0.0.1',
  doctypes: [CUSTOMER, CONTRACT],
  methods: [
    {
      // A method `upload_file` can hand an upload to (its `method` field).
      path: 'files_test.api.inspect_upload',
      handler: (args) => {
        const bytes = args.uploaded_file;
        return {
          filename: args.uploaded_filename,
          file_url: args.uploaded_file_url,
          size: Buffer.isBuffer(bytes) ? bytes.length : null,
          md5: Buffer.isBuffer(bytes) ? createHash('md5').update(bytes).digest('hex') : null,
          docname: args.docname ?? null,
        };
      },
    },
  ],
};

/** A running server, its site and a request helper. */
export interface FilesServer {
  readonly t: TestApp;
  readonly url: string;
  /** `fetch` against the server as `user` (default Administrator; `Guest` sends no user). */
  request(path: string, init?: RequestInit & { user?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function startFilesServer(
  dialect: DbType,
  config: Partial<SiteConfig> = {},
): Promise<FilesServer> {
  const t = await buildTestApp({ dialect, migrate: true, apps: [FILES_APP], config });
  try {
    await seed(t);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    return {
      t,
      url,
      request(path, init = {}) {
        const { user = 'Administrator', ...rest } = init;
        const headers = new Headers(rest.headers);
        if (user !== 'Guest') headers.set(TEST_USER_HEADER, user);
        return fetch(url + path, { ...rest, headers });
      },
      close: () => t.close(),
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

async function seed(t: TestApp): Promise<void> {
  await withContext(t.site, 'Administrator', async (ctx) => {
    const insert = (doc: Record<string, unknown>) => insertDoc(ctx, doc as never);
    for (const role of ['Sales User', 'Sales Reader'])
      await insert({ doctype: 'Role', role_name: role });
    const user = (email: string, roles: string[], userType = 'System User') =>
      insert({
        doctype: 'User',
        email,
        first_name: email.split('@')[0],
        send_welcome_email: 0,
        user_type: userType,
        roles: roles.map((role) => ({ role })),
      });
    await user(USERS.manager, ['System Manager']);
    await user(USERS.owner, ['Sales User']);
    await user(USERS.reader, ['Sales Reader']);
    await user(USERS.other, []);
    await user(USERS.website, [], 'Website User');
    await insert({ doctype: 'Customer', customer_name: 'Alpha' });
    await insert({ doctype: 'Customer', customer_name: 'Beta' });
  });
}

/** A multipart body with a `file` part and plain fields, as browsers and SDKs send it. */
export function uploadForm(
  fileName: string | null,
  bytes: string | Uint8Array,
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (fileName !== null) form.append('file', new Blob([bytes]), fileName);
  return form;
}

/** Names of the stored objects (and leftovers) in a site's file areas and staging folder. */
export async function storedNames(sitePath: string): Promise<string[]> {
  const names: string[] = [];
  for (const dir of ['public/files', 'private/files', 'private/uploads-in-progress']) {
    const entries = await readdir(join(sitePath, dir)).catch(() => [] as string[]);
    names.push(...entries.map((name) => `${dir}/${name}`));
  }
  return names.sort();
}

/** File rows that are not folders. */
export async function fileRows(t: TestApp): Promise<Record<string, unknown>[]> {
  return t.site.db.kysely
    .selectFrom('tabFile')
    .selectAll()
    .where('is_folder', '=', 0)
    .orderBy('creation')
    .execute();
}
