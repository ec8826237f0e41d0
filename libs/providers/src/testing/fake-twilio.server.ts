import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { FakeHttpServer, basicAuth, contentType, type FakeReply, type RecordedRequest } from './fake-http.server';

/** Speaks the Twilio Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form encoded,
 * HTTP basic auth with the account SID and auth token, answering 201 with a Message resource. */
export class FakeTwilioServer extends FakeHttpServer {
  private seq = 0;
  private readonly accepted = new Map<string, URLSearchParams>();
  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    super();
  }

  /** Form fields of every accepted Messages.json POST, in order. */
  get messages(): URLSearchParams[] {
    return this.requests.filter((r) => r.path.endsWith('/Messages.json')).map((r) => new URLSearchParams(r.body));
  }

  /** POSTs the status callback Twilio sends to `StatusCallback`, form encoded and signed with
   * X-Twilio-Signature by the official SDK's own signing code. Resolves with the HTTP status. */
  deliveryReport(sid: string, status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed', errorCode?: string): Promise<number> {
    const form = this.accepted.get(sid);
    const url = form?.get('StatusCallback');
    if (!form || !url) throw new Error(`fake Twilio: no StatusCallback for ${sid}`);
    const params: Record<string, string> = {
      AccountSid: this.accountSid, ApiVersion: '2010-04-01', From: form.get('From') ?? '', To: form.get('To') ?? '',
      MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status,
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    };
    const signature = twilio.getExpectedTwilioSignature(this.authToken, url, params);
    return this.callback(url, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, new URLSearchParams(params).toString());
  }

  /** POSTs an inbound MO to a Messaging webhook URL as Twilio does: form fields, signed with
   * X-Twilio-Signature by the official SDK. `signWith` lets a test send a wrongly signed one. */
  async inboundMessage(url: string, mo: { from: string; to: string; body: string; signWith?: string }): Promise<{ status: number; messageSid: string; body: string }> {
    const messageSid = `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = {
      ToCountry: 'GB', ToState: '', SmsMessageSid: messageSid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: messageSid,
      FromState: '', SmsStatus: 'received', FromCity: '', Body: mo.body, FromCountry: 'GB', To: mo.to, ToZip: '',
      NumSegments: '1', MessageSid: messageSid, AccountSid: this.accountSid, From: mo.from, ApiVersion: '2010-04-01',
    };
    const signature = twilio.getExpectedTwilioSignature(mo.signWith ?? this.authToken, url, params);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, messageSid, body: await res.text() };
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (req.method !== 'POST' || req.path !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }
    const auth = basicAuth(req.headers);
    if (!auth || auth.user !== this.accountSid || auth.pass !== this.authToken) return twilioError(401, 20003, 'Authenticate');
    if (contentType(req.headers) !== 'application/x-www-form-urlencoded') return twilioError(400, 20001, 'Expected a form body');
    const form = new URLSearchParams(req.body);
    if (!form.get('To')) return twilioError(400, 21604, "A 'To' phone number is required.");
    const service = form.get('MessagingServiceSid');
    if (!form.get('From') && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (service && !/^MG[0-9a-f]{32}$/.test(service)) return twilioError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
    if (!form.get('Body')) return twilioError(400, 21602, 'Message body is required.');
    return undefined;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const form = new URLSearchParams(req.body);
    const sid = `SM${(++this.seq).toString(16).padStart(32, '0')}`;
    this.accepted.set(sid, form);
    const body = form.get('Body') ?? '';
    return {
      status: 201,
      body: {
        sid,
        account_sid: this.accountSid,
        to: form.get('To'),
        from: form.get('From'),
        messaging_service_sid: form.get('MessagingServiceSid'),
        body,
        status: 'queued',
        num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      },
    };
  }
}

export function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
