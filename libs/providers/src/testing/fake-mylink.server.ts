import { randomUUID } from 'node:crypto';
import { FakeHttpServer, basicAuth, contentType, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

interface MyLinkMessage {
  source?: string;
  destination?: string;
  userData?: string;
  referenceId?: string;
  dlrUrl?: string;
}

/** Speaks the (assumed, see mylink.adapter.ts) MyLINK API: `/oauth/token` client credentials and
 * `POST /sms/send` with a bearer token and ≤ 1000 messages. Tokens live `tokenTtlSeconds`;
 * `revokeTokens()` simulates a server-side revocation so the next send gets a 401. */
export class FakeMyLinkServer extends FakeHttpServer {
  private seq = 0;
  private readonly tokens = new Map<string, number>();
  private readonly byMessageId = new Map<string, MyLinkMessage>();
  tokenTtlSeconds = 3600;
  /** Sizes of the accepted /sms/send batches, in order. */
  readonly batchSizes: number[] = [];

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super();
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/oauth/token`;
  }

  get tokenRequests(): number {
    return this.requests.filter((r) => r.path === '/oauth/token').length;
  }

  /** Messages of the accepted /sms/send batches (refused requests are not in here). */
  readonly messages: MyLinkMessage[] = [];

  /** POSTs the (assumed) MyLINK delivery report `{messageId, referenceId, status, resultCode}` to the dlrUrl. */
  deliveryReport(messageId: string, status: 'delivered' | 'undelivered' | 'failed' | 'expired', resultCode = status === 'delivered' ? 0 : 1): Promise<number> {
    const m = this.byMessageId.get(messageId);
    if (!m?.dlrUrl) throw new Error(`fake MyLINK: no dlrUrl for ${messageId}`);
    const body = JSON.stringify({ messageId, referenceId: m.referenceId, status, resultCode });
    return this.callback(m.dlrUrl, { 'content-type': 'application/json' }, body);
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (req.method === 'POST' && req.path === '/oauth/token') return this.token(req);
    if (req.method !== 'POST' || req.path !== '/sms/send') return { status: 404, body: { error: 'not_found' } };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    if (!expires || expires < Date.now()) return { status: 401, body: { error: 'invalid_token' } };
    if (contentType(req.headers) !== 'application/json') return { status: 415, body: { error: 'use application/json' } };
    const batch = parseJson(req.body);
    if (!Array.isArray(batch) || batch.length === 0) return { status: 400, body: { error: 'body must be a non-empty array' } };
    if (batch.length > 1000) return { status: 413, body: { error: `batch of ${batch.length} exceeds 1000 messages` } };
    return undefined;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const batch = parseJson(req.body) as MyLinkMessage[];
    this.batchSizes.push(batch.length);
    this.messages.push(...batch);
    return {
      status: 202,
      body: batch.map((m) =>
        m.destination && m.userData && m.referenceId
          ? { referenceId: m.referenceId, messageId: this.remember(`ml-${++this.seq}`, m) }
          : { referenceId: m.referenceId, error: { code: 'INVALID_MESSAGE', message: 'destination, userData and referenceId are required' } },
      ),
    };
  }

  private remember(messageId: string, m: MyLinkMessage): string {
    this.byMessageId.set(messageId, m);
    return messageId;
  }

  private token(req: RecordedRequest): FakeReply {
    const auth = basicAuth(req.headers);
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (!auth || decodeURIComponent(auth.user) !== this.clientId || decodeURIComponent(auth.pass) !== this.clientSecret) {
      return { status: 401, body: { error: 'invalid_client' } };
    }
    const value = randomUUID();
    this.tokens.set(value, Date.now() + this.tokenTtlSeconds * 1000);
    return { status: 200, body: { access_token: value, token_type: 'Bearer', expires_in: this.tokenTtlSeconds } };
  }
}
