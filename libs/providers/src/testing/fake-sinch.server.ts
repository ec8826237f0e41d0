import { FakeHttpServer, contentType, parseJson, type FakeReply, type RecordedRequest } from './fake-http.server';

interface SinchBatch {
  from?: string;
  to?: string[];
  body?: string;
  delivery_report?: string;
  callback_url?: string;
  client_reference?: string;
}

/** Speaks Sinch XMS `POST /xms/v1/{servicePlanId}/batches` with a bearer token. */
export class FakeSinchServer extends FakeHttpServer {
  private seq = 0;
  private readonly accepted = new Map<string, SinchBatch>();
  constructor(
    readonly servicePlanId: string,
    readonly apiToken: string,
  ) {
    super();
  }

  get batches(): SinchBatch[] {
    return this.requests.map((r) => parseJson(r.body) as SinchBatch);
  }

  /** POSTs a per-recipient delivery report (`recipient_delivery_report_sms`) to the batch's callback_url. */
  deliveryReport(batchId: string, status: 'Delivered' | 'Failed' | 'Expired' | 'Rejected' | 'Dispatched', code = status === 'Delivered' ? 0 : 402): Promise<number> {
    const b = this.accepted.get(batchId);
    if (!b?.callback_url) throw new Error(`fake Sinch: no callback_url for ${batchId}`);
    const body = JSON.stringify({
      type: 'recipient_delivery_report_sms', batch_id: batchId, recipient: b.to?.[0], code, status,
      at: new Date().toISOString(), operator_status_at: new Date().toISOString(),
      ...(b.client_reference ? { client_reference: b.client_reference } : {}),
    });
    return this.callback(b.callback_url, { 'content-type': 'application/json' }, body);
  }

  protected handle(req: RecordedRequest): FakeReply | undefined {
    if (req.method !== 'POST' || req.path !== `/xms/v1/${this.servicePlanId}/batches`) return sinchError(404, 'not_found', 'Not found');
    if (req.headers.authorization !== `Bearer ${this.apiToken}`) return sinchError(401, 'unauthorized', 'Unauthorized');
    if (contentType(req.headers) !== 'application/json') return sinchError(415, 'unsupported_media_type', 'Use application/json');
    const b = parseJson(req.body) as SinchBatch | undefined;
    if (!b) return sinchError(400, 'syntax_invalid_json', 'The JSON is malformed');
    if (!b.from || !b.body || !Array.isArray(b.to) || b.to.length === 0) {
      return sinchError(400, 'syntax_constraint_violation', 'from, to and body are required');
    }
    return undefined;
  }

  protected accept(req: RecordedRequest): FakeReply {
    const b = parseJson(req.body) as SinchBatch;
    const now = new Date().toISOString();
    const id = `01FC66621XXXXX${(++this.seq).toString().padStart(6, '0')}`;
    this.accepted.set(id, b);
    return {
      status: 201,
      body: {
        id,
        to: b.to,
        from: b.from,
        canceled: false,
        body: b.body,
        type: 'mt_text',
        created_at: now,
        modified_at: now,
        delivery_report: b.delivery_report ?? 'none',
        expire_at: now,
        flash_message: false,
        ...(b.client_reference ? { client_reference: b.client_reference } : {}),
      },
    };
  }
}

export function sinchError(status: number, code: string, text: string): FakeReply {
  return { status, body: { code, text } };
}
