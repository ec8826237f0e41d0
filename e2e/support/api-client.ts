/**
 * Seeds data through the public API as a logged-in user (session cookie + CSRF header), the same
 * way the editor talks to the server.
 */
import type { CreateFlowRequest, FlowDto, SessionDto } from '@moflow/api-contract';

export class ApiClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseURL: string) {}

  static async login(baseURL: string, email: string, password: string): Promise<ApiClient> {
    const c = new ApiClient(baseURL);
    await c.request<SessionDto>('POST', '/auth/login', { email, password });
    return c;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('moflow_csrf');
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = decodeURIComponent(csrf);
    const res = await fetch(`${this.baseURL}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createFlow(body: CreateFlowRequest): Promise<FlowDto> {
    return this.request<FlowDto>('POST', '/flows', body);
  }
  getFlow(id: string): Promise<FlowDto> {
    return this.request<FlowDto>('GET', `/flows/${id}`);
  }
  createUser(body: { email: string; password: string; name?: string; role: 'admin' | 'editor' | 'ops' }): Promise<unknown> {
    return this.request('POST', '/users', body);
  }
}
