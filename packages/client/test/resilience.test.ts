import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CortadoClient,
  DoesNotExistError,
  FrappeError,
  NetworkError,
  NonJsonResponseError,
  RateLimitExceededError,
  RequestAbortedError,
  RequestTimeoutError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
  type ClientOptions,
} from '../src/index.js';
import { json, startLoopback, type Loopback } from './loopback.js';

/*
 * Retries, timeouts, aborts and bad replies against a loopback server that
 * answers as a test scripts it: 429 then 200, HTML from a proxy, silence.
 * Waits are driven by `Retry-After: 0` and a 1 ms backoff, never by sleeping.
 */

async function rejects<E extends Error>(
  promise: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${kind.name}`);
}

describe('@cortado/client resilience', () => {
  let peer: Loopback;
  const client = (extra: Partial<ClientOptions> = {}) =>
    new CortadoClient({
      url: peer.url,
      auth: { type: 'token', apiKey: 'k', apiSecret: 's' },
      retry: { retries: 2, baseDelayMs: 1 },
      ...extra,
    });
  before(async () => void (peer = await startLoopback()));
  after(async () => peer?.close());

  it('429 then 200: the GET is retried after Retry-After and succeeds', async () => {
    peer.handle((_q, s, i) =>
      i === 0
        ? json(s, 429, { exc_type: 'TooManyRequestsError' }, { 'Retry-After': '0' })
        : json(s, 200, { message: 'pong' }),
    );
    assert.equal(await client().xcall('ping', {}, { httpMethod: 'GET' }), 'pong');
    assert.equal(peer.requests.length, 2);
    assert.equal(peer.requests[1]?.headers.authorization, 'token k:s');
  });

  it('429 is retried for a POST too (a rate-limited request did not run)', async () => {
    peer.handle((_q, s, i) =>
      i === 0
        ? json(s, 429, { exc_type: 'TooManyRequestsError' }, { 'Retry-After': '0' })
        : json(s, 200, { message: 'done' }),
    );
    assert.equal(await client().xcall('my.method', { a: 1 }), 'done');
    assert.equal(peer.requests.length, 2);
  });

  it('417 RateLimitExceededError of older Frappe counts as 429', async () => {
    peer.handle((_q, s) =>
      json(s, 417, { exc_type: 'RateLimitExceededError' }, { 'Retry-After': '0' }),
    );
    const error = await rejects(client().xcall('limited'), RateLimitExceededError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfter, 0);
    assert.ok(error instanceof ValidationError);
    assert.equal(peer.requests.length, 3, 'two retries, then the error');
  });

  it('a Retry-After beyond the limit is not waited for', async () => {
    peer.handle((_q, s) =>
      json(s, 429, { exc_type: 'TooManyRequestsError' }, { 'Retry-After': '120' }),
    );
    const error = await rejects(client().getList('ToDo'), TooManyRequestsError);
    assert.equal(error.retryAfter, 120);
    assert.equal(peer.requests.length, 1);
  });

  it('503 is retried for GET but not for POST', async () => {
    peer.handle((_q, s, i) =>
      i === 0
        ? json(s, 503, { exc_type: 'SessionStopped' }, { 'Retry-After': '0' })
        : json(s, 200, { data: [] }),
    );
    assert.deepEqual(await client().getList('ToDo'), []);
    assert.equal(peer.requests.length, 2);
    peer.handle((_q, s) => json(s, 503, { exc_type: 'ServiceUnavailableError' }));
    const error = await rejects(
      client().insert('ToDo', { description: 'x' }),
      ServiceUnavailableError,
    );
    assert.equal(error.status, 503);
    assert.equal(peer.requests.length, 1);
    // A caller who knows the call is safe to repeat says so.
    await rejects(client().insert('ToDo', {}, { idempotent: true }), ServiceUnavailableError);
    assert.equal(peer.requests.length, 1 + 3);
  });

  it('an HTML page from a proxy is a NonJsonResponseError with a readable message', async () => {
    peer.handle((_q, s) => {
      s.writeHead(502, { 'Content-Type': 'text/html' });
      s.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const error = await rejects(client({ retry: false }).getDoc('ToDo', 'x'), NonJsonResponseError);
    assert.equal(error.status, 502);
    assert.equal(error.contentType, 'text/html');
    assert.match(error.message, /502 Bad Gateway/);
    assert.equal(peer.requests.length, 1);
    peer.handle((_q, s) => {
      s.writeHead(200, { 'Content-Type': 'text/plain' });
      s.end('');
    });
    const empty = await rejects(client().xcall('x'), NonJsonResponseError);
    assert.equal(empty.status, 200);
    assert.match(empty.message, /empty body/);
  });

  it('5xx bodies and unknown exc_types stay typed', async () => {
    peer.handle((_q, s) =>
      json(s, 500, {
        exc_type: 'ZeroDivisionError',
        exception: 'ZeroDivisionError: division by zero',
      }),
    );
    const python = await rejects(client().xcall('divide'), FrappeError);
    assert.equal(python.excType, 'ZeroDivisionError');
    assert.equal(python.status, 500);
    assert.equal(python.message, 'division by zero');
    peer.handle((_q, s) => json(s, 500, {}, { 'X-Request-Id': 'req-42' }));
    const bare = await rejects(client().xcall('x'), FrappeError);
    assert.equal(bare.excType, 'Exception');
    assert.equal(bare.requestId, 'req-42');
    assert.equal(bare.message, 'Exception (HTTP 500)');
    peer.handle((_q, s) =>
      json(s, 404, { errors: [{ type: 'DoesNotExistError', message: 'ToDo x not found' }] }),
    );
    const v2 = await rejects(client({ apiVersion: 'v2' }).getDoc('ToDo', 'x'), DoesNotExistError);
    assert.equal(v2.message, 'ToDo x not found');
    peer.handle((_q, s) => json(s, 200, ['not', 'an', 'object']));
    await rejects(client().xcall('x'), NonJsonResponseError);
  });

  it('malformed _server_messages never throw while decoding', async () => {
    peer.handle((_q, s) =>
      json(s, 417, { exc_type: 'ValidationError', _server_messages: '{not json' }),
    );
    const broken = await rejects(client().xcall('x'), ValidationError);
    assert.deepEqual(broken.messages, []);
    assert.equal(broken.message, 'ValidationError (HTTP 417)');
    peer.handle((_q, s) =>
      json(s, 417, {
        exc_type: 'ValidationError',
        _server_messages: JSON.stringify(['plain <b>text</b>', '{"message": "second"}']),
      }),
    );
    const plain = await rejects(client().xcall('x'), ValidationError);
    assert.equal(plain.message, 'plain text; second');
    peer.handle((_q, s) => json(s, 417, { exc_type: 'ValidationError', _server_messages: 42 }));
    assert.deepEqual((await rejects(client().xcall('x'), ValidationError)).messages, []);
  });

  it('a server that never answers: RequestTimeoutError, retried for GET', async () => {
    peer.handle(() => undefined);
    // Attempts are counted where the client makes them: under load a request may time out before it arrives.
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = await rejects(
      client({ timeoutMs: 100, fetch: counting }).xcall('slow'),
      RequestTimeoutError,
    );
    assert.equal(error.timeoutMs, 100);
    assert.equal(attempts, 1, 'a timed-out POST is not repeated');
    await rejects(
      client({ timeoutMs: 100, fetch: counting, retry: { retries: 1, baseDelayMs: 1 } }).getList(
        'ToDo',
      ),
      RequestTimeoutError,
    );
    assert.equal(attempts, 1 + 2);
  });

  it('AbortSignal: before sending, while waiting for the reply, during a retry wait', async () => {
    peer.handle(() => undefined);
    const aborted = AbortSignal.abort('stop');
    const early = await rejects(
      client().getList('ToDo', {}, { signal: aborted }),
      RequestAbortedError,
    );
    assert.equal(early.cause, 'stop');
    assert.equal(peer.requests.length, 0);

    peer.handle(() => undefined);
    const controller = new AbortController();
    const pending = client().getList('ToDo', {}, { signal: controller.signal });
    await peer.waitForRequests(1);
    controller.abort('user left');
    assert.equal((await rejects(pending, RequestAbortedError)).cause, 'user left');

    peer.handle((_q, s) =>
      json(s, 429, { exc_type: 'TooManyRequestsError' }, { 'Retry-After': '30' }),
    );
    const waiting = new AbortController();
    const retrying = client().getList('ToDo', {}, { signal: waiting.signal });
    await peer.waitForRequests(1);
    waiting.abort();
    await rejects(retrying, RequestAbortedError);
    assert.equal(peer.requests.length, 1);
  });

  it('connection refused and reset are NetworkErrors; GET is retried', async () => {
    const closed = await startLoopback();
    const url = closed.url;
    await closed.close();
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const refused = await rejects(client({ url, fetch: counting }).getList('ToDo'), NetworkError);
    assert.equal(refused.status, 0);
    assert.match(refused.message, /ECONNREFUSED|fetch failed/);
    assert.equal(attempts, 3);
    attempts = 0;
    await rejects(client({ url, fetch: counting }).insert('ToDo', {}), NetworkError);
    assert.equal(attempts, 1, 'a POST is not repeated after a connection error');

    peer.handle((request) => request.socket.destroy());
    await rejects(client({ retry: false }).getList('ToDo'), NetworkError);
  });

  it('the header hook and per-call headers reach the server', async () => {
    peer.handle((_q, s) => json(s, 200, { message: 'ok' }));
    await client({ headers: async () => ({ 'X-Tenant': 'acme' }) }).xcall(
      'x',
      {},
      { headers: { 'X-Trace': 't1' } },
    );
    assert.equal(peer.requests[0]?.headers['x-tenant'], 'acme');
    assert.equal(peer.requests[0]?.headers['x-trace'], 't1');
    assert.equal(peer.requests[0]?.headers.accept, 'application/json');
  });

  it('getMeta falls back to the DocType document where /api/v2 is missing (Frappe v14)', async () => {
    peer.handle((request, s) =>
      request.url?.startsWith('/api/v2/')
        ? json(s, 404, { exc_type: 'DoesNotExistError' })
        : json(s, 200, { data: { name: 'Customer', fields: [{ fieldname: 'customer_name' }] } }),
    );
    const meta = await client().getMeta('Customer');
    assert.equal(meta.name, 'Customer');
    assert.deepEqual(
      peer.requests.map((request) => request.url),
      ['/api/v2/doctype/Customer/meta', '/api/resource/DocType/Customer'],
    );
    peer.handle((_q, s) => json(s, 403, { exc_type: 'PermissionError' }));
    await rejects(client().getMeta('Customer'), FrappeError);
    assert.equal(peer.requests.length, 1, 'only a 404 falls back');
  });
});
