/**
 * Runs one fixture file the goflow way: definition + trigger + resume events + port scripts in,
 * events (minus timings) and port calls out. The state goes through JSON between every event and,
 * with `reloadStateEachStep`, between every step, so every fixture also proves suspend/resume.
 */
import { flowDefinitionSchema, type FlowDefinition } from '@moflow/flow-spec';
import {
  FlowEngine,
  type ContactSnapshot,
  type EngineLimits,
  type InboundMessageSnapshot,
  type RunEvent,
  type RunState,
  type TriggerInfo,
} from '../../src';
import { fakeHost, T0, type FakeHost, type PortScript } from './fake-ports';

export interface Fixture {
  description: string;
  definition: unknown;
  /** Skip schema parsing (to feed the engine what the schema would reject, e.g. an unknown type). */
  rawDefinition?: boolean;
  start: { contact?: Partial<ContactSnapshot>; text?: string | null; trigger?: TriggerInfo; channelId?: string | null };
  resumes?: ({ kind: 'reply'; text: string; afterMs?: number } | { kind: 'timeout'; afterMs?: number })[];
  ports?: PortScript;
  limits?: Partial<EngineLimits>;
  expect: {
    events: unknown[];
    state: unknown;
    calls: unknown;
  };
}

export const defaultContact: ContactSnapshot = {
  id: 'c-1',
  phone: '+15550001111',
  name: 'Ada',
  fields: { city: 'Paris' },
  subscriptions: [],
  timezone: null,
};

function inbound(text: string, at: number, n: number): InboundMessageSnapshot {
  return { id: `mo-${n}`, text, from: defaultContact.phone, to: '12345', channelId: 'ch-1', receivedAt: new Date(at).toISOString() };
}

const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Events without wall-clock fields, which say nothing about behaviour. */
export function withoutTimings(events: RunEvent[]): unknown[] {
  return events.map((e) => {
    const { at: _at, runId: _runId, ...rest } = e;
    if ('durationMs' in rest) delete (rest as { durationMs?: number }).durationMs;
    return rest;
  });
}

export interface FixtureResult {
  events: unknown[];
  state: RunState;
  host: FakeHost;
}

export async function runFixture(f: Fixture): Promise<FixtureResult> {
  const definition = (f.rawDefinition ? f.definition : flowDefinitionSchema.parse(f.definition)) as FlowDefinition;
  const host = fakeHost(f.ports);
  const engine = new FlowEngine({ ports: host.ports, limits: f.limits, reloadStateEachStep: true });
  const text = f.start.text === undefined ? 'JOIN' : f.start.text;
  const started = await engine.start({
    runId: 'run-1',
    flowId: 'flow-1',
    flowVersion: 3,
    definition: roundTrip(definition),
    contact: { ...defaultContact, ...f.start.contact },
    channelId: f.start.channelId === undefined ? 'ch-1' : f.start.channelId,
    message: text === null ? null : inbound(text, T0, 1),
    trigger: f.start.trigger ?? { kind: 'keyword', keyword: 'JOIN', matchMode: 'first_word', matchedBy: 'exact' },
  });
  const events = [...started.events];
  let state = roundTrip(started.state);
  for (const [i, r] of (f.resumes ?? []).entries()) {
    host.clock.now += r.afterMs ?? 1000;
    const event = r.kind === 'reply' ? { kind: 'reply' as const, message: inbound(r.text, host.clock.now, i + 2) } : { kind: 'timeout' as const };
    // a fresh definition object too: the host may have reloaded it from the database
    const resumed = await engine.resume(roundTrip(definition), state, event);
    events.push(...resumed.events);
    state = roundTrip(resumed.state);
  }
  return { events: withoutTimings(events), state, host };
}

/** What a fixture records about the run beyond its events. */
export function observed(r: FixtureResult): { state: unknown; calls: unknown } {
  const { state, host } = r;
  return {
    state: { status: state.status, vars: state.vars, contact: state.contact, waiting: state.waiting, stepCount: state.stepCount, error: state.error },
    calls: {
      http: host.requests.map(({ method, url, headers, body, timeoutMs, nodeId }) => ({ method, url, headers, body, timeoutMs, nodeId })),
      sleeps: host.sleeps,
      tickets: host.tickets,
      messages: host.messages.map(({ to, channelId, text, encoding, segments }) => ({ to, channelId, text, encoding, segments })),
      contactUpdates: host.contactUpdates,
      subscriptions: host.subscriptions,
      secretReads: host.secretReads,
    },
  };
}
