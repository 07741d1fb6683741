import type { Kysely } from 'kysely';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import type { Site } from '../../../src/engine/site.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import {
  createAuthService,
  type AuthService,
  type AuthServiceOptions,
} from '../../../src/features/auth/auth-service.js';
import { storeApiSecret } from '../../../src/features/auth/api-keys.js';
import { setAdminPassword } from '../../../src/sites/admin-password.js';
import type { SiteConfig } from '../../../src/core/config/site-config.js';
import type { DbType } from '../../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';

/** docs/spec/auth.md §14 fixtures. */
export const JANE = {
  user: 'jane@example.com',
  pwd: 'Secr3t-Pass!',
  key: 'k1a2b3c4d5e6f70',
  secret: 's1a2b3c4d5e6f70',
};
export const WEB = { user: 'web@example.com', pwd: 'Web-Pass-123' };
export const GONE = {
  user: 'gone@example.com',
  pwd: 'Gone-Pass-1',
  key: 'kdisabled000001',
  secret: 'sdisabled000001',
};
export const ADMIN_PASSWORD = 'admin-Pass-9';
export const JANE_BASIC = 'azFhMmIzYzRkNWU2ZjcwOnMxYTJiM2M0ZDVlNmY3MA==';

export interface AuthTestApp extends TestApp {
  readonly auth: AuthService;
}

/** A migrated site with the spec's users, lockout N=3 / L=60, served by the real auth service. */
export async function buildAuthApp(
  options: {
    dialect?: DbType;
    config?: Partial<SiteConfig>;
    settings?: Record<string, string>;
    apps?: readonly AppDefinition[];
    /** Senders and clock for the auth service. */
    authOptions?: AuthServiceOptions;
  } = {},
): Promise<AuthTestApp> {
  const auth = createAuthService(options.authOptions);
  const t = await buildTestApp({
    migrate: true,
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.apps === undefined ? {} : { apps: options.apps }),
    authenticate: auth.authenticate,
    build: { auth },
  });
  await seedAuthFixtures(t.site, options.settings);
  return { ...t, auth, close: async () => (await t.close(), await auth.close()) };
}

export async function seedAuthFixtures(
  site: Site,
  settings: Record<string, string> = {},
): Promise<void> {
  await setAdminPassword(site, ADMIN_PASSWORD);
  await withContext(
    site,
    'Administrator',
    async (ctx) => {
      const user = (email: string, first: string, extra: Record<string, unknown>) =>
        insertDoc(ctx, {
          doctype: 'User',
          email,
          first_name: first,
          send_welcome_email: 0,
          ...extra,
        });
      await user(JANE.user, 'Jane', {
        last_name: 'Doe',
        new_password: JANE.pwd,
        roles: [{ role: 'System Manager' }],
      });
      await user(WEB.user, 'Web', { user_type: 'Website User', new_password: WEB.pwd });
      await user(GONE.user, 'Gone', { enabled: 0, new_password: GONE.pwd });
      for (const { user: name, key, secret } of [JANE, GONE]) {
        await ctx.uow.db
          .updateTable('tabUser')
          .set({ api_key: key })
          .where('name', '=', name)
          .execute();
        await storeApiSecret(ctx.uow.db, name, secret);
      }
      await setSystemSettings(ctx.uow.db, {
        allow_consecutive_login_attempts: '3',
        allow_login_after_fail: '60',
        ...settings,
      });
    },
    { flags: { ignorePermissions: true } },
  );
}

export async function setSystemSettings(
  db: Kysely<any>,
  values: Record<string, string>,
): Promise<void> {
  for (const [field, value] of Object.entries(values)) {
    await db
      .deleteFrom('tabSingles')
      .where('doctype', '=', 'System Settings')
      .where('field', '=', field)
      .execute();
    await db
      .insertInto('tabSingles')
      .values({ doctype: 'System Settings', field, value })
      .execute();
  }
}

/** The `name=value` pairs of a response's Set-Cookie headers, by name. */
export function cookiesOf(headers: Record<string, unknown>): Map<string, string> {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return new Map(list.map((line: string) => [line.split('=')[0] ?? '', line]));
}
