/**
 * Secrets are bound to the hosts an admin lets them go to. One matcher for the validator (literal
 * hosts), the engine (resolved URLs) and the API (bindings), so the three never disagree.
 */

/** `secrets.NAME` as the engine resolves it: the only way a secret's value enters an evaluation. */
export const SECRET_REF_SOURCE = String.raw`\bsecrets\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)`;

/** Names of secrets an expression refers to, in order of first use. */
export function secretRefs(expression: string): string[] {
  const names = new Set<string>();
  for (const m of expression.matchAll(new RegExp(SECRET_REF_SOURCE, 'g'))) if (m[1]) names.add(m[1]);
  return [...names];
}

/** `API.Example.com.` → `api.example.com`; `[::1]` → `::1`. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** A host name, an IP address, or `*.example.com` (any subdomain, not the apex). */
const HOST_ENTRY = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function isValidSecretHost(entry: string): boolean {
  const e = normalizeHost(entry);
  if (e.length === 0 || e.length > 253) return false;
  if (HOST_ENTRY.test(e)) return true;
  return /^[0-9a-f:.]+$/.test(e) && e.includes(':') && URL.canParse(`http://[${e}]/`); // IPv6
}

/** True when `host` (a URL's hostname) is one of `bound`. */
export function hostIsBound(host: string, bound: readonly string[]): boolean {
  const h = normalizeHost(host);
  return bound.some((entry) => {
    const e = normalizeHost(entry);
    return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
  });
}

/** Where a secret may go when the admin named no host: a URL-valued secret (a base URL) to its own host only. */
export function effectiveSecretHosts(value: string, hosts: readonly string[]): string[] {
  if (hosts.length > 0) return [...hosts];
  if (/^https?:\/\//i.test(value) && URL.canParse(value)) return [normalizeHost(new URL(value).hostname)];
  return [];
}

/** The reason a lookup to `host` may not carry secret `name`, or null when it may. */
export function secretHostRefusal(name: string, host: string, bound: readonly string[]): string | null {
  if (hostIsBound(host, bound)) return null;
  const where = bound.length === 0 ? 'is not bound to any host' : `may only be sent to ${bound.join(', ')}`;
  return `secret "${name}" ${where}, not to ${normalizeHost(host)}; an admin sets the hosts of a secret (PUT /api/v1/secrets/${name})`;
}
