import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeServerMessages } from '@cortado/protocol';
import { guestAuthenticator } from '../../../src/http/authenticator.js';
import { itScenarios, runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';

const SITE = 'shell.localhost';
const ORIGIN = 'https://app.example.com';

const scenarios: ApiScenario[] = [
  {
    name: 'ping answers pong to guests',
    url: '/api/method/ping',
    status: 200,
    contains: [{ message: 'pong' }],
  },
  {
    name: 'ping over POST',
    method: 'POST',
    url: '/api/method/ping',
    status: 200,
    contains: [{ message: 'pong' }],
  },
  {
    name: 'v1 prefix alias',
    url: '/api/v1/method/ping',
    status: 200,
    contains: [{ message: 'pong' }],
  },
  {
    name: 'v2 ping answers data',
    url: '/api/v2/method/ping',
    status: 200,
    contains: [{ data: 'pong' }],
  },
  {
    name: 'version is a string',
    url: '/api/method/version',
    status: 200,
    contains: ['"message":"15.'],
  },
  {
    name: 'JSON compact with Frappe content type and no-store',
    url: '/api/method/ping',
    status: 200,
    check: (res) => {
      assert.equal(res.body, '{"message":"pong"}');
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.headers['cache-control'], 'no-store,no-cache,must-revalidate,max-age=0');
    },
  },
  { name: 'liveness', url: '/api/health/live', status: 200, contains: [{ status: 'ok' }] },
  {
    name: 'readiness with the database up',
    url: '/api/health/ready',
    status: 200,
    contains: [{ status: 'ok' }],
  },
  {
    name: 'get_logged_user as Guest is 403 not whitelisted',
    url: '/api/method/frappe.auth.get_logged_user',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
    notContains: ['key:exception', 'key:exc'],
    check: (res) => {
      const [message] = decodeServerMessages(
        res.json<{ _server_messages: string }>()._server_messages,
      );
      assert.match(message?.message ?? '', /is not whitelisted/);
      assert.equal(message?.title, 'Method Not Allowed');
    },
  },
  {
    name: 'get_logged_user as a user',
    url: '/api/method/frappe.auth.get_logged_user',
    headers: { 'x-test-user': 'Administrator' },
    status: 200,
    contains: [{ message: 'Administrator' }],
  },
  {
    name: 'unknown /api route is a bare 404',
    url: '/api/rest',
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
    notContains: ['_server_messages'],
  },
  {
    name: 'unknown route in v2',
    url: '/api/v2/nope',
    status: 404,
    contains: [{ errors: [{ type: 'DoesNotExistError' }] }],
  },
  {
    name: 'a path parameter over the router limit is 417 with a Frappe body',
    url: `/api/resource/${'x'.repeat(1200)}`,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'too long'],
    notContains: ['FST_ERR'],
  },
  {
    name: 'a malformed percent-encoding is 417 with a Frappe body',
    url: '/api/resource/ToDo/%E0%A4%A',
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Malformed URL'],
    notContains: ['FST_ERR'],
  },
  {
    name: 'malformed JSON is 417, not 500',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'content-type': 'application/json' },
    body: '{"a":',
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Invalid JSON'],
  },
  {
    name: 'a JSON scalar body is Invalid request arguments',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'content-type': 'application/json' },
    body: '42',
    status: 417,
    contains: ['Invalid request arguments'],
  },
  {
    name: 'an empty JSON body falls back to the query string',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'content-type': 'application/json' },
    body: '',
    status: 200,
  },
  {
    name: 'unsupported content type is 415',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'content-type': 'application/x-unknown' },
    body: 'zzz',
    status: 415,
    contains: [{ exc_type: 'UnsupportedMediaType' }],
  },
  {
    name: 'body above max_file_size is 413',
    method: 'POST',
    url: '/api/method/ping',
    body: { blob: 'x'.repeat(3000) },
    status: 413,
    contains: [{ exc_type: 'RequestEntityTooLarge' }],
  },
  {
    name: 'site by X-Frappe-Site-Name',
    url: '/api/method/ping',
    headers: { 'x-frappe-site-name': SITE },
    status: 200,
  },
  {
    name: 'site by Host with a port',
    url: '/api/method/ping',
    headers: { host: `${SITE}:8000` },
    status: 200,
  },
  {
    name: 'unknown site header is 404',
    url: '/api/method/ping',
    headers: { 'x-frappe-site-name': 'other.localhost' },
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  },
  {
    name: 'path-like site names never resolve',
    url: '/api/method/ping',
    headers: { 'x-frappe-site-name': '../etc' },
    status: 404,
  },
  {
    name: 'request id is echoed when sane',
    url: '/api/method/ping',
    headers: { 'x-request-id': 'abc-123' },
    status: 200,
    responseHeaders: { 'x-request-id': 'abc-123' },
  },
  {
    name: 'CORS preflight from an allowed origin',
    method: 'OPTIONS',
    url: '/api/resource/ToDo',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
    status: 200,
    responseHeaders: {
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '86400',
    },
    check: (res) => assert.equal(res.body, ''),
  },
  {
    name: 'CORS preflight from another origin gets no CORS headers',
    method: 'OPTIONS',
    url: '/api/resource/ToDo',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    status: 200,
    responseHeaders: { 'access-control-allow-origin': null, 'access-control-allow-methods': null },
  },
  {
    name: 'CORS on a simple request echoes the origin',
    url: '/api/method/ping',
    headers: { origin: ORIGIN },
    status: 200,
    responseHeaders: {
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': null,
    },
  },
  {
    name: 'CSRF: cookie-session POST without a token is 400',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'x-test-user': 'Administrator', 'x-test-session-csrf': 'T' },
    status: 400,
    contains: [{ exc_type: 'CSRFTokenError' }, 'Invalid Request'],
    notContains: ['key:exception', 'key:exc'],
  },
  {
    name: 'CSRF: the right header passes',
    method: 'POST',
    url: '/api/method/ping',
    headers: {
      'x-test-user': 'Administrator',
      'x-test-session-csrf': 'T',
      'x-frappe-csrf-token': 'T',
    },
    status: 200,
  },
  {
    name: 'CSRF: the csrf_token argument passes',
    method: 'POST',
    url: '/api/method/ping?csrf_token=T',
    headers: { 'x-test-user': 'Administrator', 'x-test-session-csrf': 'T' },
    status: 200,
  },
  {
    name: 'CSRF: a wrong token is 400',
    method: 'POST',
    url: '/api/method/ping',
    headers: {
      'x-test-user': 'Administrator',
      'x-test-session-csrf': 'T',
      'x-frappe-csrf-token': 'U',
    },
    status: 400,
  },
  {
    name: 'CSRF: GET is never checked',
    url: '/api/method/ping',
    headers: { 'x-test-user': 'Administrator', 'x-test-session-csrf': 'T' },
    status: 200,
  },
  {
    name: 'CSRF: token-authenticated POST needs no token',
    method: 'POST',
    url: '/api/method/ping',
    headers: { 'x-test-user': 'Administrator' },
    status: 200,
  },
];

