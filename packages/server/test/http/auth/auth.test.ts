import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionKey } from '../../../src/features/auth/sessions/session-store.js';
import { itScenarios, runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  ADMIN_PASSWORD,
  GONE,
  JANE,
  JANE_BASIC,
  WEB,
  buildAuthApp,
  cookiesOf,
  type AuthTestApp,
} from './auth.fixtures.js';

const WHO = '/api/method/frappe.auth.get_logged_user';
const token = (key: string, secret: string) => ({ authorization: `token ${key}:${secret}` });
const basic = (text: string) => ({
  authorization: `Basic ${Buffer.from(text).toString('base64')}`,
});

async function loginSid(t: AuthTestApp, usr: string, pwd: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/method/login',
    payload: { usr, pwd },
  });
  assert.equal(res.statusCode, 200, res.body);
  const sid = /^sid=([0-9a-f]{56});/.exec(cookiesOf(res.headers).get('sid') ?? '')?.[1];
  assert.ok(sid, 'login sets a 56-hex sid');
  return sid;
}

const expiresAuthCookies = (res: { headers: Record<string, unknown> }) => {
  const cookies = cookiesOf(res.headers);
  for (const name of ['sid', 'user_id', 'full_name', 'user_image', 'system_user']) {
    assert.match(cookies.get(name) ?? '', /Expires=/, `${name} is expired`);
  }
};

const headerScenarios: ApiScenario[] = [
  {
    name: 'AV-01 token',
    url: WHO,
    headers: token(JANE.key, JANE.secret),
    status: 200,
    contains: [{ message: JANE.user }],
    responseHeaders: { 'set-cookie': null },
  },
  {
    name: 'AV-02 Basic',
    url: WHO,
    headers: { authorization: `Basic ${JANE_BASIC}` },
    status: 200,
    contains: [{ message: JANE.user }],
  },
  {
    name: 'AV-03 scheme case',
    url: WHO,
    headers: { authorization: `TOKEN ${JANE.key}:${JANE.secret}` },
    status: 200,
    contains: [{ message: JANE.user }],
  },
  {
    name: 'AV-04 wrong secret',
    url: WHO,
    headers: token(JANE.key, 'wrongsecret0000'),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
    notContains: ['key:_server_messages'],
    check: expiresAuthCookies,
  },
  {
    name: 'AV-05 unknown key',
    url: WHO,
    headers: token('nosuchkey000000', JANE.secret),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'AV-06 disabled user key',
    url: WHO,
    headers: token(GONE.key, GONE.secret),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'token without colon',
    url: WHO,
    headers: { authorization: `token ${JANE.key}${JANE.secret}` },
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'token with two colons',
    url: WHO,
    headers: token(JANE.key, `${JANE.secret}:x`),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'empty secret',
    url: WHO,
    headers: token(JANE.key, ''),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'AV-07 Basic not base64',
    url: WHO,
    headers: { authorization: 'Basic abc' },
    status: 400,
    contains: [
      { exc_type: 'InvalidAuthorizationToken' },
      'Failed to decode token, please provide a valid base64-encoded token.',
    ],
  },
  {
    name: 'AV-08 Basic without colon',
    url: WHO,
    headers: { authorization: 'Basic azFhMmIzYzRkNWU2Zjcw' },
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'Basic wrong secret',
    url: WHO,
    headers: basic(`${JANE.key}:nope`),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'AV-09 one-part header is ignored',
    url: WHO,
    headers: { authorization: 'Bearer' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'three-part header is ignored',
    url: WHO,
    headers: { authorization: `token ${JANE.key}:${JANE.secret} x` },
    status: 403,
  },
  {
    name: 'AV-10 unsupported scheme on a guest method',
    url: '/api/method/ping',
    headers: { authorization: 'Negotiate abcdef' },
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'Bearer before OAuth exists',
    url: WHO,
    headers: { authorization: 'Bearer sometoken' },
    status: 401,
    contains: [{ exc_type: 'AuthenticationError' }],
  },
  {
    name: 'AV-11 no credentials',
    url: WHO,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
    check: (res) => {
      const cookies = cookiesOf(res.headers);
      assert.match(cookies.get('sid') ?? '', /^sid=Guest;.*HttpOnly/);
      assert.match(cookies.get('system_user') ?? '', /^system_user=no;/);
    },
  },
  {
    name: 'v2 bad token body',
    url: '/api/v2/method/frappe.auth.get_logged_user',
    headers: token(JANE.key, 'bad'),
    status: 401,
    contains: [{ errors: [{ type: 'AuthenticationError' }] }],
  },
];

const loginScenarios: ApiScenario[] = [
  {
    name: 'AV-15 wrong password',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: WEB.user, pwd: 'nope' },
    status: 401,
    contains: [{ message: 'Invalid login credentials', exc_type: 'AuthenticationError' }],
  },
  {
    name: 'AV-16 unknown user',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: 'nobody@example.com', pwd: 'x' },
    status: 401,
    contains: [{ message: 'Invalid login credentials' }],
  },
  {
    name: 'AV-17 incomplete',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: WEB.user },
    status: 401,
    contains: [{ message: 'Incomplete login details' }],
  },
  {
    name: 'AV-18 disabled user',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: GONE.user, pwd: GONE.pwd },
    status: 401,
    contains: [{ message: 'User disabled or missing' }],
  },
  {
    name: 'Guest cannot log in',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: 'Guest', pwd: 'x' },
    status: 401,
    contains: [{ message: 'Invalid login credentials' }],
  },
  {
    name: 'oversized password',
    method: 'POST',
    url: '/api/method/login',
    body: { usr: WEB.user, pwd: 'x'.repeat(513) },
    status: 401,
    contains: [{ message: 'Password size exceeded the maximum allowed size' }],
  },
  {
    name: 'AV-14 website user, form body',
    method: 'POST',
    url: '/api/method/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `usr=${encodeURIComponent(WEB.user)}&pwd=${encodeURIComponent(WEB.pwd)}`,
    status: 200,
    contains: [{ message: 'No App', full_name: 'Web' }],
    check: (res) =>
      assert.match(cookiesOf(res.headers).get('system_user') ?? '', /^system_user=no/),
  },
  {
    name: 'Administrator login',
    method: 'POST',
    url: '/api/v2/method/login',
    body: { usr: 'Administrator', pwd: ADMIN_PASSWORD },
    status: 200,
    contains: [{ message: 'Logged In', home_page: '/app', full_name: 'Administrator' }],
  },
];

