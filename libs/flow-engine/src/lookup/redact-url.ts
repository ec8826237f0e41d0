/**
 * URLs go into the run log, which ops and marketers read: strip user:password, query parameters
 * whose name says they carry a credential, and any secret value that still appears literally.
 */
const SENSITIVE_PARAM = /(key|token|secret|password|passwd|pwd|auth|signature|sig|credential|session)/i;

export function redactUrl(url: string, secretValues: readonly string[] = []): string {
  let out = url;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    for (const name of [...u.searchParams.keys()]) if (SENSITIVE_PARAM.test(name)) u.searchParams.set(name, '***');
    out = u.toString();
  } catch {
    // not a URL: still scrub secret values below
  }
  for (const s of secretValues) {
    if (s.length < 3) continue; // scrubbing 1-2 characters would mangle the URL without protecting much
    out = out.split(s).join('***').split(encodeURIComponent(s)).join('***');
  }
  return out;
}
