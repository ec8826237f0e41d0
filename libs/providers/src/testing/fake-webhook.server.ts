import { createHmac, timingSafeEqual } from 'node:crypto';
import { FakeHttpServer, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

/** A customer's gateway receiving Moflow's generic webhook: verifies `X-Moflow-Signature`. */
export class FakeWebhookServer extends FakeHttpServer {
  private seq = 0;
  constructor(readonly secret: string) {
    super();
  }

  get messages(): Array<{ id: string; from: string; to: string; text: string; dlrUrl?: string }> {
    return this.requests.map((r) => parseJson(r.body) as { id: string; from: string; to: string; text: string });
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    const given = String(req.headers['x-moflow-signature'] ?? '');
    const expected = 'sha256=' + createHmac('sha256', this.secret).update(req.body, 'utf8').digest('hex');
    if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      return { status: 401, body: { error: 'bad signature' } };
    }
    const b = parseJson(req.body) as Record<string, unknown> | undefined;
    if (!b || typeof b['id'] !== 'string' || typeof b['to'] !== 'string' || typeof b['text'] !== 'string') {
      return { status: 400, body: { error: 'id, to and text are required' } };
    }
    return undefined;
  }

  protected accept(): FakeReply {
    return { status: 202, body: { messageId: `gw-${++this.seq}` } };
  }
}
