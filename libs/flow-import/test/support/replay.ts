/**
 * Drives an imported flow through the real engine the way a host does: start, then resume the
 * waiting run with each inbound text; the state goes through JSON between turns. Returns the
 * replies per turn and the steps each turn went through.
 */
import type { FlowDefinition } from '@moflow/flow-spec';
import { FlowEngine, type ContactSnapshot, type EnginePorts, type RunEvent, type RunState, type TriggerInfo } from '@moflow/flow-engine';

export interface Turn {
  input: string | null;
  replies: string[];
  steps: string[];
}

export interface ReplayHost {
  sent: string[];
  subscriptions: { list: string; subscribed: boolean }[];
  contactUpdates: Record<string, unknown>[];
  http: { method: string; url: string; body?: string }[];
}

export function replayHost(httpResponses: { status: number; body: unknown }[] = []): { host: ReplayHost; ports: Partial<EnginePorts> } {
  const host: ReplayHost = { sent: [], subscriptions: [], contactUpdates: [], http: [] };
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  let id = 0;
  const responses = [...httpResponses];
  const ports: Partial<EnginePorts> = {
    messages: { send: async (m) => { host.sent.push(m.text); return { messageId: `mt-${host.sent.length}` }; } },
    contacts: {
      update: async (_c, patch) => { host.contactUpdates.push(patch); },
      setSubscription: async (_c, list, subscribed) => { host.subscriptions.push({ list, subscribed }); },
    },
    tickets: { open: async () => ({ ticketId: `tk-${++id}` }) },
    http: {
      request: async (req) => {
        host.http.push({ method: req.method, url: req.url, ...(req.body !== undefined ? { body: req.body } : {}) });
        const r = responses.shift();
        if (!r) throw new Error(`no scripted HTTP response for ${req.method} ${req.url}`);
        return { status: r.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.body) };
      },
    },
    secrets: { get: async () => undefined },
    clock: { now: () => (now += 1000), sleep: async (ms) => { now += ms; } },
    ids: { newId: (prefix) => `${prefix}-${++id}` },
  };
  return { host, ports };
}

export async function replay(
  definition: FlowDefinition,
  inputs: string[],
  opts: { contact?: Partial<ContactSnapshot>; trigger?: TriggerInfo; firstMessage?: string | null; http?: { status: number; body: unknown }[] } = {},
): Promise<{ turns: Turn[]; host: ReplayHost; state: RunState }> {
  const { host, ports } = replayHost(opts.http);
  const engine = new FlowEngine({ ports });
  const contact: ContactSnapshot = { id: 'c-1', phone: '+250788000001', name: null, fields: {}, subscriptions: [], ...opts.contact };
  let n = 0;
  const message = (text: string) => ({ id: `mo-${++n}`, text, from: contact.phone, to: '12345', channelId: 'ch-1', receivedAt: new Date().toISOString() });
  const steps = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'step_entered' ? [e.nodeId] : []));
  const turns: Turn[] = [];
  let sent = 0;
  const first = opts.firstMessage ?? null;
  let r = await engine.start({ runId: 'run-1', flowId: 'imported', flowVersion: 1, definition, contact, channelId: 'ch-1',
    message: first === null ? null : message(first), trigger: opts.trigger ?? { kind: 'rest', parameters: {} } });
  turns.push({ input: first, replies: host.sent.slice(sent), steps: steps(r.events) });
  sent = host.sent.length;
  for (const input of inputs) {
    if (r.state.status !== 'waiting') break;
    r = await engine.resume(definition, JSON.parse(JSON.stringify(r.state)) as RunState, { kind: 'reply', message: message(input) });
    turns.push({ input, replies: host.sent.slice(sent), steps: steps(r.events) });
    sent = host.sent.length;
  }
  return { turns, host, state: r.state };
}
