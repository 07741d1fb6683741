import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { setUserPassword } from '../../../src/features/auth/user-password.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { plain, startSmtp } from '../../helpers/smtp-sink.js';
import {
  ADMIN_PASSWORD,
  JANE,
  WEB,
  buildAuthApp,
  cookiesOf,
  setSystemSettings,
  type AuthTestApp,
} from './auth.fixtures.js';

interface Harness {
  t: AuthTestApp;
  url: string;
  readonly smtp: Awaited<ReturnType<typeof startSmtp>>;
  readonly sms: Array<{ to: string; message: string }>;
  clock: number;
}

async function harness(dialect: (typeof DIALECTS)[number]): Promise<Harness> {
  const smtp = await startSmtp();
  const sms: Harness['sms'] = [];
  const h = { smtp, sms, clock: Date.now() } as Harness;
  h.t = await buildAuthApp({
    dialect,
    config: { mail_server: '127.0.0.1', mail_port: smtp.port },
    settings: { enable_two_factor_auth: '1', two_factor_method: 'OTP App' },
    authOptions: {
      now: () => h.clock,
      sms: { send: async (to, message) => void sms.push({ to, message }) },
    },
  });
  await h.t.site.db.kysely
    .updateTable('tabRole')
    .set({ two_factor_auth: 1 })
    .where('name', '=', 'System Manager')
    .execute();
  h.url = await h.t.app.listen({ port: 0, host: '127.0.0.1' });
  return h;
}

async function post(h: Harness, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const cookies = cookiesOf({ 'set-cookie': res.headers.getSetCookie() });
  return { status: res.status, body: (await res.json()) as any, cookies, headers: res.headers };
}

const login = (h: Harness, body: unknown) => post(h, '/api/method/login', body);
const sidOf = (cookies: Map<string, string>) =>
  /^sid=([0-9a-f]{56});/.exec(cookies.get('sid') ?? '')?.[1];

