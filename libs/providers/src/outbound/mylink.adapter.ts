// LINK Mobility MyLINK SMS API. Its reference is behind the MyLINK portal; what we know publicly is
// client-credentials OAuth2 (client id/secret created in the portal). ASSUMED wire format, to check
// against a real account before production (see the providers report):
//   POST {tokenUrl}  grant_type=client_credentials, basic auth → {access_token, expires_in}
//   POST {baseUrl}/sms/send  Bearer; JSON array of ≤ 1000 {source, destination, userData,
//        referenceId, dlrUrl?} → 200/202 JSON array of {referenceId, messageId} or {referenceId, error}
import { requireText, requireUrl } from './adapter-options';
import type { Destinations } from './destination-policy';
import { assertOk, httpCall, joinUrl, tryJson } from './http-client';
import { OAuthTokenSource } from './oauth-token';
import { ProviderSendError, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface MyLinkAdapterOptions {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  refreshSkewMs?: number;
  now?: () => number;
  /** The address policy every connection (token and sends) must pass; none: any address. */
  destinations?: Destinations;
}

export const MYLINK_MAX_BATCH = 1000;

export type BatchOutcome = { id: string; result: SendResult } | { id: string; error: ProviderSendError };

export class MyLinkAdapter implements SmsAdapter {
  readonly provider = 'mylink' as const;
  readonly tokens: OAuthTokenSource;

  constructor(private readonly opts: MyLinkAdapterOptions) {
    requireUrl('mylink.baseUrl', opts.baseUrl);
    requireUrl('mylink.tokenUrl', opts.tokenUrl);
    requireText('mylink.clientId', opts.clientId);
    requireText('mylink.clientSecret', opts.clientSecret);
    this.tokens = new OAuthTokenSource('mylink', { ...opts });
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const [outcome] = await this.sendBatch([msg]);
    if (!outcome) throw new ProviderSendError('mylink', 'bad_response', 'no outcome for the message', false);
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /** Sends many MTs in requests of at most 1000; one outcome per message, in input order. */
  async sendBatch(msgs: OutboundSms[]): Promise<BatchOutcome[]> {
    const out: BatchOutcome[] = [];
    for (let i = 0; i < msgs.length; i += MYLINK_MAX_BATCH) {
      out.push(...(await this.sendChunk(msgs.slice(i, i + MYLINK_MAX_BATCH))));
    }
    return out;
  }

  private async sendChunk(msgs: OutboundSms[]): Promise<BatchOutcome[]> {
    const body = JSON.stringify(
      msgs.map((m) => ({ source: m.from, destination: m.to, userData: m.text, referenceId: m.id, ...(m.dlrUrl ? { dlrUrl: m.dlrUrl } : {}) })),
    );
    let token = await this.tokens.get();
    let reply = await this.post(body, token);
    if (reply.status === 401) {
      // The token may have been revoked or expired early on their side: one fresh token, one retry.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      reply = await this.post(body, token);
    }
    assertOk('mylink', reply);
    const answer = tryJson(reply.text);
    if (!Array.isArray(answer)) throw new ProviderSendError('mylink', 'bad_response', 'expected a JSON array of results', false);
    const byRef = new Map<string, Record<string, unknown>>();
    for (const r of answer as Array<Record<string, unknown>>) byRef.set(String(r['referenceId']), r);
    return msgs.map((m): BatchOutcome => {
      const r = byRef.get(m.id);
      if (!r) return { id: m.id, error: new ProviderSendError('mylink', 'bad_response', `no result for referenceId ${m.id}`, false) };
      if (r['error']) {
        const e = r['error'] as { code?: string; message?: string };
        return { id: m.id, error: new ProviderSendError('mylink', 'rejected', `${e.code ?? ''} ${e.message ?? ''}`.trim(), false, { providerCode: e.code }) };
      }
      return { id: m.id, result: { providerMessageIds: [String(r['messageId'])], status: 'queued' } };
    });
  }

  private async post(body: string, token: string) {
    const policy = await this.opts.destinations?.();
    return httpCall('mylink', joinUrl(this.opts.baseUrl, '/sms/send'), {
      ...(policy ? { policy } : {}),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body,
      timeoutMs: this.opts.timeoutMs ?? 30_000,
    });
  }
}
