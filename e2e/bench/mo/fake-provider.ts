/**
 * The carrier side of the benchmark, on 127.0.0.1: a fake generic provider that receives the MTs
 * Moflow sends (JSON `{id, from, to, text}`, HMAC-signed) and records when each arrived. As the
 * generic protocol asks of a gateway (docs/providers.md), `id` is an idempotency key: a message
 * sent again with an id it already has (Moflow resending after a crash during the call) is answered
 * with the same provider id and counted in `repeats`, not delivered a second time.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, SIGNATURE_HEADER } from './http-load';

export interface ReceivedMt { id: string; to: string; text: string; at: number }

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function signatureOk(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  const given = Buffer.from(String(header ?? ''));
  const expected = Buffer.from(sign(secret, body.toString('utf8')));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});

export class FakeProvider {
  /** Messages, once per id, in arrival order. */
  readonly received: ReceivedMt[] = [];
  /** Copies of an id already received (idempotent resends): answered, not delivered again. */
  readonly repeats: ReceivedMt[] = [];
  private readonly providerIds = new Map<string, string>();
  /** MTs whose signature did not verify: Moflow signing with the wrong secret is a failure too. */
  rejected = 0;
  url = '';
  private readonly server: Server;
  private waiters: Array<() => void> = [];
  private readonly listeners = new Set<(mt: ReceivedMt) => void>();

  constructor(private readonly secret: string) {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        if (!signatureOk(this.secret, body, req.headers[SIGNATURE_HEADER])) {
          this.rejected++;
          res.writeHead(401).end();
          return;
        }
        const mt = JSON.parse(body.toString('utf8')) as { id: string; to: string; text: string };
        const received = { id: mt.id, to: mt.to, text: mt.text, at: performance.now() };
        const known = this.providerIds.get(mt.id);
        if (known) {
          this.repeats.push(received);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: known }));
          return;
        }
        this.received.push(received);
        const providerId = `fake-${this.received.length}`;
        this.providerIds.set(mt.id, providerId);
        for (const l of this.listeners) l(received);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: providerId }));
        for (const w of this.waiters.splice(0)) w();
      });
    });
  }

  async start(): Promise<string> {
    this.url = `${await listen(this.server)}/mt`;
    return this.url;
  }

  /** Calls `listener` for every MT from now on; returns the unsubscribe function. */
  onMt(listener: (mt: ReceivedMt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves on the next MT (or after `ms`), for pollers that wait for progress. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.waiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  /**
   * Waits until `done()` holds, giving up when no MT arrived for `idleMs` (the server stopped making
   * progress) or after `maxMs`. Returns whether it held.
   */
  async waitUntil(done: () => boolean, idleMs: number, maxMs = Infinity): Promise<boolean> {
    const started = performance.now();
    let last = this.received.length;
    let lastProgress = performance.now();
    while (!done()) {
      const now = performance.now();
      if (now - lastProgress > idleMs || now - started > maxMs) return false;
      await this.next(200);
      if (this.received.length !== last) {
        last = this.received.length;
        lastProgress = performance.now();
      }
    }
    return true;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
