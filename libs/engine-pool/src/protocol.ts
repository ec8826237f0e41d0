/**
 * What travels between the pool and its worker threads: plain data only (structured clone). A turn
 * goes in as a job, port calls come out as requests the host answers, and the turn's new state and
 * events come back. Errors cross as {name, message, code?, kind?} and are rebuilt on the other side.
 */
import type { EngineLimits, FlowDefinition, ResumeEvent, RunState, StartParams } from './engine-types';

/**
 * One engine turn: start a run, or resume a waiting one. `flowKey` names an immutable definition
 * (a published flow version, "flowId@version"): each worker keeps the definitions it has seen by
 * key, so the pool sends a keyed definition to a worker once instead of cloning it every turn.
 */
export type TurnJob =
  | { kind: 'start'; params: StartParams; flowKey?: string }
  | { kind: 'resume'; definition: FlowDefinition; state: RunState; event: ResumeEvent; flowKey?: string };

/** A job as it travels: the definition is left out when the worker has it under `flowKey`. */
export type WireJob =
  | { kind: 'start'; params: Omit<StartParams, 'definition'> & { definition?: FlowDefinition }; flowKey?: string }
  | { kind: 'resume'; definition?: FlowDefinition; state: RunState; event: ResumeEvent; flowKey?: string };

/** Per-turn engine settings (plain data: the ports themselves stay with the host). */
export interface TurnSettings {
  limits?: Partial<EngineLimits>;
  /** Random port answer (backoff jitter); Math.random when absent. */
  fixedRandom?: number;
  /**
   * The host reads what a turn sent, opened and changed from its events and state: the worker then
   * answers messages.send and tickets.open with fresh ids and contacts.* as no-ops itself, without
   * a round trip to the host.
   */
  localEffects?: boolean;
}

/** The asynchronous ports, which the worker reaches through the host. */
export const PROXIED_PORTS = {
  http: ['request'],
  tables: ['find'],
  tickets: ['open'],
  messages: ['send'],
  contacts: ['update', 'setSubscription'],
  secrets: ['get'],
  clock: ['sleep'],
} as const;

export interface WireError {
  name: string;
  message: string;
  code?: string;
  kind?: string;
}

/** `call` numbers a turn's port calls in order (0, 1, ...): a re-run is answered by position. */
export type ToWorker =
  | { type: 'job'; id: number; job: WireJob; settings: TurnSettings }
  | { type: 'port_reply'; id: number; call: number; ok: true; value: unknown }
  | { type: 'port_reply'; id: number; call: number; ok: false; error: WireError };

export type FromWorker =
  /** Loaded; `tid` is the thread's Linux id (null elsewhere), for the watchdog's CPU-time check. */
  | { type: 'ready'; tid: number | null }
  | { type: 'port_call'; id: number; call: number; port: string; method: string; args: unknown[] }
  | { type: 'done'; id: number; state: RunState; events: unknown[] }
  /** The job named a flowKey this worker does not hold (any more): send it with its definition. */
  | { type: 'missing_flow'; id: number }
  | { type: 'failed'; id: number; error: WireError };

export function toWire(err: unknown): WireError {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; kind?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.kind === 'string' ? { kind: e.kind } : {}),
    };
  }
  const o = err as { message?: unknown } | null;
  return { name: 'Error', message: typeof o?.message === 'string' ? o.message : String(err) };
}
