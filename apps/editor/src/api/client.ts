/**
 * Thin fetch wrapper for /api/v1: sends the session cookie, echoes the CSRF cookie in X-CSRF-Token
 * on unsafe requests, and turns error bodies into ApiRequestError with the server's code.
 */
import type { ApiError } from '@moflow/api-contract';

export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly body: ApiError) {
    super(body.message || `request failed with ${status}`);
  }
  get code(): string { return this.body.code; }
}

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

let csrfFromLogin: string | null = null;
export function rememberCsrf(token: string | null): void { csrfFromLogin = token; }

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('moflow_csrf') ?? csrfFromLogin;
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const res = await fetch(`/api/v1${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (parsed && typeof parsed === 'object' ? parsed : {}) as Partial<ApiError>;
    throw new ApiRequestError(res.status, {
      statusCode: res.status, code: err.code ?? `HTTP_${res.status}`, message: err.message ?? (res.statusText || 'request failed'),
      ...(err.problems ? { problems: err.problems } : {}), ...(err.details ? { details: err.details } : {}),
    });
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return { message: text.slice(0, 200) }; }
}
