import type { AppConfig } from './app-config';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * What to warn about once the server listens: a PUBLIC_URL that cannot be where providers call.
 * Webhook URLs shown on channels, the status callbacks sent with every MT and Twilio's signature
 * check all use it, so a wrong one fails silently at the provider's end.
 */
export function startupWarnings(config: Pick<AppConfig, 'publicUrl' | 'publicUrlSet' | 'port' | 'trustProxy'>): string[] {
  const warnings: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(config.publicUrl);
  } catch {
    url = null;
  }
  const port = url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : null;
  if (!config.publicUrlSet && config.port !== port) {
    warnings.push(`PUBLIC_URL is not set, so webhook URLs and delivery-report callbacks say ${config.publicUrl}, but this server listens on port ${config.port}: ` +
      'set PUBLIC_URL to the address providers reach this server at (Twilio signs that exact URL).');
  } else if (config.publicUrlSet && url && LOOPBACK.has(url.hostname) && port !== config.port) {
    warnings.push(`PUBLIC_URL is ${config.publicUrl}, a local address on port ${port}, but this server listens on port ${config.port}: webhook URLs and callbacks point nowhere.`);
  }
  if (config.trustProxy !== false && !config.publicUrlSet) {
    warnings.push('TRUST_PROXY is set but PUBLIC_URL is not: webhooks that come through the proxy are verified against the forwarded URL, ' +
      `but the webhook URLs shown on channels and the delivery-report callbacks still say ${config.publicUrl}.`);
  }
  return warnings;
}
