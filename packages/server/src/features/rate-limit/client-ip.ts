import { BlockList, isIP } from 'node:net';

/** The proxies whose `X-Forwarded-For` is believed: addresses or CIDR ranges; null when none. */
export type TrustedProxies = BlockList | null;

/**
 * Parses site config `trusted_proxies` (`["10.0.0.0/8", "127.0.0.1", …]`).
 * Unparseable entries are ignored rather than trusted.
 */
export function trustedProxiesFrom(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  let trusted = 0;
  for (const entry of entries) {
    const [address = '', bits] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) continue;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else if (/^\d+$/.test(bits)) list.addSubnet(address, Number(bits), type);
    else continue;
    trusted++;
  }
  return trusted === 0 ? null : list;
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) → `1.2.3.4`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(address: string, proxies: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address for IP-based limits and lockouts. Frappe believes any
 * `X-Forwarded-For` (docs/spec/rate-limiting.md §5); we believe it only as far as
 * the hops are trusted proxies (B-R4): starting from the socket peer, each
 * trusted hop hands over to the address it forwarded for, right to left.
 */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: TrustedProxies,
): string {
  let current = plainAddress(socketAddress ?? '127.0.0.1');
  // Without trusted proxies no header is believed: the common case reads nothing else.
  if (proxies === null) return current;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = header
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  while (isTrusted(current, proxies)) {
    const next = hops.pop();
    if (next === undefined) break;
    current = next;
  }
  return current;
}
