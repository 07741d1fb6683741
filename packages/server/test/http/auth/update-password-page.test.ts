import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, WEB, buildAuthApp, setSystemSettings, type AuthTestApp } from './auth.fixtures.js';
import { plain, startSmtp } from '../../helpers/smtp-sink.js';

const USER_PATH = '/api/method/frappe.core.doctype.user.user';
/** The Website User's password after the first test sets it through the page. */
const WEB_NEW = 'Page-Web-Pass-741';

interface PageAnswer {
  readonly status: number;
  readonly html: string;
  readonly location: string | null;
  readonly headers: Headers;
  /** Set-Cookie values by cookie name (value only). */
  readonly cookies: Map<string, string>;
}

for (const dialect of DIALECTS) {
  describe(`/update-password page (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let ip = 0;
    before(async () => {
      smtp = await startSmtp();
      t = await buildAuthApp({
        dialect,
        config: {
          mail_server: '127.0.0.1',
          mail_port: smtp.port,
          host_name: 'https://erp.example.com',
          trusted_proxies: ['127.0.0.1'],
          // The logged-in form must satisfy the site-wide CSRF check too.
          enforce_csrf: true,
        },
      });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** One browser-like request; each from its own client address unless told, so the limit bites only where tested. */
    const request = async (
      path: string,
      init: { form?: Record<string, string>; cookie?: string; from?: string } = {},
    ): Promise<PageAnswer> => {
      const headers: Record<string, string> = { 'x-forwarded-for': init.from ?? `10.1.0.${++ip}` };
      if (init.cookie !== undefined) headers.cookie = init.cookie;
      if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(`${url}${path}`, {
        method: init.form === undefined ? 'GET' : 'POST',
        headers,
        redirect: 'manual',
        ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() }),
      });
      const cookies = new Map(
        res.headers.getSetCookie().map((line) => {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)] as [string, string];
        }),
      );
      return {
        status: res.status,
        html: await res.text(),
        location: res.headers.get('location'),
        headers: res.headers,
        cookies,
      };
    };
    const api = async (path: string, body: unknown, cookie?: string) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `10.2.0.${++ip}`,
          ...(cookie === undefined ? {} : { cookie }),
        },
        body: JSON.stringify(body),
      });
      const sid = /(?:^|, )sid=([0-9a-f]{56});/.exec(res.headers.getSetCookie().join(', '))?.[1];
      return { status: res.status, body: (await res.json()) as Record<string, any>, sid };
    };
    const login = (usr: string, pwd: string) => api('/api/method/login', { usr, pwd });
    const loggedUser = async (sid: string) => {
      const res = await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${sid}` },
      });
      return res.status === 200 ? ((await res.json()) as { message: string }).message : res.status;
    };
    const requestReset = async (user: string) => {
      const seen = smtp.mails.length;
      const res = await api(`${USER_PATH}.reset_password`, { user });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const link = /https:\/\/erp\.example\.com(\/update-password\?key=[0-9a-f]+)/.exec(
        plain((await smtp.nth(seen)).raw),
      )?.[1];
      assert.ok(link, 'the mail carries the link to the page');
      return link;
    };
    const tokenOf = (html: string) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    /** Opens the page at `path` (the mailed link) and submits its form with `fields`. */
    const submit = async (
      path: string,
      fields: Record<string, string>,
      options: { cookie?: string; from?: string } = {},
    ) => {
      const shown = await request(path, options);
      assert.equal(shown.status, 200, shown.html);
      const csrf = shown.cookies.get('update_password_csrf');
      const cookie = [
        options.cookie,
        csrf === undefined ? undefined : `update_password_csrf=${csrf}`,
      ]
        .filter(Boolean)
        .join('; ');
      const key = /name="key" value="([^"]*)"/.exec(shown.html)?.[1];
      return request('/update-password', {
        ...options,
        cookie,
        form: { csrf_token: tokenOf(shown.html), ...(key ? { key } : {}), ...fields },
      });
    };
    const both = (password: string) => ({ new_password: password, confirm_password: password });

    it('the mailed link opens a script-free form; it sets the password, logs in and goes home', async () => {
      const link = await requestReset(WEB.user);
      const shown = await request(link);
      assert.equal(shown.status, 200);
      assert.match(shown.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(shown.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(shown.headers.get('cache-control'), 'no-store');
      assert.doesNotMatch(shown.html, /<script/i);
      assert.match(shown.html, /<label for="new-password">New Password<\/label>/);
      assert.match(shown.html, /<label for="confirm-password">Confirm Password<\/label>/);
      assert.doesNotMatch(shown.html, /old_password/, 'a key stands in for the old password');
      assert.match(shown.html, new RegExp(`name="key" value="${link.split('key=')[1]}"`));
      assert.ok(
        shown.cookies.get('update_password_csrf'),
        'a double-submit cookie guards the form',
      );

      const old = await login(WEB.user, WEB.pwd);
      const done = await submit(link, both(WEB_NEW));
      assert.equal(done.status, 303, done.html);
      assert.equal(done.location, '/me', 'a Website User goes to /me');
      const sid = done.cookies.get('sid') ?? '';
      assert.match(sid, /^[0-9a-f]{56}$/, 'the user is logged in, as with the API');
      assert.equal(await loggedUser(sid), WEB.user);
      assert.equal(await loggedUser(old.sid!), 403, 'sessions of the old password are over');
      assert.equal((await login(WEB.user, WEB.pwd)).status, 401);
      assert.equal((await login(WEB.user, WEB_NEW)).body.message, 'No App');

      const again = await submit(link, both('Other-Web-Pass-852'));
      assert.equal(again.status, 410, 'a key is used once');
      assert.match(
        again.html,
        /<p role="alert" id="password-error">The reset password link has either been used before or is invalid<\/p>/,
      );
      assert.equal((await login(WEB.user, WEB_NEW)).body.message, 'No App');
    });

    it('an expired key is refused with Frappe words and changes nothing', async () => {
      const link = await requestReset(JANE.user);
      await setSystemSettings(t.site.db.kysely, { reset_password_link_expiry_duration: '60' });
      try {
        await t.site.db.kysely
          .updateTable('tabUser')
          .set({ last_reset_password_key_generated_on: '2020-01-01 00:00:00.000000' })
          .where('name', '=', JANE.user)
          .execute();
        const res = await submit(link, both('Jane-Late-Pass-963'));
        assert.equal(res.status, 410);
        assert.match(res.html, /role="alert"[^>]*>The reset password link has been expired</);
        assert.doesNotMatch(res.cookies.get('sid') ?? '', /^[0-9a-f]{56}$/, 'no session');
      } finally {
        await setSystemSettings(t.site.db.kysely, { reset_password_link_expiry_duration: '0' });
      }
      assert.equal((await login(JANE.user, JANE.pwd)).status, 200, 'the password is unchanged');
    });

    it('a confirmation that differs, a weak password and a missing CSRF token re-show the form; the key stays valid', async () => {
      const link = await requestReset(JANE.user);
      const mismatch = await submit(link, {
        new_password: 'Jane-Page-Pass-147',
        confirm_password: 'Jane-Page-Pass-148',
      });
      assert.equal(mismatch.status, 417);
      assert.match(mismatch.html, /role="alert"[^>]*>Passwords do not match</);
      assert.match(mismatch.html, /aria-describedby="password-error"/);
      assert.match(mismatch.html, /name="key" value="[0-9a-f]+"/, 'the form keeps the key');

      await setSystemSettings(t.site.db.kysely, {
        enable_password_policy: '1',
        minimum_password_score: '3',
      });
      try {
        const weak = await submit(link, both('abc'));
        assert.equal(weak.status, 417, weak.html);
        assert.match(weak.html, /role="alert"[^>]*>[^<]*easy to guess/, "the policy's message");
      } finally {
        await setSystemSettings(t.site.db.kysely, { enable_password_policy: '0' });
      }

      const key = link.split('key=')[1]!;
      const noToken = await request('/update-password', { form: { key, ...both('Jane-X-1') } });
      assert.equal(noToken.status, 400);
      assert.match(noToken.html, /role="alert"[^>]*>Your form expired/);
      const shown = await request(link);
      const forged = await request('/update-password', {
        cookie: `update_password_csrf=${shown.cookies.get('update_password_csrf')}`,
        form: { key, csrf_token: 'not-the-cookie', ...both('Jane-X-2') },
      });
      assert.equal(forged.status, 400, 'the token must match the cookie');
      assert.equal((await login(JANE.user, JANE.pwd)).status, 200, 'nothing changed so far');

      const done = await submit(link, both('Jane-Page-Pass-147'));
      assert.equal(done.status, 303, done.html);
      assert.equal(done.location, '/app', 'a System User goes to /app');
      const back = await submit(await requestReset(JANE.user), both(JANE.pwd));
      assert.equal(back.status, 303);
    });

    it('a Guest without a key is sent to log in first', async () => {
      const res = await request('/update-password');
      assert.equal(res.status, 302);
      assert.equal(res.location, '/login?redirect-to=/update-password');
      const loginForm = await request(res.location);
      const back = await request('/login', {
        cookie: `login_csrf=${loginForm.cookies.get('login_csrf')}`,
        form: {
          csrf_token: tokenOf(loginForm.html),
          'redirect-to': '/update-password',
          usr: WEB.user,
          pwd: WEB_NEW,
        },
      });
      assert.equal(back.status, 303, back.html);
      assert.equal(
        back.location,
        '/update-password',
        'after login the page asks for the old password',
      );
      const form = await request('/update-password', { cookie: `sid=${back.cookies.get('sid')}` });
      assert.match(form.html, /name="old_password"/);
      const posted = await submit('/update-password?key=abc', both('Whatever-Pass-1'));
      assert.equal(posted.status, 410, 'an unknown key is refused as a used one');
      const noKey = await request('/update-password', { form: both('Whatever-Pass-1') });
      assert.equal(noKey.status, 400, 'a form without its token is refused first');
    });

    it('the forced reset link says the password expired', async () => {
      const res = await request('/update-password?key=abc&password_expired=true');
      assert.equal(res.status, 200);
      assert.match(res.html, /The password of your account has expired/);
    });

    it('a forced reset at the login page leads through the page to a session', async () => {
      await setSystemSettings(t.site.db.kysely, { force_user_to_reset_password: '1' });
      try {
        await t.site.db.kysely
          .updateTable('tabUser')
          .set({ last_password_reset_date: '2020-01-01' })
          .where('name', '=', JANE.user)
          .execute();
        const loginForm = await request('/login?redirect-to=/app');
        const sent = await request('/login', {
          cookie: `login_csrf=${loginForm.cookies.get('login_csrf')}`,
          form: { csrf_token: tokenOf(loginForm.html), usr: JANE.user, pwd: JANE.pwd },
        });
        assert.equal(sent.status, 303, sent.html);
        const link =
          /^https:\/\/erp\.example\.com(\/update-password\?key=[0-9a-f]+&password_expired=true)$/.exec(
            sent.location ?? '',
          )?.[1];
        assert.ok(link, String(sent.location));
        const shown = await request(link);
        assert.match(shown.html, /The password of your account has expired/);
        const done = await submit(link, both('Jane-Forced-Pass-6'));
        assert.equal(done.status, 303, done.html);
        assert.equal(done.location, '/app');
        assert.equal(await loggedUser(done.cookies.get('sid') ?? ''), JANE.user);
      } finally {
        await setSystemSettings(t.site.db.kysely, { force_user_to_reset_password: '0' });
      }
      const back = await submit(await requestReset(JANE.user), both(JANE.pwd));
      assert.equal(back.status, 303);
    });

    it('a logged-in user changes the password with the old one', async () => {
      const session = await login(JANE.user, JANE.pwd);
      const cookie = `sid=${session.sid}`;
      const shown = await request('/update-password', { cookie });
      assert.equal(shown.status, 200);
      assert.match(shown.html, /<label for="old-password">Old Password<\/label>/);
      assert.doesNotMatch(shown.html, /name="key"/);
      assert.equal(shown.cookies.get('update_password_csrf'), undefined, "the session's token");

      const wrong = await submit(
        '/update-password',
        { old_password: 'not-it', ...both('Jane-Changed-1') },
        { cookie },
      );
      assert.equal(wrong.status, 401);
      assert.match(wrong.html, /role="alert"[^>]*>Incorrect User or Password</);
      assert.equal(await loggedUser(session.sid!), JANE.user, 'the session survives');

      const done = await submit(
        '/update-password',
        { old_password: JANE.pwd, ...both('Jane-Changed-1') },
        { cookie },
      );
      assert.equal(done.status, 303, done.html);
      assert.equal(done.location, '/app');
      const fresh = done.cookies.get('sid') ?? '';
      assert.equal(await loggedUser(fresh), JANE.user);
      assert.equal(await loggedUser(session.sid!), 403, 'the old session ended with the change');
      const restored = await submit(
        '/update-password',
        { old_password: 'Jane-Changed-1', ...both(JANE.pwd) },
        { cookie: `sid=${fresh}` },
      );
      assert.equal(restored.status, 303, restored.html);
      assert.equal((await login(JANE.user, JANE.pwd)).status, 200);
    });

    it('a user who must give a second factor gets no session but the login page', async () => {
      const link = await requestReset(JANE.user);
      await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '1' });
      const role = (flag: number) =>
        t.site.db.kysely
          .updateTable('tabRole')
          .set({ two_factor_auth: flag })
          .where('name', '=', 'System Manager')
          .execute();
      await role(1);
      try {
        const done = await submit(link, both('Jane-Second-Pass-5'));
        assert.equal(done.status, 303, done.html);
        assert.equal(done.location, '/login?redirect-to=/app');
        assert.doesNotMatch(done.cookies.get('sid') ?? '', /^[0-9a-f]{56}$/, 'no session');
        const step = await login(JANE.user, 'Jane-Second-Pass-5');
        assert.ok(step.body.tmp_id, 'the new password leads to the second factor');
      } finally {
        await role(0);
        await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '0' });
      }
      const back = await submit(await requestReset(JANE.user), both(JANE.pwd));
      assert.equal(back.status, 303);
    });

    it('hostile input: repeated or oversized fields never answer 500 nor change a password', async () => {
      const shown = await request('/update-password?key=abc');
      const cookie = `update_password_csrf=${shown.cookies.get('update_password_csrf')}`;
      const body = new URLSearchParams([
        ['csrf_token', tokenOf(shown.html)],
        ['key', 'a'],
        ['key', 'b'],
        ['new_password', 'x'.repeat(10_000)],
        ['confirm_password', 'x'.repeat(10_000)],
      ]);
      const res = await fetch(`${url}/update-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: body.toString(),
        redirect: 'manual',
      });
      assert.ok(res.status < 500, String(res.status));
      const script = await submit('/update-password?key=%22%3E%3Cscript%3Ex%3C/script%3E', {
        ...both('Some-Pass-1'),
      });
      assert.equal(script.status, 410);
      assert.doesNotMatch(script.html, /<script>/, 'the key is escaped');
    });

    it('shares the rate limit of update_password: 3 an hour per address, then 429', async () => {
      const from = '10.7.7.7';
      const api429 = await api(`${USER_PATH}.update_password`, { key: 'abc', new_password: 'x' });
      assert.equal(api429.status, 410, 'another address is not limited');
      for (let i = 0; i < 3; i++)
        assert.equal((await submit('/update-password?key=abc', both('P-1'), { from })).status, 410);
      const limited = await submit('/update-password?key=abc', both('P-1'), { from });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.match(limited.html, /role="alert"/);
    });
  });
}
