/**
 * Side effects of a run go through these ports only. The engine never does I/O itself; a host
 * (the API server, the simulator, a test) injects implementations. Every port has a default that
 * fails loudly (see defaults.ts) so a forgotten wiring is a clear error, not a silent no-op.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** The lookup step making the request: a simulator answers with that step's mock by it. */
  nodeId?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Raw body text (already capped by the port at maxResponseBytes). */
  body: string;
}

/** Thrown (or rejected) by an HttpPort for transport failures; `kind` drives retry decisions. */
export class HttpPortError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network' | 'too_large' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'HttpPortError';
  }
}

export interface HttpPort {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface DataTablePort {
  /** Returns the row for `key` in `table`, or null when there is none. */
  find(table: string, key: string): Promise<Record<string, unknown> | null>;
}

export interface TicketRequest {
  runId: string;
  contactId: string;
  channelId: string | null;
  subject: string;
  body: string;
  team: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  forward: boolean;
}
export interface TicketPort {
  open(req: TicketRequest): Promise<{ ticketId: string }>;
}

export interface OutboundMessage {
  runId: string;
  nodeId: string;
  contactId: string;
  to: string;
  channelId: string | null;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}
export interface MessagePort {
  /** Queues an MT (the host's outbox applies the compliance gate). Returns the message id. */
  send(msg: OutboundMessage): Promise<{ messageId: string }>;
}

export interface ContactPort {
  /** Persists contact changes made by `set` (name, fields). */
  update(contactId: string, patch: { name?: string | null; fields?: Record<string, unknown> }): Promise<void>;
  /** Subscribes or unsubscribes the contact to/from a list. */
  setSubscription(contactId: string, list: string, subscribed: boolean): Promise<void>;
}

export interface ClockPort {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits (used for lookup backoff). Hosts may shorten it in tests. */
  sleep(ms: number): Promise<void>;
}

export interface IdPort {
  newId(prefix: string): string;
}

/** A secret's value and the hosts an admin bound it to (already including defaults, see effectiveSecretHosts). */
export interface SecretValue {
  value: string;
  hosts: readonly string[];
}

/** Secrets referenced as `{{ secrets.NAME }}` in lookup URL and headers; never logged. */
export interface SecretPort {
  get(name: string): Promise<SecretValue | undefined>;
}

export interface RandomPort {
  /** [0, 1): used for backoff jitter; injectable so tests are deterministic. */
  next(): number;
}

export interface EnginePorts {
  http: HttpPort;
  tables: DataTablePort;
  tickets: TicketPort;
  messages: MessagePort;
  contacts: ContactPort;
  clock: ClockPort;
  ids: IdPort;
  secrets: SecretPort;
  random: RandomPort;
}
