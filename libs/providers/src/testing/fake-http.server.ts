import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A provider peer on 127.0.0.1. Subclasses speak one provider's protocol in `handle`; the base
 * records every request and can be scripted to fail the next N requests before answering normally. */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripted: FakeReply[] = [];
  private server: Server | undefined;
  private url = '';

  /** Answers the next `times` requests (after auth and validation pass) with this reply. */
  failNext(times: number, reply: FakeReply): this {
    for (let i = 0; i < times; i++) this.scripted.push(reply);
    return this;
  }

  get baseUrl(): string {
    if (!this.url) throw new Error('fake server not started: call start() first');
    return this.url;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        let reply: FakeReply;
        try {
          reply = this.handle(recorded) ?? this.scripted.shift() ?? this.accept(recorded);
        } catch (err) {
          reply = { status: 500, body: { error: String(err) } };
        }
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(payload);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Calls a webhook the way the provider would; resolves with the receiver's HTTP status. */
  protected async callback(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const res = await fetch(url, { method: 'POST', headers, body });
    await res.arrayBuffer();
    return res.status;
  }

  /** Protocol checks (auth, content type, required fields). Return a reply to refuse the request,
   * or undefined to let the scripted failures or `accept` answer. */
  protected abstract handle(req: RecordedRequest): FakeReply | undefined;

  /** The provider's success answer. */
  protected abstract accept(req: RecordedRequest): FakeReply;
}

export function basicAuth(headers: IncomingHttpHeaders): { user: string; pass: string } | undefined {
  const m = /^Basic (.+)$/.exec(headers.authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

export function contentType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
