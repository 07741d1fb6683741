import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { DbType } from '../../../src/platform/db/database.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * Finding 4: what Node's HTTP parser or Fastify refuses before our routes
 * run still gets Frappe's error envelope, with the exc_type's own status,
 * over a real socket (inject skips the parser).
 */

/** Sends raw bytes and collects everything the server writes until it closes the connection. */
function exchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer within 15 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.end(bytes);
  });
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Every HTTP response in the stream, in order (bodies are JSON with a Content-Length). */
function answers(stream: string): Answer[] {
  const result: Answer[] = [];
  let rest = stream;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(headEnd + 4), 'utf8').subarray(0, length);
    result.push({
      status: Number(head.slice(9, 12)),
      body: JSON.parse(bodyBytes.toString('utf8')),
    });
    rest = Buffer.from(rest.slice(headEnd + 4), 'utf8')
      .subarray(length)
      .toString('utf8');
  }
  assert.equal(rest, '', `unparsed bytes after the answers: ${rest.slice(0, 200)}`);
  return result;
}

function assertV1(answer: Answer, status: number, excType: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer));
  assert.equal(answer.body['exc_type'], excType, JSON.stringify(answer));
  for (const key of ['error', 'statusCode', 'code', 'exc', 'exception'])
    assert.ok(
      !(key in answer.body),
      `Fastify's or a traceback key ${key}: ${JSON.stringify(answer)}`,
    );
}

const BIG = 'x'.repeat(20 * 1024);
const request = (line: string, headers: string[] = [], body = '') =>
  `${line}\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;

for (const dialect of DIALECTS) describeDialect(dialect);

function describeDialect(dialect: DbType): void {
  describe(`requests refused before our routes get Frappe envelopes (${dialect})`, () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      t = await buildTestApp({ dialect });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    after(() => t.close());

    const cases: Array<[string, string, number, string]> = [
      [
        'a URL over 16 KiB',
        request(`GET /api/resource/ToDo?x=${BIG} HTTP/1.1`),
        431,
        'RequestHeaderFieldsTooLarge',
      ],
      [
        'an Authorization header over 16 KiB',
        request('GET /api/method/ping HTTP/1.1', [`Authorization: token ${BIG}`]),
        431,
        'RequestHeaderFieldsTooLarge',
      ],
      [
        'a Cookie over 16 KiB',
        request('GET /api/method/ping HTTP/1.1', [`Cookie: sid=${BIG}`]),
        431,
        'RequestHeaderFieldsTooLarge',
      ],
      ['an unknown method token', request('FROB /api/method/ping HTTP/1.1'), 400, 'BadRequest'],
      [
        'a NUL in a header value',
        request('GET /api/method/ping HTTP/1.1', ['X-Test: a\u0000b']),
        400,
        'BadRequest',
      ],
      [
        'a control character in a header name',
        request('GET /api/method/ping HTTP/1.1', ['X\u0001Y: 1']),
        400,
        'BadRequest',
      ],
      [
        'a non-numeric Content-Length',
        request('POST /api/method/ping HTTP/1.1', ['Content-Length: abc'], '{}'),
        400,
        'BadRequest',
      ],
      [
        'two different Content-Lengths',
        request(
          'POST /api/method/ping HTTP/1.1',
          ['Content-Length: 2', 'Content-Length: 3'],
          '{}x',
        ),
        400,
        'BadRequest',
      ],
      ['garbage instead of a request line', 'this is not http\r\n\r\n', 400, 'BadRequest'],
    ];

    for (const [name, bytes, status, excType] of cases) {
      it(name, async () => {
        const [answer, ...more] = answers(await exchange(port, bytes));
        assert.ok(answer, 'an answer');
        assertV1(answer, status, excType);
        assert.deepEqual(more, []);
      });
    }

    /*
     * Refusals Fastify makes after parsing, before our handlers: a
     * ValidationError is 417 as in Frappe's table (they were 414 and 400).
     */
    const refusedByRouter: Array<[string, string]> = [
      ['a path parameter over the router limit', `GET /api/resource/${'x'.repeat(1200)} HTTP/1.1`],
      ['a malformed percent-encoding in the path', 'GET /api/resource/ToDo/%E0%A4%A HTTP/1.1'],
    ];
    for (const [name, line] of refusedByRouter) {
      it(`${name} is 417 ValidationError, not 414 or 400`, async () => {
        const [answer, ...more] = answers(
          await exchange(port, request(line, ['Connection: close'])),
        );
        assert.ok(answer, 'an answer');
        assertV1(answer, 417, 'ValidationError');
        assert.deepEqual(more, []);
      });
    }

    it('a Content-Length that does not match the body is 417 ValidationError, not 400', async () => {
      // Node's parser never hands over a body of another length; inject does, as a proxy could.
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/method/ping',
        headers: { 'content-type': 'application/json', 'content-length': '10' },
        payload: '{}',
      });
      assertV1({ status: response.statusCode, body: response.json() }, 417, 'ValidationError');
      assert.match(response.body, /Invalid Content-Length/);
    });

    it('a v2 path gets the v2 shape', async () => {
      const [answer] = answers(
        await exchange(port, request(`GET /api/v2/document/ToDo?x=${BIG} HTTP/1.1`)),
      );
      assert.equal(answer?.status, 431);
      assert.deepEqual(
        (answer?.body['errors'] as Array<{ type: string }>)[0]?.type,
        'RequestHeaderFieldsTooLarge',
      );
    });

    it('a Content-Length shorter than the body: the rest is refused in Frappe format', async () => {
      const stream = await exchange(
        port,
        request(
          'POST /api/method/ping HTTP/1.1',
          ['Content-Type: application/json', 'Content-Length: 2'],
          '{}GARBAGE-AFTER-THE-BODY\r\n\r\n',
        ),
      );
      // The parser may reach the garbage before the first answer is written; then only the refusal comes back.
      const all = answers(stream);
      assert.ok(all.length === 1 || all.length === 2, stream);
      if (all.length === 2) assert.deepEqual(all[0], { status: 200, body: { message: 'pong' } });
      assertV1(all[all.length - 1]!, 400, 'BadRequest');
    });

    it('a method Node parses but no route serves is a Frappe 404, the server keeps serving', async () => {
      const [answer] = answers(
        await exchange(port, request('PROPFIND /api/method/ping HTTP/1.1', ['Connection: close'])),
      );
      assert.ok(answer);
      assert.ok([404, 405].includes(answer.status), JSON.stringify(answer));
      assert.ok(typeof answer.body['exc_type'] === 'string', JSON.stringify(answer));
      const [ping] = answers(
        await exchange(port, request('GET /api/method/ping HTTP/1.1', ['Connection: close'])),
      );
      assert.deepEqual(ping, { status: 200, body: { message: 'pong' } });
    });
  });
}
