/**
 * URLs go into the run log, which ops and marketers read: strip user:password, the values of
 * query parameters whose name says they carry a credential, and any secret value that still
 * appears literally. String work rather than `new URL`: this runs on every lookup and must keep
 * the URL as written.
 */
const SENSITIVE_PARAM = /(key|token|secret|password|passwd|pwd|auth|signature|sig|credential|session)/i;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const query = url.slice(q + 1, end);
  if (!SENSITIVE_PARAM.test(query)) return url; // no parameter name can match either
  const params = query.split('&');
  let changed = false;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    if (eq >= 0 && SENSITIVE_PARAM.test(name)) {
      params[i] = `${name}=***`;
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q + 1)}${params.join('&')}${url.slice(end)}` : url;
}

export function redactUrl(url: string, secretValues: readonly string[] = []): string {
  let out = redactQuery(url.replace(USERINFO, '$1'));
  for (const s of secretValues) {
    if (s.length < 3) continue; // scrubbing 1-2 characters would mangle the URL without protecting much
    out = out.split(s).join('***').split(encodeURIComponent(s)).join('***');
  }
  return out;
}
