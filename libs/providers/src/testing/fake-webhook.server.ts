import { genericSignature, verifyGenericSignature } from '@moflow/sms';
import { FakeHttpServer, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

interface GatewayMessage {
  id: string;
  from: string;
  to: string;
  text: string;
  dlrUrl?: string;
}

/** A customer's gateway receiving Moflow's generic webhook: verifies `X-Moflow-Signature`, and
 * can send the delivery report back in the generic format, signed the same way. */
export class FakeWebhookServer extends FakeHttpServer {
  private seq = 0;
  private readonly accepted = new Map<string, GatewayMessage>();
  constructor(readonly secret: string) {
    super();
  }

  get messages(): GatewayMessage[] {
    return this.requests.map((r) => parseJson(r.body) as GatewayMessage);
  }

  /** POSTs `{id, status, errorCode?}` to the message's dlrUrl; resolves with the HTTP status. */
  deliveryReport(gatewayId: string, status: 'delivered' | 'undelivered' | 'failed' | 'sent', errorCode?: string): Promise<number> {
    const msg = this.accepted.get(gatewayId);
    if (!msg?.dlrUrl) throw new Error(`fake gateway: no dlrUrl for ${gatewayId}`);
    const body = JSON.stringify({ id: gatewayId, status, ...(errorCode ? { errorCode } : {}) });
    return this.callback(msg.dlrUrl, { 'content-type': 'application/json', 'x-moflow-signature': `sha256=${genericSignature(this.secret, body)}` }, body);
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (!verifyGenericSignature(this.secret, req.body, String(req.headers['x-moflow-signature'] ?? ''))) {
      return { status: 401, body: { error: 'bad signature' } };
    }
    const b = parseJson(req.body) as Record<string, unknown> | undefined;
    if (!b || typeof b['id'] !== 'string' || typeof b['to'] !== 'string' || typeof b['text'] !== 'string') {
      return { status: 400, body: { error: 'id, to and text are required' } };
    }
    return undefined;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const id = `gw-${++this.seq}`;
    this.accepted.set(id, parseJson(req.body) as GatewayMessage);
    return { status: 202, body: { messageId: id } };
  }
}
