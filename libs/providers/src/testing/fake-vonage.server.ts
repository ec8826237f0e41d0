import { FakeHttpServer, contentType, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

/** Speaks the Vonage SMS API `POST /sms/json` (form or JSON). Like the real one it answers HTTP 200
 * with per-message status codes; `throttleNext` makes it answer status "1" (Throttled). */
export class FakeVonageServer extends FakeHttpServer {
  private seq = 0;
  private readonly accepted = new Map<string, Record<string, string>>();
  constructor(
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {
    super();
  }

  throttleNext(times: number): this {
    return this.failNext(times, vonageStatus('1', 'Throughput Rate Exceeded - please wait [ 1000 ] and retry'));
  }

  /** Parameters of every request, form or JSON alike. */
  get messages(): Record<string, string>[] {
    return this.requests.map((r) => params(r));
  }

  /** Sends the SMS API delivery receipt for one message-id to the `callback` URL given at send
   * time, as POST-JSON (one of the methods the Vonage dashboard offers). */
  deliveryReport(messageId: string, status: 'delivered' | 'expired' | 'failed' | 'rejected' | 'accepted' | 'buffered', errCode = '0'): Promise<number> {
    const p = this.accepted.get(messageId);
    if (!p?.['callback']) throw new Error(`fake Vonage: no callback for ${messageId}`);
    const body = JSON.stringify({
      msisdn: p['to'], to: p['from'], 'network-code': '23410', messageId, price: '0.03330000', status,
      scts: '2501011201', 'err-code': errCode, 'api-key': this.apiKey, 'message-timestamp': '2025-01-01 12:01:00',
      ...(p['client-ref'] ? { 'client-ref': p['client-ref'] } : {}),
    });
    return this.callback(p['callback'], { 'content-type': 'application/json' }, body);
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (req.method !== 'POST' || req.path !== '/sms/json') return { status: 404, body: 'Not found' };
    const p = params(req);
    if (!p['api_key'] || !p['api_secret']) return vonageStatus('2', 'Missing api_key');
    if (p['api_key'] !== this.apiKey || p['api_secret'] !== this.apiSecret) return vonageStatus('4', 'Bad Credentials');
    for (const field of ['from', 'to', 'text']) {
      if (!p[field]) return vonageStatus('2', `Missing ${field} param`);
    }
    if (p['status-report-req'] === '1' && !/^https?:\/\//.test(p['callback'] ?? '')) return vonageStatus('23', 'Invalid callback url');
    return undefined;
  }

  private remember(id: string, p: Record<string, string>): string {
    this.accepted.set(id, p);
    return id;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const p = params(req);
    const text = p['text'] ?? '';
    const perPart = p['type'] === 'unicode' ? 67 : 153;
    const single = p['type'] === 'unicode' ? 70 : 160;
    const count = text.length <= single ? 1 : Math.ceil(text.length / perPart);
    const messages = Array.from({ length: count }, () => ({
      to: p['to'],
      'message-id': this.remember(`0A0000000${(++this.seq).toString(16).toUpperCase().padStart(8, '0')}`, p),
      status: '0',
      'remaining-balance': '3.14159265',
      'message-price': '0.03330000',
      network: '23410',
      ...(p['client-ref'] ? { 'client-ref': p['client-ref'] } : {}),
    }));
    return { status: 200, body: { 'message-count': String(count), messages } };
  }
}

function params(req: RecordedRequest): Record<string, string> {
  if (contentType(req.headers) === 'application/json') {
    const json = parseJson(req.body);
    return json && typeof json === 'object' ? Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)])) : {};
  }
  return Object.fromEntries(new URLSearchParams(req.body || req.query.toString()));
}

function vonageStatus(status: string, errorText: string): FakeReply {
  return { status: 200, body: { 'message-count': '1', messages: [{ status, 'error-text': errorText }] } };
}