const totpAt = (secret: string, timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

async function settings(h: Harness, values: Record<string, string>) {
  await setSystemSettings(h.t.site.db.kysely, values);
}

for (const dialect of DIALECTS) {
  describe(`two-factor login (${dialect})`, () => {
    let h: Harness;
    let secret = '';
    before(async () => (h = await harness(dialect)));
    after(async () => {
      await h.t.close();
      await h.smtp.close();
    });

    it('first OTP App login mails the setup QR code and answers tmp_id without a session', async () => {
      const seen = h.smtp.mails.length;
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.equal(step1.status, 200, JSON.stringify(step1.body));
      assert.deepEqual(Object.keys(step1.body).sort(), ['tmp_id', 'verification']);
      assert.match(step1.body.tmp_id, /^[0-9a-f]+$/);
      assert.equal(step1.body.verification.token_delivery, true);
      assert.equal(step1.body.verification.method, 'Email');
      assert.equal(sidOf(step1.cookies), undefined, 'no session before the second factor');
      const mail = await h.smtp.nth(seen);
      assert.equal(mail.to, JANE.user);
      const uri = /otpauth:\/\/totp\/\S+/.exec(plain(mail.raw))?.[0] ?? '';
      secret = /[?&]secret=([A-Z2-7]+)/.exec(uri)?.[1] ?? '';
      assert.ok(secret.length >= 32, `secret in ${uri}`);
      assert.match(mail.raw, /Content-Type: image\/png/i);

      const step2 = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(step2.status, 200, JSON.stringify(step2.body));
      assert.equal(step2.body.message, 'Logged In');
      assert.equal(step2.body.full_name, 'Jane Doe');
      const sid = sidOf(step2.cookies);
      assert.ok(sid);
      const who = await fetch(`${h.url}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${sid}` },
      });
      assert.deepEqual(await who.json(), { message: JANE.user });
    });

    it('after setup the app is asked for; a used code is refused, the next step accepted', async () => {
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.deepEqual(step1.body.verification, { method: 'OTP App', setup: true });
      const replay = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(replay.status, 401);
      assert.equal(replay.body.message, 'Incorrect Verification code');
      assert.equal(replay.body.exc_type, 'AuthenticationError');
      assert.equal(sidOf(replay.cookies), undefined);
      h.clock += 30_000;
      const ok = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(sidOf(ok.cookies));
      const again = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(again.status, 401, 'the tmp_id is single-use');
      assert.equal(again.body.message, 'Login session expired, refresh page to retry');
    });

    it('a wrong or malformed code is 401; an expired tmp_id is 401 even with the right code', async () => {
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      const right = totpAt(secret, h.clock);
      for (const otp of [right === '000000' ? '999999' : '000000', 'abc']) {
        const wrong = await login(h, { tmp_id: step1.body.tmp_id, otp });
        assert.equal(wrong.status, 401, otp);
        assert.equal(wrong.body.message, 'Incorrect Verification code');
      }
      h.clock += 181_000;
      const late = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(late.status, 401);
      assert.equal(late.body.message, 'Login session expired, refresh page to retry');
      const unknown = await login(h, { tmp_id: 'feedface', otp: '123456' });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.message, 'Login session expired, refresh page to retry');
      // A success resets the failure counters for the next tests.
      const step = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      h.clock += 30_000;
      assert.equal(
        (await login(h, { tmp_id: step.body.tmp_id, otp: totpAt(secret, h.clock) })).status,
        200,
      );
    });

    it('a password changed between the steps ends the pending login', async () => {
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      await withContext(h.t.site, 'Administrator', (ctx) =>
        setUserPassword(ctx.uow, JANE.user, JANE.pwd),
      );
      h.clock += 30_000;
      const res = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(res.status, 401);
      assert.equal(sidOf(res.cookies), undefined);
    });

    it('users without a two-factor role, and Administrator, log in with the password alone', async () => {
      const web = await login(h, { usr: WEB.user, pwd: WEB.pwd });
      assert.equal(web.status, 200);
      assert.equal(web.body.message, 'No App');
      const admin = await login(h, { usr: 'Administrator', pwd: ADMIN_PASSWORD });
      assert.equal(admin.body.message, 'Logged In');
    });

    it('Email method: the code arrives through SMTP and logs in', async () => {
      await settings(h, { two_factor_method: 'Email' });
      const seen = h.smtp.mails.length;
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.deepEqual(step1.body.verification, {
        token_delivery: true,
        prompt: 'Verification code has been sent to your registered email address.',
        method: 'Email',
        setup: true,
      });
      const code = /verification code is (\d{6})/.exec(plain((await h.smtp.nth(seen)).raw))?.[1];
      assert.ok(code);
      const step2 = await login(h, { tmp_id: step1.body.tmp_id, otp: code });
      assert.equal(step2.status, 200, JSON.stringify(step2.body));
      assert.ok(sidOf(step2.cookies));
    });

    it('SMS method: the code goes through the pluggable sender; no phone means no delivery', async () => {
      await settings(h, { two_factor_method: 'SMS' });
      const none = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.deepEqual(none.body.verification, {
        token_delivery: false,
        prompt: false,
        method: 'SMS',
        setup: false,
      });
      await h.t.site.db.kysely
        .updateTable('tabUser')
        .set({ mobile_no: '+15551234567' })
        .where('name', '=', JANE.user)
        .execute();
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.equal(step1.body.verification.prompt, 'Enter verification code sent to +155******567');
      const text = h.sms.at(-1);
      assert.equal(text?.to, '+15551234567');
      const code = /(\d{6})/.exec(text?.message ?? '')?.[1] ?? '';
      assert.equal((await login(h, { tmp_id: step1.body.tmp_id, otp: code })).status, 200);
      await settings(h, { two_factor_method: 'OTP App' });
    });

    it('restricted-IP users from an allowed address skip the second factor when the site says so', async () => {
      await h.t.site.db.kysely
        .updateTable('tabUser')
        .set({ restrict_ip: '10.9.9.9, 127.0.0.1' })
        .where('name', '=', JANE.user)
        .execute();
      assert.ok((await login(h, { usr: JANE.user, pwd: JANE.pwd })).body.tmp_id);
      await settings(h, { bypass_2fa_for_retricted_ip_users: '1' });
      const direct = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.equal(direct.body.message, 'Logged In');
      await h.t.site.db.kysely
        .updateTable('tabUser')
        .set({ restrict_ip: '10.9.9.9' })
        .where('name', '=', JANE.user)
        .execute();
      const refused = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.exc_type, 'AuthenticationError');
      await h.t.site.db.kysely
        .updateTable('tabUser')
        .set({ restrict_ip: null })
        .where('name', '=', JANE.user)
        .execute();
      await settings(h, { bypass_2fa_for_retricted_ip_users: '0' });
    });

    it('an administrator resets the secret: the next login sets the app up with a new one', async () => {
      const admin = await login(h, { usr: 'Administrator', pwd: ADMIN_PASSWORD });
      const cookie = `sid=${sidOf(admin.cookies)}`;
      const byJaneless = await post(
        h,
        '/api/method/frappe.twofactor.reset_otp_secret',
        { user: 'nobody@example.com' },
        { cookie },
      );
      assert.equal(byJaneless.status, 404);
      const reset = await post(
        h,
        '/api/method/frappe.twofactor.reset_otp_secret',
        { user: JANE.user },
        { cookie },
      );
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
      const seen = h.smtp.mails.length;
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      assert.equal(step1.body.verification.method, 'Email');
      const uri = /otpauth:\/\/totp\/\S+/.exec(plain((await h.smtp.nth(seen)).raw))?.[0] ?? '';
      const fresh = /[?&]secret=([A-Z2-7]+)/.exec(uri)?.[1] ?? '';
      assert.ok(fresh !== '' && fresh !== secret);
      secret = fresh;
      h.clock += 30_000;
      const ok = await login(h, { tmp_id: step1.body.tmp_id, otp: totpAt(secret, h.clock) });
      assert.equal(ok.status, 200);
      // A user without System Manager may not reset someone else's secret.
      const web = await login(h, { usr: WEB.user, pwd: WEB.pwd });
      const denied = await post(
        h,
        '/api/method/frappe.twofactor.reset_otp_secret',
        { user: JANE.user },
        { cookie: `sid=${sidOf(web.cookies)}` },
      );
      assert.equal(denied.status, 403);
    });

    it('brute force on the code step locks the account: 429 with Retry-After, even for the right code', async () => {
      const step1 = await login(h, { usr: JANE.user, pwd: JANE.pwd });
      const tmp_id = step1.body.tmp_id;
      h.clock += 30_000;
      const right = totpAt(secret, h.clock);
      const wrong = right === '111111' ? '222222' : '111111';
      for (let i = 0; i < 4; i++) {
        const res = await login(h, { tmp_id, otp: wrong });
        assert.equal(res.status, 401, `attempt ${i + 1}`);
      }
      const locked = await login(h, { tmp_id, otp: right });
      assert.equal(locked.status, 429, JSON.stringify(locked.body));
      assert.equal(locked.body.exc_type, 'SecurityException');
      assert.ok(Number(locked.headers.get('retry-after')) > 0);
      assert.equal(sidOf(locked.cookies), undefined);
    });
  });
}
