/**
 * Seeds a running Moflow through its public API only, as an admin with a session cookie and the
 * CSRF header: a generic channel whose MTs go to the fake provider, an API key for the REST
 * trigger, and the benchmark's flows, published.
 */
export const MO_SECRET = 'bench-inbound-secret-0123456789';
export const MT_SECRET = 'bench-outbound-secret-0123456789';
export const CHANNEL_ADDRESS = '+14155550100';
export const ADMIN_EMAIL = 'bench-admin@moflow.test';
export const ADMIN_PASSWORD = 'bench-password-123';

type Json = Record<string, unknown>;

export class AdminClient {
  private cookie = '';
  private csrf = '';
  constructor(readonly baseUrl: string) {}

  static async login(baseUrl: string): Promise<AdminClient> {
    const c = new AdminClient(baseUrl);
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login → ${res.status}: ${await res.text()}`);
    c.cookie = res.headers.getSetCookie().map((s) => s.split(';')[0]).join('; ');
    c.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return c;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async genericChannel(mtUrl: string): Promise<string> {
    // the fake provider listens on 127.0.0.1: outbound URLs reach it only allow-listed (lookups' address policy)
    await this.request('POST', '/settings/lookup-allowlist', { entry: new URL(mtUrl).hostname, note: 'benchmark gateway' });
    const ch = await this.request<{ id: string }>('POST', '/channels', {
      name: 'Bench generic', provider: 'generic', address: CHANNEL_ADDRESS, defaultRegion: 'US',
      connection: { url: mtUrl }, credentials: { secret: MT_SECRET, webhookSecret: MO_SECRET },
    });
    return ch.id;
  }

  async apiKey(): Promise<string> {
    return (await this.request<{ key: string }>('POST', '/api-keys', { name: 'bench', scopes: ['flows:execute'] })).key;
  }

  async publish(name: string, definition: Json): Promise<string> {
    const { id } = await this.request<{ id: string }>('POST', '/flows', { name, definition });
    await this.request('POST', `/flows/${id}/publish`, {});
    return id;
  }

  /** Every run of a flow, through the keyset pages of GET /runs. */
  async runsOf(flowId: string): Promise<Array<{ id: string; contactPhone: string; status: string }>> {
    const all: Array<{ id: string; contactPhone: string; status: string }> = [];
    let cursor: string | null = null;
    do {
      const q: string = `/runs?flowId=${flowId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { items: Array<{ id: string; contactPhone: string; status: string }>; nextCursor: string | null } = await this.request('GET', q);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
}

const at = (y: number) => ({ x: 0, y });

/** Flow (a): one turn. The reply repeats the MO's text, so each MT names the MO it answers. */
export function keywordReplyFlow(keyword: string): Json {
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', position: at(0), config: { keywords: [keyword], match: 'first_word', rest: false } },
    { id: 'answer', type: 'reply', position: at(150), config: { text: 'Re: {{ message.text }}' } },
    { id: 'done', type: 'end', position: at(300), config: {} },
  ], edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'answer' },
    { id: 'e2', source: 'answer', sourceHandle: 'next', target: 'done' },
  ] };
}

/** Flow (b): three turns, keyword → ask → wait → match → ask → wait → match → reply. */
export function threeTurnFlow(keyword: string): Json {
  const turn = (n: number, y: number) => [
    { id: `wait${n}`, type: 'wait', position: at(y), config: { timeoutSeconds: 3600 } },
    { id: `match${n}`, type: 'match', position: at(y + 150), config: { cases: [{ id: 'red', mode: 'first_word', values: ['RED'] }] } },
    { id: `ask${n + 1}`, type: 'reply', position: at(y + 300), config: { text: 'Re: {{ message.text }}' } },
  ];
  const edges = (n: number) => [
    { id: `w${n}`, source: `wait${n}`, sourceHandle: 'reply', target: `match${n}` },
    { id: `r${n}`, source: `match${n}`, sourceHandle: 'red', target: `ask${n + 1}` },
    { id: `o${n}`, source: `match${n}`, sourceHandle: 'other', target: `ask${n + 1}` },
  ];
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', position: at(0), config: { keywords: [keyword], match: 'first_word', rest: false } },
    { id: 'ask1', type: 'reply', position: at(150), config: { text: 'Re: {{ message.text }}' } },
    ...turn(1, 300), ...turn(2, 750),
    { id: 'done', type: 'end', position: at(1200), config: {} },
  ], edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'ask1' },
    { id: 'e1', source: 'ask1', sourceHandle: 'next', target: 'wait1' },
    ...edges(1),
    { id: 'e2', source: 'ask2', sourceHandle: 'next', target: 'wait2' },
    ...edges(2),
    { id: 'e3', source: 'ask3', sourceHandle: 'next', target: 'done' },
  ] };
}

/** Started only through POST /flows/:id/executions. */
export function restFlow(): Json {
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', position: at(0), config: { keywords: [], rest: true } },
    { id: 'hello', type: 'reply', position: at(150), config: { text: 'Hello {{ trigger.parameters.n }}' } },
    { id: 'done', type: 'end', position: at(300), config: {} },
  ], edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
    { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'done' },
  ] };
}

/** A distinct, valid US mobile-looking number per index; `block` keeps phases' contacts apart. */
export function phone(block: number, i: number): string {
  return `+1415${String(block * 1_000_000 + i).padStart(7, '0')}`;
}
