import type { Destinations } from './destination-policy';
import { assertOk, httpCall, jsonBody } from './http-client';
import { ProviderSendError, type ProviderName } from './sms-adapter';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  timeoutMs?: number;
  /** Refresh this long before the announced expiry so a token never dies mid-request. */
  refreshSkewMs?: number;
  now?: () => number;
  /** The address policy the token endpoint must pass; none: any address. */
  destinations?: Destinations;
}

/** OAuth2 client-credentials (RFC 6749 §4.4) with the secret in HTTP basic auth (§2.3.1). One
 * token request is shared by concurrent callers, and `invalidate` forces a new one after a 401. */
export class OAuthTokenSource {
  private token: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  /** Token requests made so far; exposed for tests and metrics. */
  fetches = 0;

  constructor(
    private readonly provider: ProviderName,
    private readonly creds: ClientCredentials,
  ) {}

  async get(): Promise<string> {
    const now = (this.creds.now ?? Date.now)();
    if (this.token && now < this.token.refreshAt) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async fetch(): Promise<string> {
    this.fetches++;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.creds.scope) form.set('scope', this.creds.scope);
    const basic = Buffer.from(`${encodeURIComponent(this.creds.clientId)}:${encodeURIComponent(this.creds.clientSecret)}`).toString('base64');
    const policy = await this.creds.destinations?.();
    const reply = await httpCall(this.provider, this.creds.tokenUrl, {
      ...(policy ? { policy } : {}),
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: this.creds.timeoutMs ?? 15_000,
    });
    assertOk(this.provider, reply, (b) => {
      const e = b as { error?: string; error_description?: string } | undefined;
      return e?.error ? `token: ${e.error} ${e.error_description ?? ''}`.trim() : undefined;
    });
    const body = jsonBody(this.provider, reply);
    const value = body['access_token'];
    if (typeof value !== 'string' || !value) {
      throw new ProviderSendError(this.provider, 'bad_response', 'token answer has no access_token', false);
    }
    const expiresInMs = (Number(body['expires_in']) || 300) * 1000;
    const skew = Math.min(this.creds.refreshSkewMs ?? 60_000, expiresInMs / 2);
    this.token = { value, refreshAt: (this.creds.now ?? Date.now)() + expiresInMs - skew };
    return value;
  }
}
