import { ProviderSendError, errorForHttpStatus, parseRetryAfter, type ProviderName } from './sms-adapter';

export interface HttpCallOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/** Makes one HTTP call and turns transport failures into retryable provider errors. A timeout is
 * retryable although the provider may have accepted the message: callers that must never send
 * twice pass an idempotency reference (our message id) that the provider de-duplicates on. */
export async function httpCall(provider: ProviderName, url: string, opts: HttpCallOptions): Promise<HttpReply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'POST',
      headers: opts.headers,
      body: opts.body,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new ProviderSendError(provider, 'timeout', `no answer from ${url} within ${opts.timeoutMs} ms`, true);
    }
    const code = e.cause?.code ?? e.message;
    throw new ProviderSendError(provider, 'network', `cannot reach ${url}: ${code}`, true);
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
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
