/**
 * Whether a provider on the internet can call the webhook URL built from PUBLIC_URL. Signatures
 * (Twilio's among them) are computed over the exact URL the provider called, so a PUBLIC_URL that is
 * not that URL makes every webhook fail verification. Pure, for the channel form's warning.
 */
export function publicUrlProblem(publicUrl: string, provider: string): string | null {
  if (provider === 'smpp' || provider === 'simulator') return null;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return `PUBLIC_URL (${publicUrl}) is not a URL: set it to the address the provider reaches this server at.`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === '::1' || host === '0.0.0.0'
    || /^127\./.test(host) || /^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^f[cd][0-9a-f]{2}:/i.test(host);
  if (local) return `PUBLIC_URL is ${url.origin}, which the provider cannot reach from the internet: set PUBLIC_URL to the public https address of this server (or of the tunnel in front of it), or webhooks will fail.`;
  if (url.protocol !== 'https:') return `PUBLIC_URL is ${url.origin} (plain http): most providers require https, and a proxy that terminates TLS changes the URL they sign.`;
  return null;
}
