/**
 * In-memory ports standing in for the host (API server, simulator). They record every call so
 * fixtures can assert what the engine asked of the outside world, and play back scripted HTTP
 * responses and table rows.
 */
import {
  HttpPortError,
  type EnginePorts,
  type HttpRequest,
  type HttpResponse,
  type OutboundMessage,
  type SecretValue,
  type TicketRequest,
} from '../../src';

export type ScriptedHttp =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { error: 'timeout' | 'network' | 'too_large' | 'refused' };

export interface PortScript {
  http?: ScriptedHttp[];
  tables?: Record<string, Record<string, Record<string, unknown>>>;
  /** A plain value is bound to the example hosts the tests use; give `{ value, hosts }` to test binding. */
  secrets?: Record<string, string | SecretValue>;
  /** Values returned by the random port in turn (default 0.5). */
  random?: number[];
}

export interface FakeHost {
  ports: EnginePorts;
  clock: { now: number };
  requests: HttpRequest[];
  sleeps: number[];
  tickets: TicketRequest[];
  messages: OutboundMessage[];
  contactUpdates: { contactId: string; patch: unknown }[];
  subscriptions: { contactId: string; list: string; subscribed: boolean }[];
  secretReads: string[];
}

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

export function fakeHost(script: PortScript = {}): FakeHost {
  const http = [...(script.http ?? [])];
  const random = [...(script.random ?? [])];
  const host: FakeHost = {
    clock: { now: T0 },
    requests: [],
    sleeps: [],
    tickets: [],
    messages: [],
    contactUpdates: [],
    subscriptions: [],
    secretReads: [],
    ports: undefined as unknown as EnginePorts,
  };
  host.ports = {
    http: {
      async request(req): Promise<HttpResponse> {
        host.requests.push(req);
        const next = http.shift();
        if (!next) throw new Error(`fake http: no scripted response left for ${req.method} ${req.url}`);
        if ('error' in next) throw new HttpPortError(next.error, `${next.error} (scripted) after ${req.timeoutMs}ms`);
        const body = typeof next.body === 'string' ? next.body : next.body === undefined ? '' : JSON.stringify(next.body);
        const headers = next.headers ?? (typeof next.body === 'object' ? { 'content-type': 'application/json' } : {});
        return { status: next.status, headers, body };
      },
    },
    tables: {
      async find(table, key) {
        return script.tables?.[table]?.[key] ?? null;
      },
    },
    tickets: {
      async open(req) {
        host.tickets.push(req);
        return { ticketId: `tk-${host.tickets.length}` };
      },
    },
    messages: {
      async send(msg) {
        host.messages.push(msg);
        return { messageId: `mt-${host.messages.length}` };
      },
    },
    contacts: {
      async update(contactId, patch) {
        host.contactUpdates.push({ contactId, patch });
      },
      async setSubscription(contactId, list, subscribed) {
        host.subscriptions.push({ contactId, list, subscribed });
      },
    },
    clock: {
      now: () => host.clock.now,
      async sleep(ms) {
        host.sleeps.push(ms);
        host.clock.now += ms;
      },
    },
    ids: { newId: (prefix) => `${prefix}-1` },
    secrets: {
      async get(name) {
        host.secretReads.push(name);
        const s = script.secrets?.[name];
        return typeof s === 'string' ? { value: s, hosts: ['*.example', '*.example.com'] } : s;
      },
    },
    random: { next: () => random.shift() ?? 0.5 },
  };
  return host;
}
