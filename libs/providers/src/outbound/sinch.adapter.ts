import { optionalUrl, requireText } from './adapter-options';
import type { Destinations } from './destination-policy';
import { assertOk, httpCall, joinUrl, jsonBody } from './http-client';
import { ProviderSendError, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface SinchAdapterOptions {
  servicePlanId: string;
  apiToken: string;
  /** Default https://us.sms.api.sinch.com (regional: eu., au., br., ca.) */
  baseUrl?: string;
  timeoutMs?: number;
  /** The address policy every connection must pass (the API's current one: an allow-list changes); none: any address. */
  destinations?: Destinations;
}

/** Sinch XMS: one batch per message, `POST /xms/v1/{servicePlanId}/batches`, bearer token. */
export class SinchAdapter implements SmsAdapter {
  readonly provider = 'sinch' as const;
  constructor(private readonly opts: SinchAdapterOptions) {
    requireText('sinch.servicePlanId', opts.servicePlanId);
    requireText('sinch.apiToken', opts.apiToken);
    optionalUrl('sinch.baseUrl', opts.baseUrl);
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const batch: Record<string, unknown> = {
      from: msg.from,
      to: [msg.to],
      body: msg.text,
      client_reference: msg.id,
      delivery_report: msg.dlrUrl ? 'per_recipient' : 'none',
    };
    if (msg.dlrUrl) batch['callback_url'] = msg.dlrUrl;
    const base = this.opts.baseUrl ?? 'https://us.sms.api.sinch.com';
    const policy = await this.opts.destinations?.();
    const reply = await httpCall('sinch', joinUrl(base, `/xms/v1/${encodeURIComponent(this.opts.servicePlanId)}/batches`), {
      ...(policy ? { policy } : {}),
      headers: { authorization: `Bearer ${this.opts.apiToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(batch),
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    assertOk('sinch', reply, (b) => {
      const e = b as { code?: string; text?: string } | undefined;
      return e?.code ? `${e.code}: ${e.text ?? ''}` : undefined;
    });
    const body = jsonBody('sinch', reply);
    if (typeof body['id'] !== 'string') throw new ProviderSendError('sinch', 'bad_response', 'batch answer has no id', false);
    return { providerMessageIds: [body['id']], status: 'queued' };
  }
}
