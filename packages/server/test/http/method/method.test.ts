import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeServerMessages } from '@cortado/protocol';
import { itScenarios, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { methodTestApp } from './method.fixtures.js';
import { REPO_ROOT } from '../../helpers/source-tree.js';

const ADMIN = { 'x-test-user': 'Administrator' };

/** `_server_messages` decoded three times: body → string → strings → objects. */
function messagesOf(body: string) {
  const encoded = (JSON.parse(body) as { _server_messages?: unknown })._server_messages;
  assert.equal(typeof encoded, 'string');
  return decodeServerMessages(encoded as string);
}

const scenarios: ApiScenario[] = [
  {
    name: 'query args reach the function',
    url: '/api/method/method_test.api.echo?a=1&b=x',
    status: 200,
    contains: [{ message: { a: '1', b: 'x' } }],
  },
  {
    name: 'form fields override query args; first of repeated keys wins',
    method: 'POST',
    url: '/api/method/method_test.api.echo?a=q&c=1&c=2',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=form',
    status: 200,
    contains: [{ message: { a: 'form', c: '1' } }],
  },
  {
    name: 'a JSON body replaces the query string and keeps JSON types',
    method: 'POST',
    url: '/api/method/method_test.api.echo?ignored=1',
    body: { n: 2, ok: true, list: [1] },
    status: 200,
    contains: [{ message: { n: 2, ok: true, list: [1] } }],
    notContains: ['ignored'],
  },
  {
    name: 'a JSON array body becomes data',
    method: 'POST',
    url: '/api/method/method_test.api.echo',
    body: [0, 1, 2],
    status: 200,
    contains: [{ message: { data: [0, 1, 2] } }],
  },
  {
    name: 'plumbing keys never reach the function',
    url: '/api/method/method_test.api.echo?cmd=x&_=1&sid=s&ignore_permissions=1&flags=1&keep=1',
    status: 200,
    contains: [{ message: { keep: '1' } }],
    notContains: ['cmd', 'sid', 'ignore_permissions', 'flags'],
  },
  {
    name: 'only the path before a slash names the method',
    url: '/api/method/method_test.api.zero/ignored',
    status: 200,
    contains: [{ message: 0 }],
  },
  {
    name: 'a falsy return value is kept',
    url: '/api/method/method_test.api.zero',
    status: 200,
    check: (r) => assert.equal(r.body, '{"message":0}'),
  },
  {
    name: 'no return value omits message',
    url: '/api/method/method_test.api.nothing',
    status: 200,
    check: (r) => assert.equal(r.body, '{}'),
  },
  {
    name: 'v2 with no return value has no data',
    url: '/api/v2/method/method_test.api.nothing',
    status: 200,
    check: (r) => assert.equal(r.body, '{}'),
  },
  {
    name: 'guest on a non-guest method is 403',
    url: '/api/method/method_test.api.private',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'not whitelisted'],
  },
  {
    name: 'a user on a non-guest method',
    url: '/api/method/method_test.api.private',
    headers: ADMIN,
    status: 200,
    contains: [{ message: 'Administrator' }],
  },
  {
    name: 'GET on a POST-only method is 403 Not permitted',
    url: '/api/method/method_test.api.post_only',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'Not permitted'],
  },
  {
    name: 'POST on a POST-only method',
    method: 'POST',
    url: '/api/method/method_test.api.post_only',
    status: 200,
    contains: [{ message: 'posted' }],
  },
  {
    name: 'PATCH is never allowed by default',
    method: 'PATCH',
    url: '/api/method/method_test.api.echo',
    status: 403,
  },
  {
    name: 'unknown method keeps Frappe 417 and leaks no paths',
    url: '/api/method/nosuchapp.api.fn',
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
    notContains: [fileURLToPath(REPO_ROOT).replace(/\/$/, ''), 'node_modules', '.ts', '.js'],
    check: (r) =>
      assert.match(
        messagesOf(r.body)[0]?.message ?? '',
        /^Failed to get method for command nosuchapp\.api\.fn with/,
      ),
  },
  {
    name: 'unknown method names are HTML-escaped in the message',
    url: '/api/method/%3Cscript%3E',
    status: 417,
    notContains: ['<script>'],
  },
  {
    name: 'typed params coerce lax strings',
    url: '/api/method/method_test.api.typed?count=20&ratio=0.5&flag=false&filters=%7B%22a%22%3A1%7D',
    status: 200,
    contains: [{ message: { count: 20, ratio: 0.5, flag: false, filters: { a: 1 } } }],
  },
  {
    name: 'a bad int is FrappeTypeError 417 naming the argument',
    url: '/api/method/method_test.api.typed?count=abc',
    status: 417,
    contains: [{ exc_type: 'FrappeTypeError' }],
    check: (r) =>
      assert.match(
        messagesOf(r.body)[0]?.message ?? '',
        /Argument 'count' in 'method_test\.api\.typed' should be of type 'int' but got 'str'/,
      ),
  },
  {
    name: 'a missing required param is 417',
    url: '/api/method/method_test.api.typed',
    status: 417,
    contains: [{ exc_type: 'FrappeTypeError' }, 'count'],
  },
  {
    name: 'bad JSON for a json param is 417',
    url: '/api/method/method_test.api.typed?count=1&filters=%7B',
    status: 417,
    contains: ['filters'],
  },
  {
    name: 'guest strings with markup are sanitised',
    url: '/api/method/method_test.api.echo?html=%3Cb%3Eok%3C%2Fb%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&plain=a%20%26%20b',
    status: 200,
    contains: [{ message: { html: '<b>ok</b>', plain: 'a & b' } }],
  },
  {
    name: 'xss_safe methods get guest input untouched',
    url: '/api/method/method_test.api.safe_echo?html=%3Cscript%3Ex%3C%2Fscript%3E',
    status: 200,
    contains: [{ message: { html: '<script>x</script>' } }],
  },
  {
    name: 'logged-in input is never sanitised',
    url: '/api/method/method_test.api.echo?html=%3Cscript%3Ex%3C%2Fscript%3E',
    headers: ADMIN,
    status: 200,
    contains: [{ message: { html: '<script>x</script>' } }],
  },
  {
    name: 'msgprint on success: no message key, _server_messages decodes thrice',
    url: '/api/method/method_test.api.say?message=Failed',
    status: 200,
    notContains: ['key:message'],
    check: (r) => assert.deepEqual(messagesOf(r.body), [{ message: 'Failed', title: 'Message' }]),
  },
  {
    name: 'msgprint in v2 gives structured messages',
    url: '/api/v2/method/method_test.api.say?message=Failed%20v2',
    status: 200,
    contains: [{ messages: [{ message: 'Failed v2', title: 'Message' }] }],
    notContains: ['key:data'],
  },
  {
    name: 'ValidationError is 417 with the thrown message',
    url: '/api/method/method_test.api.fail?message=Failed',
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
    notContains: ['key:exception', 'key:exc'],
    check: (r) => {
      const [message] = messagesOf(r.body);
      assert.equal(message?.message, 'Failed');
      assert.equal(message?.indicator, 'red');
      assert.equal(message?.raise_exception, 1);
    },
  },
  {
    name: 'v2 error merges the raised message',
    url: '/api/v2/method/method_test.api.fail?message=Failed%20v2',
    status: 417,
    contains: [
      {
        errors: [
          { type: 'ValidationError', message: 'Failed v2', title: 'Message', indicator: 'red' },
        ],
      },
    ],
    notContains: ['raise_exception', '__frappe_exc_id', 'exception'],
  },
  {
    name: 'a plain Error is a masked 500',
    url: '/api/method/method_test.api.crash',
    headers: ADMIN,
    status: 500,
    contains: [{ exc_type: 'Exception' }],
    notContains: ['secret internal detail', 'TypeError', 'key:exc', 'at '],
  },
];

