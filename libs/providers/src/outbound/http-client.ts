import http from 'node:http';
import https from 'node:https';
import { DestinationRefused, type DestinationPolicy } from './destination-policy';
import { ProviderSendError, errorForHttpStatus, parseRetryAfter, type ProviderName } from './sms-adapter';

export interface HttpCallOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Keep at most this much of the answer; past it the rest is not read and the connection is dropped. */
  maxResponseBytes?: number;
  /** Where the call may connect, judged when a connection opens (each address a name resolves to); none: anywhere. */
  policy?: DestinationPolicy;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Keep-alive agents shared by every call without a destination policy (a policy brings its own,
 * so a socket opened unjudged is never reused by a judged call): an MT reuses an open connection. Plain
 * `node:http` rather than `fetch`: on the sender's hot path fetch's web streams cost several times
 * the CPU of the request itself (profile of `npm run bench:mo`).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

export class CallTimeout extends Error {}

/** Makes one HTTP call and turns transport failures into retryable provider errors. A timeout is
 * retryable although the provider may have accepted the message: callers that must never send
 * twice pass an idempotency reference (our message id) that the provider de-duplicates on. */
export async function httpCall(provider: ProviderName, url: string, opts: HttpCallOptions): Promise<HttpReply> {
  try {
    return await httpRequest(url, opts);
  } catch (err) {
    if (err instanceof DestinationRefused) throw new ProviderSendError(provider, 'rejected', err.message, false);
    if (err instanceof CallTimeout) {
      throw new ProviderSendError(provider, 'timeout', `no answer from ${url} within ${opts.timeoutMs} ms`, true);
    }
    const e = err as Error & { code?: string };
    throw new ProviderSendError(provider, 'network', `cannot reach ${url}: ${e.code ?? e.message}`, true);
  }
}

/**
 * One HTTP exchange, no redirects followed. Rejects with DestinationRefused (the policy refused
 * where it would connect), CallTimeout, or the transport's error.
 */
export function httpRequest(url: string, opts: HttpCallOptions): Promise<HttpReply> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const headers: Record<string, string | number> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
  // The policy's agents judge every connection they open (kept-alive ones were judged under this same version).
  const agent = (opts.policy?.agents ?? agents)[secure ? 'https:' : 'http:'];
  return new Promise<HttpReply>((resolve, reject) => {
    const req = (secure ? https : http).request(target, { method: opts.method ?? 'POST', headers, agent });
    const timer = setTimeout(() => req.destroy(new CallTimeout()), opts.timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        clearTimeout(timer);
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers: new Headers(pairs), text: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (opts.maxResponseBytes !== undefined && size > opts.maxResponseBytes) {
          done();
          req.destroy();
        }
      });
      res.on('error', fail);
      res.on('end', done);
    });
    req.end(opts.body);
  });
}

/** Throws the classified error for a non-2xx reply; the provider's own message goes in the text. */
export function assertOk(provider: ProviderName, reply: HttpReply, describe: (body: unknown) => string | undefined = () => undefined): void {
  if (reply.status >= 200 && reply.status < 300) return;
  const body = tryJson(reply.text);
  const detail = describe(body) ?? reply.text.slice(0, 200);
  throw errorForHttpStatus(provider, reply.status, detail, parseRetryAfter(reply.headers.get('retry-after')));
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses a 2xx JSON body; a provider answering 2xx with garbage is a bug on their side we cannot
 * retry blindly (the message may have been accepted), so it is permanent. */
export function jsonBody(provider: ProviderName, reply: HttpReply): Record<string, unknown> {
  const body = tryJson(reply.text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProviderSendError(provider, 'bad_response', `expected a JSON object, got: ${reply.text.slice(0, 120)}`, false, {
      httpStatus: reply.status,
    });
  }
  return body as Record<string, unknown>;
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
