import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveClientIp, trustedProxiesFrom } from './client-ip.js';

describe('resolveClientIp', () => {
  const none = trustedProxiesFrom([]);
  const lb = trustedProxiesFrom(['10.0.0.0/8', '127.0.0.1', '::1', 'not-an-ip', '192.168.0.1/x']);
  const cases: Array<
    [string, string | undefined, string | string[] | undefined, typeof none, string]
  > = [
    ['socket only', '203.0.113.7', undefined, none, '203.0.113.7'],
    ['no socket address', undefined, undefined, none, '127.0.0.1'],
    ['mapped IPv4', '::ffff:203.0.113.7', undefined, none, '203.0.113.7'],
    ['spoofed XFF, no proxy trusted', '203.0.113.7', '198.51.100.9', none, '203.0.113.7'],
    [
      'spoofed XFF from a loopback peer, no proxy trusted',
      '127.0.0.1',
      '198.51.100.9',
      none,
      '127.0.0.1',
    ],
    ['trusted proxy forwards', '10.1.2.3', '198.51.100.9', lb, '198.51.100.9'],
    [
      'client spoofs a prefix through a trusted proxy',
      '10.1.2.3',
      '1.1.1.1, 198.51.100.9',
      lb,
      '198.51.100.9',
    ],
    ['chain of trusted proxies', '127.0.0.1', '198.51.100.9, 10.0.0.5', lb, '198.51.100.9'],
    ['untrusted peer with trusted-looking XFF', '203.0.113.7', '10.0.0.5', lb, '203.0.113.7'],
    ['trusted proxy without XFF', '10.1.2.3', undefined, lb, '10.1.2.3'],
    ['garbage hops are skipped', '10.1.2.3', 'junk, 198.51.100.9 ,', lb, '198.51.100.9'],
    ['repeated headers', '10.1.2.3', ['1.1.1.1', '198.51.100.9'], lb, '198.51.100.9'],
    ['IPv6 proxy', '::1', '2001:db8::1', lb, '2001:db8::1'],
    ['unparseable entries trust nothing', '192.168.0.1', '198.51.100.9', lb, '192.168.0.1'],
  ];
  for (const [name, socket, xff, proxies, expected] of cases) {
    it(name, () => assert.equal(resolveClientIp(socket, xff, proxies), expected));
  }
});
