import ipaddr from 'ipaddr.js';

/**
 * Which addresses a lookup may reach. Only globally routable unicast passes by default: loopback,
 * RFC 1918, link-local (incl. 169.254.169.254 metadata), CGNAT, unique-local (incl. fd00:ec2::254),
 * multicast, reserved and the v6 ranges that embed a v4 address (6to4, NAT64, Teredo) are refused,
 * because any of them can land on an internal service. Admins punch holes with an allow-list of
 * host names or CIDR ranges.
 */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const emptyAllowList: AllowList = { hosts: new Set(), ranges: [] };

export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const range = parseRange(entry);
    if (range) ranges.push(range);
    else hosts.add(entry);
  }
  return { hosts, ranges };
}

/** A CIDR (`10.0.0.0/8`) or a single address (`127.0.0.1`), else null (then it is a host name). */
export function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  if (entry.includes('/')) {
    try {
      return ipaddr.parseCIDR(entry);
    } catch {
      return null;
    }
  }
  if (!ipaddr.isValid(entry)) return null;
  const addr = ipaddr.process(entry);
  return [addr, addr.kind() === 'ipv4' ? 32 : 128];
}

/** Host names and CIDRs an admin may enter; anything else is a typo we reject at the API. */
export function isValidAllowEntry(entry: string): boolean {
  const e = entry.trim().toLowerCase();
  if (e.includes('/')) return parseRange(e) !== null;
  return ipaddr.isValid(e) || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(e);
}

/** null when the address may be contacted, else the reason it may not (e.g. "loopback"). */
export function blockedReason(address: string, host: string, allow: AllowList): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1 so a mapped address cannot dodge the check.
  const processed = ipaddr.process(address);
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is "unicast" to ipaddr.js, yet some stacks
  // route it to the embedded IPv4 address: judge it as that address, so [::7f00:1] is loopback.
  const addr = processed.kind() === 'ipv6' && isV4Compatible(processed as ipaddr.IPv6) ? v4Inside(processed as ipaddr.IPv6) : processed;
  const range = addr.range();
  if (range === 'unicast' && addr === processed) return null;
  if (allow.hosts.has(host.toLowerCase().replace(/^\[|\]$/g, ''))) return null;
  for (const [net, bits] of allow.ranges) {
    if (net.kind() === addr.kind() && addr.match([net, bits] as [typeof addr, number])) return null;
  }
  return addr === processed ? `${range} address` : `IPv4-compatible IPv6 address (${addr.toString()}, ${range})`;
}

/** ::/96 except :: and ::1 (unspecified, loopback: ipaddr.js classes those itself). */
function isV4Compatible(a: ipaddr.IPv6): boolean {
  const p = a.parts;
  return p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || (p[7] ?? 0) > 1);
}

function v4Inside(a: ipaddr.IPv6): ipaddr.IPv4 {
  const hi = a.parts[6] ?? 0;
  const lo = a.parts[7] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}
