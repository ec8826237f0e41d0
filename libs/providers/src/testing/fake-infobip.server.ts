import { FakeHttpServer, contentType, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

interface InfobipMessage {
  from?: string;
  destinations?: Array<{ to?: string; messageId?: string }>;
  text?: string;
  notifyUrl?: string;
}

/** Speaks Infobip `POST /sms/2/text/advanced` with `Authorization: App <key>`. */
export class FakeInfobipServer extends FakeHttpServer {
  private seq = 0;
  private readonly accepted = new Map<string, { to: string; notifyUrl?: string }>();
  constructor(readonly apiKey: string) {
    super();
  }

  get messages(): InfobipMessage[] {
    return this.requests.flatMap((r) => ((parseJson(r.body) as { messages?: InfobipMessage[] } | undefined)?.messages ?? []));
  }

  /** POSTs an Infobip delivery report (`results[]`) to the message's notifyUrl. */
  deliveryReport(messageId: string, groupName: 'DELIVERED' | 'UNDELIVERABLE' | 'EXPIRED' | 'REJECTED' | 'PENDING'): Promise<number> {
    const m = this.accepted.get(messageId);
    if (!m?.notifyUrl) throw new Error(`fake Infobip: no notifyUrl for ${messageId}`);
    const groupId = { PENDING: 1, UNDELIVERABLE: 2, DELIVERED: 3, EXPIRED: 4, REJECTED: 5 }[groupName];
    const ok = groupName === 'DELIVERED' || groupName === 'PENDING';
    const body = JSON.stringify({
      results: [{
        bulkId: 'bulk-dlr', messageId, to: m.to, sentAt: new Date().toISOString(), doneAt: new Date().toISOString(), smsCount: 1,
        price: { pricePerMessage: 0.01, currency: 'EUR' },
        status: { groupId, groupName, id: ok ? 5 : 9, name: ok ? 'DELIVERED_TO_HANDSET' : `${groupName}_NOT_DELIVERED`, description: groupName },
        error: ok ? { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false }
          : { groupId: 1, groupName: 'HANDSET_ERRORS', id: 27, name: 'EC_ABSENT_SUBSCRIBER', description: 'Absent Subscriber', permanent: false },
      }],
    });
    return this.callback(m.notifyUrl, { 'content-type': 'application/json' }, body);
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (req.method !== 'POST' || req.path !== '/sms/2/text/advanced') return serviceException(404, 'NOT_FOUND', 'Not found');
    if (req.headers.authorization !== `App ${this.apiKey}`) return serviceException(401, 'UNAUTHORIZED', 'Invalid login details');
    if (contentType(req.headers) !== 'application/json') return serviceException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Use application/json');
    const body = parseJson(req.body) as { messages?: InfobipMessage[] } | undefined;
    const messages = body?.messages;
    if (!Array.isArray(messages) || messages.length === 0) return serviceException(400, 'BAD_REQUEST', 'messages: must not be empty');
    for (const m of messages) {
      if (!m.text || !m.destinations?.length || !m.destinations.every((d) => d.to)) {
        return serviceException(400, 'BAD_REQUEST', 'Invalid destination address or text');
      }
    }
    return undefined;
  }

  private remember(messageId: string | undefined, to: string, notifyUrl: string | undefined): string {
    if (messageId) this.accepted.set(messageId, { to, ...(notifyUrl ? { notifyUrl } : {}) });
    return to;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const body = parseJson(req.body) as { messages: InfobipMessage[] };
    const out = body.messages.flatMap((m) =>
      (m.destinations ?? []).map((d) => ({
        to: this.remember(d.messageId, d.to ?? '', m.notifyUrl),
        status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
        messageId: d.messageId ?? `ib-${++this.seq}`,
        smsCount: Math.max(1, Math.ceil((m.text ?? '').length / 153)),
      })),
    );
    return { status: 200, body: { bulkId: `bulk-${++this.seq}`, messages: out } };
  }
}

export function serviceException(status: number, messageId: string, text: string): FakeReply {
  return { status, body: { requestError: { serviceException: { messageId, text } } } };
}
