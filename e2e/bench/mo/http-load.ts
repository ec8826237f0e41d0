/**
 * The load generator's HTTP side: keep-alive agents, signed generic webhooks, and the two load
 * shapes the benchmark needs (closed loop for saturation, open loop at a fixed rate for latency).
 * Node builtins only, so the same code drives the Moflow API and the bare floor server.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export const SIGNATURE_HEADER = 'x-moflow-signature';

export function sign(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout closes them under us. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000 });
}

export interface HttpResult { status: number; body: string }

/**
 * One request; network errors (a killed server) resolve as status 0 with the error text. A reused
 * keep-alive socket that the server closed at the same moment is retried once on a new one.
 */
export async function post(agent: Agent, url: string, body: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  const first = await postOnce(agent, url, body, headers);
  return first.status === 0 && /ECONNRESET|socket hang up/.test(first.body) ? postOnce(agent, url, body, headers) : first;
}

function postOnce(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, body: String(e) }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    req.end(body);
  });
}

export interface Mo { id: string; from: string; to: string; text: string }

/** Posts one MO the way the generic provider does: JSON body, HMAC of the exact bytes. */
export function postMo(agent: Agent, url: string, secret: string, mo: Mo): Promise<HttpResult> {
  const body = JSON.stringify(mo);
  return post(agent, url, body, { [SIGNATURE_HEADER]: sign(secret, body) });
}

export interface LoadStats {
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from the planned send time to the 2xx, one per acknowledged request. */
  latencies: number[];
  startedAt: number;
  endedAt: number;
  /** First non-2xx answers, for the report when something is refused. */
  errors: string[];
}

const newStats = (): LoadStats => ({ sent: 0, ok: 0, failed: 0, latencies: [], startedAt: performance.now(), endedAt: 0, errors: [] });

function record(stats: LoadStats, r: HttpResult, plannedAt: number): boolean {
  const ok = r.status >= 200 && r.status < 300;
  if (ok) {
    stats.ok++;
    stats.latencies.push(performance.now() - plannedAt);
  } else {
    stats.failed++;
    if (stats.errors.length < 5) stats.errors.push(`${r.status} ${r.body.slice(0, 200)}`);
  }
  return ok;
}

/** Closed loop: `concurrency` senders, each sending its next request when the previous one is answered. */
export async function closedLoop(concurrency: number, durationMs: number, send: (n: number) => Promise<HttpResult>): Promise<LoadStats> {
  const stats = newStats();
  const until = stats.startedAt + durationMs;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const i = n++;
      stats.sent++;
      const at = performance.now();
      record(stats, await send(i), at);
    }
  }));
  stats.endedAt = performance.now();
  return stats;
}

/**
 * Open loop at a fixed rate: request i is planned at start + i/rate and sent then whatever the
 * server's state; latency counts from the planned time, so a server that falls behind shows it
 * (no coordinated omission).
 */
export async function openLoop(ratePerSecond: number, durationMs: number, send: (n: number, plannedAt: number) => Promise<HttpResult>): Promise<LoadStats> {
  const stats = newStats();
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  const inflight: Promise<void>[] = [];
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && stats.startedAt + (i * 1000) / ratePerSecond <= now) {
      const plannedAt = stats.startedAt + (i * 1000) / ratePerSecond;
      stats.sent++;
      inflight.push(send(i, plannedAt).then((r) => void record(stats, r, plannedAt)));
      i++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  stats.endedAt = performance.now();
  return stats;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}
