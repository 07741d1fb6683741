import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  GONE,
  JANE,
  WEB,
  buildAuthApp,
  cookiesOf,
  setSystemSettings,
  type AuthTestApp,
} from './auth.fixtures.js';
import { plain, startSmtp } from '../../helpers/smtp-sink.js';

const SEND = '/api/method/frappe.www.login.send_login_link';
const VIA_KEY = '/api/method/frappe.www.login.login_via_key';

/** docs/spec/auth.md §13 and docs/spec/rate-limiting.md RV-16: login by e-mailed link, through a listening server and a loopback SMTP server. */
for (const dialect of DIALECTS) {
  describe(`login by e-mail link (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let ip = 0;
    /** Added to the auth service's clock, to expire keys without waiting. */
    let skewMs = 0;
    before(async () => {
      smtp = await startSmtp();
      t = await buildAuthApp({
        dialect,
        config: {
          mail_server: '127.0.0.1',
          mail_port: smtp.port,
          host_name: 'https://erp.example.com',
          trusted_proxies: ['127.0.0.1'],
        },
        settings: { login_with_email_link: '1' },
        authOptions: { now: () => Date.now() + skewMs },
      });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** Each call from its own client address unless told, so the per-IP limit only bites where tested. */
    const from = (address?: string) => ({ 'x-forwarded-for': address ?? `10.1.0.${++ip}` });
    const send = async (email: unknown, address?: string) => {
      const res = await fetch(`${url}${SEND}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from(address) },
        body: JSON.stringify({ email }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const visit = async (key: string, address?: string, method = 'GET') => {
      const res = await fetch(`${url}${VIA_KEY}?key=${encodeURIComponent(key)}`, {
        method,
        redirect: 'manual',
        headers: from(address),
      });
      const sid = /^sid=([^;]*);/.exec(
        cookiesOf({ 'set-cookie': res.headers.getSetCookie() }).get('sid') ?? '',
      )?.[1];
      return { res, sid, text: await res.text() };
    };
    /** Sends a link to `email` and returns the key the mail carries. */
    const mailedKey = async (email: string) => {
      const seen = smtp.mails.length;
      const sent = await send(email);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const mail = await smtp.nth(seen);
      assert.equal(mail.to, email);
      const link =
        /https:\/\/erp\.example\.com\/api\/method\/frappe\.www\.login\.login_via_key\?key=([0-9a-f]+)/.exec(
          plain(mail.raw),
        );
      assert.ok(link, 'the mail carries the login link');
      return link[1]!;
    };
    const who = async (sid: string) =>
      (
        (await (
          await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
            headers: { cookie: `sid=${sid}` },
          })
        ).json()) as { message?: string }
      ).message;

    it('the mailed link logs in once: 302 to the desk with a session, then 403 as Guest', async () => {
      const key = await mailedKey(JANE.user);
      const stored = await t.site.db.kysely
        .selectFrom('__Auth')
        .select('name')
        .where('doctype', '=', 'Login Link')
        .execute();
      assert.ok(
        stored.length > 0 && stored.every((row) => row.name !== key),
        'only a hash is stored',
      );
      const first = await visit(key);
      assert.equal(first.res.status, 302);
      assert.equal(first.res.headers.get('location'), 'https://erp.example.com/app');
      assert.match(first.sid ?? '', /^[0-9a-f]{56}$/);
      assert.equal(await who(first.sid!), JANE.user);
      const again = await visit(key);
      assert.equal(again.res.status, 403);
      assert.match(again.res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(again.text, /Not Permitted/);
      assert.match(again.text, /invalid or expired/);
      assert.equal(again.sid, 'Guest');
    });

    it('a Website User lands on /me', async () => {
      const key = await mailedKey(WEB.user);
      const res = await visit(key);
      assert.equal(res.res.status, 302);
      assert.equal(res.res.headers.get('location'), 'https://erp.example.com/me');
    });

    it('an expired link, an unknown key, a disabled user and a POST are refused', async () => {
      await setSystemSettings(t.site.db.kysely, { login_with_email_link_expiry: '1' });
      const key = await mailedKey(JANE.user);
      skewMs = 61_000;
      try {
        assert.equal((await visit(key)).res.status, 403, 'a minute later the key is dead');
      } finally {
        skewMs = 0;
      }
      await setSystemSettings(t.site.db.kysely, { login_with_email_link_expiry: '10' });
      assert.equal((await visit('0'.repeat(56))).res.status, 403);
      assert.equal((await visit('')).res.status, 403);
      const gone = await mailedKey(GONE.user);
      assert.equal((await visit(gone)).res.status, 403, 'a disabled user gets no session');
      const fresh = await mailedKey(JANE.user);
      const posted = await visit(fresh, undefined, 'POST');
      assert.equal(posted.res.status, 403);
      assert.equal((JSON.parse(posted.text) as { exc_type?: string }).exc_type, 'PermissionError');
      assert.equal((await visit(fresh)).res.status, 302, 'the POST did not use the key up');
    });

    it('send_login_link: 404 for an unknown address, nothing when the switch is off', async () => {
      const unknown = await send('nobody@example.com');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.exc_type, 'DoesNotExistError');
      assert.match(
        JSON.stringify(unknown.body),
        /User with email address nobody@example.com does not exist/,
      );
      assert.equal((await send(['jane@example.com'])).status, 404, 'a non-string address');
      await setSystemSettings(t.site.db.kysely, { login_with_email_link: '0' });
      try {
        const seen = smtp.mails.length;
        const off = await send(JANE.user);
        assert.deepEqual([off.status, off.body], [200, {}]);
        assert.equal(smtp.mails.length, seen, 'no mail is sent');
      } finally {
        await setSystemSettings(t.site.db.kysely, { login_with_email_link: '1' });
      }
      const key = await mailedKey(JANE.user);
      await setSystemSettings(t.site.db.kysely, { login_with_email_link: '0' });
      try {
        assert.equal(
          (await visit(key)).res.status,
          403,
          'switched off, earlier links stop working',
        );
      } finally {
        await setSystemSettings(t.site.db.kysely, { login_with_email_link: '1' });
      }
    });

    it('login_via_key is limited per address to rate_limit_email_link_login an hour (RV-16)', async () => {
      const address = '10.2.0.1';
      for (let i = 0; i < 5; i++) assert.equal((await visit('bad', address)).res.status, 403);
      const limited = await visit('bad', address);
      assert.equal(limited.res.status, 429);
      assert.equal(
        (JSON.parse(limited.text) as { exc_type?: string }).exc_type,
        'RateLimitExceededError',
      );
      assert.equal(
        (await visit('bad', '10.2.0.2')).res.status,
        403,
        'another address has its own count',
      );
      await setSystemSettings(t.site.db.kysely, { rate_limit_email_link_login: '1' });
      try {
        assert.equal((await visit('bad', '10.2.0.3')).res.status, 403);
        assert.equal(
          (await visit('bad', '10.2.0.3')).res.status,
          429,
          'the setting is read per call',
        );
        assert.equal((await send(JANE.user, '10.2.0.4')).status, 200);
        assert.equal(
          (await send(JANE.user, '10.2.0.4')).status,
          429,
          'send_login_link shares the setting',
        );
      } finally {
        await setSystemSettings(t.site.db.kysely, { rate_limit_email_link_login: '5' });
      }
    });
  });
}
