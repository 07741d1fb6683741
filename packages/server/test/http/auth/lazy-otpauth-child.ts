/**
 * Child of lazy-otpauth.test.ts: a site served with the real auth service;
 * one login without a second factor, then (after a `phase` line on stdout)
 * one with it. The parent watches which packages the process resolves.
 */
import { JANE, buildAuthApp, setSystemSettings } from './auth.fixtures.js';

const t = await buildAuthApp({ dialect: 'sqlite' });
const login = async () =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/method/login',
      payload: { usr: JANE.user, pwd: JANE.pwd },
    })
  ).json() as Record<string, unknown>;
process.stdout.write(`password-only ${JSON.stringify(await login())}\n`);
await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '1' });
await t.site.db.kysely
  .updateTable('tabRole')
  .set({ two_factor_auth: 1 })
  .where('name', '=', 'System Manager')
  .execute();
process.stdout.write(`two-factor ${JSON.stringify(await login())}\n`);
await t.close();
