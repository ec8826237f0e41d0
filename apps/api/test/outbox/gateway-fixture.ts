import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyGenericSignature } from '@moflow/sms';

export interface GatewayMt { id: string; to: string; text: string; at: number }

/**
 * A customer's gateway for the generic webhook provider on 127.0.0.1: verifies the signature,
 * answers after `delayMs` (or when released, while `hold` is on), and records what arrived, in
 * arrival order, and the most requests it had open at once.
 */
export class Gateway {
  readonly received: GatewayMt[] = [];
  open = 0;
  maxOpen = 0;
  hold = false;
  private held: (() => void)[] = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly secret: string, private readonly delayMs = 0) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!verifyGenericSignature(this.secret, body, String(req.headers['x-moflow-signature'] ?? ''))) {
          res.writeHead(401).end();
          return;
        }
        const mt = JSON.parse(body) as GatewayMt;
        this.received.push({ id: mt.id, to: mt.to, text: mt.text, at: Date.now() });
        this.maxOpen = Math.max(this.maxOpen, ++this.open);
        const answer = () => {
          this.open--;
          res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `gw-${mt.id}` }));
        };
        if (this.hold) this.held.push(answer);
        else if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }

  release(): void {
    this.hold = false;
    for (const answer of this.held.splice(0)) answer();
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
