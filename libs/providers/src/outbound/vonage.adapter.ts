import { isGsm7 } from '@moflow/sms';
import { optionalUrl, requireText } from './adapter-options';
import type { Destinations } from './destination-policy';
import { assertOk, httpCall, joinUrl, jsonBody } from './http-client';
import { ProviderSendError, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface VonageAdapterOptions {
  apiKey: string;
  apiSecret: string;
  /** Default https://rest.nexmo.com */
  baseUrl?: string;
  timeoutMs?: number;
  /** The address policy every connection must pass (the API's current one: an allow-list changes); none: any address. */
  destinations?: Destinations;
}

/** Vonage answers HTTP 200 even for refusals; the verdict is `messages[].status`. Only throttling
 * (1) and their internal error (5) may pass on a later attempt. */
const RETRYABLE_STATUS = new Set(['1', '5']);

/** Vonage SMS API: `POST /sms/json`, credentials in the form body, one message-id per part. */
export class VonageAdapter implements SmsAdapter {
  readonly provider = 'vonage' as const;
  private readonly baseUrl: string;

  constructor(private readonly opts: VonageAdapterOptions) {
    requireText('vonage.apiKey', opts.apiKey);
    requireText('vonage.apiSecret', opts.apiSecret);
    this.baseUrl = optionalUrl('vonage.baseUrl', opts.baseUrl) ?? 'https://rest.nexmo.com';
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const form = new URLSearchParams({
      api_key: this.opts.apiKey,
      api_secret: this.opts.apiSecret,
      from: msg.from.replace(/^\+/, ''),
      to: msg.to.replace(/^\+/, ''),
      text: msg.text,
      type: isGsm7(msg.text) ? 'text' : 'unicode',
      'client-ref': msg.id,
    });
    if (msg.dlrUrl) {
      form.set('status-report-req', '1');
      form.set('callback', msg.dlrUrl);
    }
    const policy = await this.opts.destinations?.();
    const reply = await httpCall('vonage', joinUrl(this.baseUrl, '/sms/json'), {
      ...(policy ? { policy } : {}),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    assertOk('vonage', reply);
    const body = jsonBody('vonage', reply);
    const parts = Array.isArray(body['messages']) ? (body['messages'] as Array<Record<string, unknown>>) : [];
    if (parts.length === 0) throw new ProviderSendError('vonage', 'bad_response', 'answer has no messages[]', false);
    const failed = parts.find((p) => String(p['status']) !== '0');
    if (failed) {
      const status = String(failed['status']);
      const text = String(failed['error-text'] ?? 'refused');
      const retryable = RETRYABLE_STATUS.has(status);
      const code = status === '1' ? 'throttled' : retryable ? 'server_error' : status === '4' ? 'auth_failed' : 'rejected';
      throw new ProviderSendError('vonage', code, `status ${status}: ${text}`, retryable, { providerCode: status });
    }
    return {
      providerMessageIds: parts.map((p) => String(p['message-id'])),
      status: 'queued',
      segments: parts.length,
    };
  }
}