describe('HTTP shell pipeline', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({
      name: SITE,
      config: { allow_cors: [ORIGIN], max_file_size: 2048, enforce_csrf: true },
      migrate: true,
    });
  });
  after(() => t.close());

  itScenarios(scenarios, () => t.app);

  it('generates a request id when none (or a hostile one) is sent', async () => {
    const res = await t.app.inject({
      url: '/api/method/ping',
      headers: { 'x-request-id': 'a b\n' },
    });
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});

describe('CSRF enforcement off (the default)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ migrate: true });
  });
  after(() => t.close());

  it('lets a cookie-session POST through without a token', async () => {
    await runScenario(t.app, {
      name: 'csrf off',
      method: 'POST',
      url: '/api/method/ping',
      headers: { 'x-test-user': 'Administrator', 'x-test-session-csrf': 'T' },
      status: 200,
    });
  });

  it('answers preflights without CORS headers when allow_cors is unset', async () => {
    await runScenario(t.app, {
      name: 'no allow_cors',
      method: 'OPTIONS',
      url: '/api/method/ping',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      status: 200,
      responseHeaders: { 'access-control-allow-origin': null },
    });
  });
});

describe('default authenticator', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ authenticate: guestAuthenticator });
  });
  after(() => t.close());

  itScenarios(
    [
      {
        name: 'a Bearer token with no provider is 401',
        url: '/api/method/ping',
        headers: { authorization: 'Bearer abc' },
        status: 401,
        contains: [{ exc_type: 'AuthenticationError' }],
      },
      {
        name: 'a malformed Authorization header stays Guest',
        url: '/api/method/ping',
        headers: { authorization: 'Bearer' },
        status: 200,
      },
      { name: 'no header is Guest', url: '/api/method/ping', status: 200 },
    ],
    () => t.app,
  );
});

describe('readiness with the database down', () => {
  it('answers 503 ServiceUnavailableError', async () => {
    const t = await buildTestApp();
    try {
      await t.database.db.close();
      await runScenario(t.app, {
        name: 'ready down',
        url: '/api/health/ready',
        status: 503,
        contains: [{ exc_type: 'ServiceUnavailableError' }],
      });
      await runScenario(t.app, { name: 'live still up', url: '/api/health/live', status: 200 });
    } finally {
      await t.app.close();
      await t.database.drop().catch(() => undefined);
    }
  });
});
