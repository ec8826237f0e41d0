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
  constructor(
    readonly servicePlanId: string,
    readonly apiToken: string,
  ) {
    super();
  }

  get batches(): SinchBatch[] {
    return this.requests.map((r) => parseJson(r.body) as SinchBatch);
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
    return {
      status: 201,
      body: {
        id: `01FC66621XXXXX${(++this.seq).toString().padStart(6, '0')}`,
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
