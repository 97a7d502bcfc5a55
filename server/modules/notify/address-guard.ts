import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { FieldMessageKey } from '../../http/messages';

/**
 * Ranges a webhook must never reach unless private addresses are allowed: they lead into the
 * server's own host or network (or nowhere useful), which is how a webhook URL becomes a way to
 * probe or call internal services (SSRF).
 */
const NON_PUBLIC_RANGES: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", including 0.0.0.0
  ['10.0.0.0', 8, 'ipv4'], // private (RFC 1918)
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, where cloud metadata services live
  ['172.16.0.0', 12, 'ipv4'], // private (RFC 1918)
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // private (RFC 1918)
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and 255.255.255.255
  ['::', 96, 'ipv6'], // unspecified, loopback (::1) and IPv4-compatible
  ['::ffff:0:0', 96, 'ipv6'], // IPv4-mapped: would reach whatever IPv4 address it wraps
  ['64:ff9b::', 96, 'ipv6'], // NAT64, wraps IPv4 too
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard-only
  ['2001::', 32, 'ipv6'], // Teredo, wraps IPv4
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4, wraps IPv4
  ['fc00::', 7, 'ipv6'], // unique local (ULA)
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

// One list per family: a BlockList compares IPv4 addresses with its IPv6 rules as IPv4-mapped
// addresses, so the ::ffff:0:0/96 rule would refuse every IPv4 address in a shared list.
const nonPublicV4 = new BlockList();
const nonPublicV6 = new BlockList();
for (const [network, prefix, family] of NON_PUBLIC_RANGES)
  (family === 'ipv4' ? nonPublicV4 : nonPublicV6).addSubnet(network, prefix, family);

/** Whether an IP address (v4 or v6, without brackets) is an ordinary public address. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  return version === 4 ? !nonPublicV4.check(address, 'ipv4') : !nonPublicV6.check(address, 'ipv6');
}

/** A webhook's host resolves to an address it may not reach. */
export class AddressRefusedError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(
      `Refused to connect to ${hostname === address ? address : `${hostname} (${address})`}: not a public address ` +
        '(set QINGLANG_WEBHOOK_ALLOW_PRIVATE=on to allow private and loopback addresses)',
    );
    this.name = 'AddressRefusedError';
  }
}

/** One resolved address, as `dns.lookup` answers it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (`dns.lookup` with `all: true` by default; injectable for tests). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * Resolves a URL's host once and checks the address, so the connection goes to the address that
 * was checked (a second lookup at connect time could answer differently: DNS rebinding). Every
 * address the name has must be public, not just the first, so the answer does not depend on which
 * one a resolver puts first. With `allowPrivate` nothing is refused.
 */
export async function resolveDeliveryAddress(
  hostname: string,
  options: { allowPrivate: boolean; resolve?: ResolveHost },
): Promise<ResolvedAddress> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const literal = isIP(bare);
  const addresses: ResolvedAddress[] =
    literal !== 0 ? [{ address: bare, family: literal === 6 ? 6 : 4 }] : await (options.resolve ?? systemResolve)(bare);
  if (addresses.length === 0) throw new Error(`${bare} does not resolve to any address`);
  if (!options.allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new AddressRefusedError(bare, refused.address);
  }
  return addresses[0]!;
}

/**
 * Checks a webhook URL when a subscription is made: https (http only where private addresses are
 * allowed, i.e. tests and closed networks), no credentials, and no literal non-public address or
 * `localhost`. Host names are resolved and checked at each delivery, where it matters.
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): FieldMessageKey | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'webhookHttpsRequired';
  if (url.username || url.password || url.hash) return 'webhookUrlParts';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) !== 0) return isPublicAddress(host) ? null : 'webhookPrivateAddress';
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'webhookPrivateAddress';
  return null;
}
