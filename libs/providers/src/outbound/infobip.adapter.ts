import { requireText, requireUrl } from './adapter-options';
import type { Destinations } from './destination-policy';
import { assertOk, httpCall, joinUrl, jsonBody } from './http-client';
import { ProviderSendError, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface InfobipAdapterOptions {
  apiKey: string;
  /** Your personal base URL, e.g. https://xxxxx.api.infobip.com */
  baseUrl: string;
  timeoutMs?: number;
  /** The address policy every connection must pass (the API's current one: an allow-list changes); none: any address. */
  destinations?: Destinations;
}

/** Infobip status group 5 is REJECTED: the message was refused and will not be sent. */
const REJECTED_GROUP = 5;

/** Infobip SMS API: `POST /sms/2/text/advanced`, `Authorization: App <key>`, our id as messageId. */
export class InfobipAdapter implements SmsAdapter {
  readonly provider = 'infobip' as const;
  constructor(private readonly opts: InfobipAdapterOptions) {
    requireText('infobip.apiKey', opts.apiKey);
    requireUrl('infobip.baseUrl', opts.baseUrl);
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const message: Record<string, unknown> = {
      from: msg.from.replace(/^\+/, ''),
      destinations: [{ to: msg.to.replace(/^\+/, ''), messageId: msg.id }],
      text: msg.text,
    };
    if (msg.dlrUrl) {
      message['notifyUrl'] = msg.dlrUrl;
      message['notifyContentType'] = 'application/json';
    }
    const policy = await this.opts.destinations?.();
    const reply = await httpCall('infobip', joinUrl(this.opts.baseUrl, '/sms/2/text/advanced'), {
      ...(policy ? { policy } : {}),
      headers: { authorization: `App ${this.opts.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ messages: [message] }),
      timeoutMs: this.opts.timeoutMs ?? 15_000,
    });
    assertOk('infobip', reply, describeInfobipError);
    const body = jsonBody('infobip', reply);
    const sent = Array.isArray(body['messages']) ? (body['messages'] as Array<Record<string, unknown>>) : [];
    const first = sent[0];
    if (!first) throw new ProviderSendError('infobip', 'bad_response', 'answer has no messages[]', false);
    const status = (first['status'] ?? {}) as Record<string, unknown>;
    if (Number(status['groupId']) === REJECTED_GROUP) {
      throw new ProviderSendError('infobip', 'rejected', `${String(status['name'])}: ${String(status['description'] ?? '')}`, false, {
        providerCode: String(status['id']),
      });
    }
    const smsCount = Number(first['smsCount']);
    return {
      providerMessageIds: [String(first['messageId'])],
      status: 'queued',
      ...(smsCount > 0 ? { segments: smsCount } : {}),
    };
  }
}

function describeInfobipError(body: unknown): string | undefined {
  const ex = (body as { requestError?: { serviceException?: { messageId?: string; text?: string } } } | undefined)?.requestError
    ?.serviceException;
  return ex ? `${ex.messageId ?? ''}: ${ex.text ?? ''}` : undefined;
}
