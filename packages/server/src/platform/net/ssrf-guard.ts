import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local, carrier-grade NAT, unspecified and multicast ranges. */
function deniedRanges(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
}

const DENIED = deniedRanges();

function isDenied(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return DENIED.check(mapped, 'ipv4');
  return DENIED.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** A request target the guard refused: its host is, or resolves to, a denied address. */
export class DeniedTargetError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`Request target ${host} (${address}) is a private or loopback address`);
    this.name = 'DeniedTargetError';
  }
}

/**
 * The server-side request forgery guard of every outbound request Cortado
 * makes for a site (webhooks, Server Scripts' `make_*_request`): throws
 * DeniedTargetError when `url`'s host resolves to a loopback, private,
 * link-local, carrier-grade NAT, unspecified or multicast address and is not
 * in `allowedHosts`. The check resolves the name itself, so a host that
 * changes its answer between check and connect (DNS rebinding) is not
 * covered; docs/webhooks.md says so.
 */
export async function assertAllowedTarget(
  url: string,
  allowedHosts: readonly string[],
): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowedHosts.includes(host)) return;
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true })).map((entry) => entry.address);
  const denied = addresses.find(isDenied);
  if (denied !== undefined) throw new DeniedTargetError(host, denied);
}
