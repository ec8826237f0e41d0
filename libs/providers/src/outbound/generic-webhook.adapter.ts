import { genericSignature } from '@moflow/sms';
import { requireText, requireUrl } from './adapter-options';
import type { Destinations } from './destination-policy';
import { assertOk, httpCall, tryJson } from './http-client';
import { ProviderSendError, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface GenericWebhookAdapterOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** The address policy every connection must pass (the API's current one: an allow-list changes); none: any address. */
  destinations?: Destinations;
}

export const MOFLOW_SIGNATURE_HEADER = 'x-moflow-signature';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, the scheme GitHub made familiar. */
export function signMoflowBody(body: string, secret: string): string {
  return 'sha256=' + genericSignature(secret, body);
}

/** For customers' own gateways: POST JSON `{id, from, to, text}` signed with a shared secret.
 * Their answer may name their id (`{id}` or `{messageId}`); otherwise ours stands for both.
 * `id` is an idempotency key (docs/providers.md): after a crash during the call Moflow sends the
 * same MT again with the same id, and the gateway answers it as the message it already has. */
export class GenericWebhookAdapter implements SmsAdapter {
  readonly provider = 'webhook' as const;
  readonly dedupesById = true;
  constructor(private readonly opts: GenericWebhookAdapterOptions) {
    requireUrl('webhook.url', opts.url);
    requireText('webhook.secret', opts.secret);
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const body = JSON.stringify({ id: msg.id, from: msg.from, to: msg.to, text: msg.text, ...(msg.dlrUrl ? { dlrUrl: msg.dlrUrl } : {}) });
    const policy = await this.opts.destinations?.();
    const reply = await httpCall('webhook', this.opts.url, {
      ...(policy ? { policy } : {}),
      headers: { 'content-type': 'application/json', [MOFLOW_SIGNATURE_HEADER]: signMoflowBody(body, this.opts.secret) },
      body,
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    assertOk('webhook', reply);
    const answer = tryJson(reply.text) as { id?: unknown; messageId?: unknown } | undefined;
    const theirs = answer?.messageId ?? answer?.id;
    return { providerMessageIds: [typeof theirs === 'string' && theirs ? theirs : msg.id], status: 'sent' };
  }
}

/** A generic channel set up only to receive: an MT through it fails clearly instead of pretending to be sent. */
export class InboundOnlyAdapter implements SmsAdapter {
  readonly provider = 'webhook' as const;
  send(): Promise<SendResult> {
    return Promise.reject(new ProviderSendError('webhook', 'rejected', 'this generic channel is inbound-only: set connection.url and credentials.secret to send through it', false));
  }
}