describe('RPC /api/method', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ apps: [methodTestApp], migrate: true });
  });
  after(() => t.close());

  itScenarios(scenarios, () => t.app);
});

describe('RPC in developer mode', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({
      apps: [methodTestApp],
      config: { developer_mode: true },
      migrate: true,
    });
  });
  after(() => t.close());

  itScenarios(
    [
      {
        name: 'a System User sees exception and exc',
        url: '/api/method/method_test.api.fail?message=Failed',
        headers: ADMIN,
        status: 417,
        contains: [{ exception: 'frappe.exceptions.ValidationError: Failed' }],
        check: (r) => {
          const exc = JSON.parse(r.json<{ exc: string }>().exc) as string[];
          assert.match(exc[0] ?? '', /ValidationError: Failed/);
        },
      },
      {
        name: 'an unexpected error shows its detail',
        url: '/api/method/method_test.api.crash',
        headers: ADMIN,
        status: 500,
        contains: ['secret internal detail', { exc_type: 'Exception' }],
      },
      {
        name: 'Guest never sees tracebacks',
        url: '/api/method/method_test.api.fail',
        status: 417,
        notContains: ['key:exception', 'key:exc'],
      },
      {
        name: '404 never carries tracebacks',
        url: '/api/nope',
        headers: ADMIN,
        status: 404,
        notContains: ['key:exception'],
      },
    ],
    () => t.app,
  );
});