describe('auth over HTTP (sqlite)', () => {
  let t: AuthTestApp;
  // The failure scenarios all come from one IP; locking is tested on its own below.
  before(
    async () =>
      void (t = await buildAuthApp({ settings: { allow_consecutive_login_attempts: '0' } })),
  );
  after(() => t.close());

  describe('Authorization header', () => itScenarios(headerScenarios, () => t.app));
  describe('password login', () => itScenarios(loginScenarios, () => t.app));

  it('AV-12/13/19/20 login by any case, then cookie and ?sid= reuse', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/method/login',
      payload: { usr: 'JANE@EXAMPLE.COM', pwd: JANE.pwd },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      { ...(res.json() as object), csrf_token: 'x' },
      { message: 'Logged In', home_page: '/app', full_name: 'Jane Doe', csrf_token: 'x' },
    );
    const cookies = cookiesOf(res.headers);
    assert.match(
      cookies.get('sid') ?? '',
      /^sid=[0-9a-f]{56}; Max-Age=864000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    assert.match(cookies.get('user_id') ?? '', /^user_id=jane%40example\.com;/);
    assert.match(cookies.get('full_name') ?? '', /^full_name=Jane%20Doe;/);
    const sid = /^sid=(\w+)/.exec(cookies.get('sid') ?? '')?.[1] ?? '';
    const byCookie = await t.app.inject({ url: WHO, cookies: { sid } });
    assert.deepEqual(byCookie.json(), { message: JANE.user });
    assert.match(
      cookiesOf(byCookie.headers).get('sid') ?? '',
      new RegExp(`^sid=${sid}; Max-Age=864000`),
    );
    assert.deepEqual((await t.app.inject({ url: `${WHO}?sid=${sid}` })).json(), {
      message: JANE.user,
    });
  });

  it('the stores hold only a hash of the sid', async () => {
    const sid = await loginSid(t, WEB.user, WEB.pwd);
    const rows = await t.site.db.kysely.selectFrom('tabSessions').select('sid').execute();
    assert.ok(rows.some((row) => row.sid === sessionKey(sid)));
    assert.ok(!rows.some((row) => row.sid === sid));
  });

  it('AV-21 logout ends the session; the old sid is session_expired', async () => {
    const sid = await loginSid(t, JANE.user, JANE.pwd);
    const out = await t.app.inject({ method: 'POST', url: '/api/method/logout', cookies: { sid } });
    assert.equal(out.statusCode, 200);
    assert.deepEqual(out.json(), {});
    expiresAuthCookies(out);
    const again = await t.app.inject({ url: WHO, cookies: { sid } });
    assert.equal(again.statusCode, 403);
    assert.equal(again.json().session_expired, 1);
    expiresAuthCookies(again);
  });

  it('AV-22 an idle session past its expiry is Guest with session_expired', async () => {
    const sid = await loginSid(t, JANE.user, JANE.pwd);
    const key = sessionKey(sid);
    const row = await t.site.db.kysely
      .selectFrom('tabSessions')
      .select('sessiondata')
      .where('sid', '=', key)
      .executeTakeFirstOrThrow();
    const old = new Date(Date.now() - (864000 + 1) * 1000).toISOString();
    const data = { ...JSON.parse(String(row.sessiondata)), last_updated: old };
    await t.site.db.kysely
      .updateTable('tabSessions')
      .set({ sessiondata: JSON.stringify(data) })
      .where('sid', '=', key)
      .execute();
    const res = await t.app.inject({ url: '/api/method/ping', cookies: { sid } });
    assert.deepEqual(res.json(), { message: 'pong', session_expired: 1 });
    const gone = await t.site.db.kysely
      .selectFrom('tabSessions')
      .select('sid')
      .where('sid', '=', key)
      .executeTakeFirst();
    assert.equal(gone, undefined, 'the expired row is deleted');
  });

  it('a sid from another site is unknown here', async () => {
    const other = await buildAuthApp();
    try {
      const foreign = await loginSid(other, JANE.user, JANE.pwd);
      const res = await t.app.inject({ url: WHO, cookies: { sid: foreign } });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().session_expired, 1);
    } finally {
      await other.close();
    }
  });

  it('AV-29 the cookie user wins over a valid token', async () => {
    const sid = await loginSid(t, WEB.user, WEB.pwd);
    const res = await t.app.inject({
      url: WHO,
      cookies: { sid },
      headers: token(JANE.key, JANE.secret),
    });
    assert.deepEqual(res.json(), { message: WEB.user });
  });

  it('a new password and disabling a user end their sessions', async () => {
    const sid = await loginSid(t, WEB.user, WEB.pwd);
    const admin = await loginSid(t, 'Administrator', ADMIN_PASSWORD);
    const put = (body: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/resource/User/${WEB.user}`,
        cookies: { sid: admin },
        payload: body,
      });
    assert.equal((await put({ new_password: 'An0ther-Pass!' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: WHO, cookies: { sid } })).json().session_expired, 1);
    const fresh = await loginSid(t, WEB.user, 'An0ther-Pass!');
    assert.equal((await put({ enabled: 0 })).statusCode, 200);
    assert.equal(
      (await t.app.inject({ url: WHO, cookies: { sid: fresh } })).json().session_expired,
      1,
    );
    await put({ enabled: 1, new_password: WEB.pwd });
    const read = await t.app.inject({
      url: `/api/resource/User/${WEB.user}`,
      cookies: { sid: admin },
    });
    assert.ok(!read.body.includes('An0ther-Pass!') && !read.body.includes(WEB.pwd));
  });

  it('AV-27/28 generate_keys: System Managers only, POST only, old secret dies at once', async () => {
    const jane = await loginSid(t, JANE.user, JANE.pwd);
    const web = await loginSid(t, WEB.user, WEB.pwd);
    const gen = (sid: string, method: 'GET' | 'POST' = 'POST') =>
      t.app.inject({
        method,
        url: '/api/method/frappe.core.doctype.user.user.generate_keys',
        cookies: { sid },
        payload: { user: WEB.user },
      });
    assert.equal((await gen(web)).statusCode, 403);
    assert.equal((await gen(jane, 'GET')).statusCode, 403);
    const first = (await gen(jane)).json().message;
    assert.match(first.api_secret, /^[0-9a-f]{64}$/);
    const ok = await t.app.inject({ url: WHO, headers: token(first.api_key, first.api_secret) });
    assert.deepEqual(ok.json(), { message: WEB.user });
    const second = (await gen(jane)).json().message;
    assert.equal(second.api_key, first.api_key);
    assert.notEqual(second.api_secret, first.api_secret);
    assert.equal(
      (await t.app.inject({ url: WHO, headers: token(first.api_key, first.api_secret) }))
        .statusCode,
      401,
    );
    assert.equal(
      (await t.app.inject({ url: WHO, headers: token(second.api_key, second.api_secret) }))
        .statusCode,
      200,
    );
  });
});

describe('CSRF on cookie sessions', () => {
  for (const enforce of [true, false]) {
    it(`enforce_csrf=${enforce}`, async () => {
      const t = await buildAuthApp({ config: { enforce_csrf: enforce } });
      try {
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          payload: { usr: JANE.user, pwd: JANE.pwd },
        });
        const csrf = login.json().csrf_token as string;
        const sid = /^sid=(\w+)/.exec(cookiesOf(login.headers).get('sid') ?? '')?.[1] ?? '';
        const post = (headers: Record<string, string>) =>
          t.app.inject({
            method: 'POST',
            url: '/api/resource/ToDo',
            cookies: { sid },
            headers,
            payload: { description: 'x' },
          });
        const bare = await post({});
        if (enforce) {
          assert.equal(bare.statusCode, 400);
          assert.equal(bare.json().exc_type, 'CSRFTokenError');
          assert.equal((await post({ 'x-frappe-csrf-token': 'f'.repeat(56) })).statusCode, 400);
        } else {
          assert.equal(bare.statusCode, 200, bare.body);
        }
        assert.equal((await post({ 'x-frappe-csrf-token': csrf })).statusCode, 200);
        const byToken = await t.app.inject({
          method: 'POST',
          url: '/api/resource/ToDo',
          headers: token(JANE.key, JANE.secret),
          payload: { description: 'y' },
        });
        assert.equal(byToken.statusCode, 200, 'token requests never need the CSRF token');
      } finally {
        await t.close();
      }
    });
  }
});

describe('failed-login lockout (N=3, L=60)', () => {
  it('AV-23/24 user and IP trackers lock with 429 and Retry-After; another IP still logs in', async () => {
    const t = await buildAuthApp();
    try {
      const attempt = (usr: string, pwd: string, ip = '10.0.0.1') =>
        t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          payload: { usr, pwd },
          remoteAddress: ip,
        });
      for (let i = 0; i < 4; i++) assert.equal((await attempt(JANE.user, 'bad')).statusCode, 401);
      const locked = await attempt(JANE.user, JANE.pwd, '10.0.0.9');
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().exc_type, 'SecurityException');
      assert.match(locked.body, /Your account has been locked and will resume after \d+ seconds/);
      assert.ok(
        Number(locked.headers['retry-after']) > 0 && Number(locked.headers['retry-after']) <= 60,
      );
      for (let i = 0; i < 4; i++) await attempt('nobody@example.com', 'x', '10.0.0.2');
      assert.equal(
        (await attempt(WEB.user, WEB.pwd, '10.0.0.2')).statusCode,
        429,
        'the IP is locked for every user',
      );
      assert.equal((await attempt(WEB.user, WEB.pwd, '10.0.0.3')).statusCode, 200);
    } finally {
      await t.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`auth basics on ${dialect}`, () => {
    let t: AuthTestApp;
    before(async () => void (t = await buildAuthApp({ dialect })));
    after(() => t.close());
    it('login, session, token, logout', async () => {
      const sid = await loginSid(t, JANE.user, JANE.pwd);
      await runScenario(t.app, {
        name: 'session',
        url: WHO,
        headers: { cookie: `sid=${sid}` },
        status: 200,
        contains: [{ message: JANE.user }],
      });
      await runScenario(t.app, {
        name: 'token',
        url: WHO,
        headers: token(JANE.key, JANE.secret),
        status: 200,
      });
      await runScenario(t.app, {
        name: 'wrong',
        url: WHO,
        headers: token(JANE.key, 'x'),
        status: 401,
      });
      await runScenario(t.app, {
        name: 'logout',
        method: 'POST',
        url: '/api/method/logout',
        headers: { cookie: `sid=${sid}` },
        status: 200,
      });
      await runScenario(t.app, {
        name: 'after',
        url: WHO,
        headers: { cookie: `sid=${sid}` },
        status: 403,
      });
    });
  });
}
