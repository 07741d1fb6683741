import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from './logger.js';

const SECRETS = [
  'hunter2',
  'tok-secret-123',
  'sid-abcdef',
  'apisecret999',
  'newpass777',
  'cookieval',
];

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  const cases: [string, (log: ReturnType<typeof createLogger>) => void][] = [
    [
      'request headers',
      (log) =>
        log.info(
          {
            req: { headers: { Authorization: 'token a:tok-secret-123', cookie: 'sid=sid-abcdef' } },
          },
          'req',
        ),
    ],
    [
      'response set-cookie',
      (log) => log.info({ res: { headers: { 'set-cookie': ['sid=sid-abcdef; Path=/'] } } }),
    ],
    ['login body', (log) => log.info({ body: { usr: 'a', pwd: 'hunter2' } })],
    [
      'nested secrets',
      (log) =>
        log.warn({
          a: [
            {
              api_secret: 'apisecret999',
              deep: { new_password: 'newpass777', client_secret: 'x' },
            },
          ],
        }),
    ],
    [
      'query strings',
      (log) => log.info({ url: '/api/method/login?usr=a&pwd=hunter2&sid=sid-abcdef' }),
    ],
    ['message text', (log) => log.error('login failed for password=hunter2 cookie sid=sid-abcdef')],
    [
      'errors',
      (log) =>
        log.error({ err: Object.assign(new Error('bad pwd=hunter2'), { password: 'hunter2' }) }),
    ],
    ['child bindings', (log) => log.child({ sid: 'sid-abcdef' }).info('x')],
    ['cookie header', (log) => log.info({ headers: { Cookie: 'cookieval' } })],
  ];
  for (const [name, write] of cases) {
    it(`redacts secrets in ${name}`, () => {
      const { lines, stream } = capture();
      write(createLogger({ destination: stream }));
      const output = lines.join('');
      assert.ok(output.length > 0, 'something was logged');
      for (const secret of SECRETS)
        assert.ok(!output.includes(secret), `${secret} leaked: ${output}`);
      assert.ok(output.includes('[Redacted]'));
    });
  }

  it('keeps ordinary fields', () => {
    const { lines, stream } = capture();
    createLogger({ destination: stream }).info({ doctype: 'ToDo', status: 200 }, 'saved');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    assert.equal(line.doctype, 'ToDo');
    assert.equal(line.status, 200);
    assert.equal(line.msg, 'saved');
  });

  it('honours the level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'warn', destination: stream });
    log.info('quiet');
    log.warn('loud');
    assert.equal(lines.length, 1);
  });
});
