import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSite,
  dropSite,
  insertDoc,
  withContext,
  type Context,
  type Site,
} from '@cortado/server';

/** Dialects to run on: `CORTADO_TEST_DIALECTS`, default all three. */
export const DIALECTS = (process.env['CORTADO_TEST_DIALECTS'] || 'sqlite,postgres,mariadb')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

/** A fresh site with the demo app on `dbType`, and how to drop it. */
export async function createDemoTestSite(
  dbType: string,
): Promise<{ site: Site; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-demo-'));
  const name = `demo${randomBytes(4).toString('hex')}.localhost`;
  const { site } = await createSite(dir, name, {
    config: { db_type: dbType, installed_apps: ['@cortado/demo-erp'] },
    adminPassword: 'admin',
  });
  return {
    site,
    async drop() {
      await site.db.close();
      await dropSite(dir, name, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` as `user` in one transaction. */
export function as<T>(site: Site, user: string, fn: (ctx: Context) => Promise<T>): Promise<T> {
  return withContext(site, user, fn);
}

/** Creates a user with `roles` and returns its name. */
export async function createUser(
  site: Site,
  email: string,
  roles: readonly string[],
): Promise<string> {
  const user = await as(site, 'Administrator', (ctx) =>
    insertDoc(ctx, {
      doctype: 'User',
      email,
      first_name: email.split('@')[0],
      roles: roles.map((role) => ({ doctype: 'Has Role', role })),
    }),
  );
  return String(user.name);
}
