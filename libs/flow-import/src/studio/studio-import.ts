/**
 * Twilio Studio flow definition (`{description, states[], initial_state, flags}`) to one Moflow
 * draft. Only widgets reachable from an SMS or REST start are imported; the rest (voice branches,
 * orphans) are named in the report.
 */
import { FlowBuilder, type Position } from '../builder';
import { isRecord, str, toId } from '../names';
import type { ImportedFlow } from '../types';
import { StudioScope } from './studio-scope';
import { studioPlaceholder, widgets, type StudioState, type StudioTransition } from './studio-widgets';

const messageEvents = ['incomingMessage', 'incomingConversationMessage'];
const voiceWidgets = new Set(['gather-input-on-call', 'say-play', 'record-voicemail', 'connect-call-to', 'enqueue-call', 'make-outgoing-call', 'record-call', 'fork-stream', 'capture-payments', 'connect-virtual-agent', 'add-twiml-redirect']);

function readStates(def: Record<string, unknown>): StudioState[] {
  const states = Array.isArray(def['states']) ? def['states'] : [];
  return states.filter(isRecord).map((s) => ({
    name: str(s['name']) ?? 'widget',
    type: str(s['type']) ?? 'unknown',
    properties: isRecord(s['properties']) ? s['properties'] : {},
    transitions: (Array.isArray(s['transitions']) ? s['transitions'] : []).filter(isRecord).map((t): StudioTransition => ({
      event: str(t['event']) ?? 'next',
      next: str(t['next']) ?? null,
      conditions: Array.isArray(t['conditions']) ? t['conditions'].filter(isRecord) : [],
    })),
  }));
}

function positionOf(s: StudioState): Position {
  const o = s.properties['offset'];
  return isRecord(o) && typeof o['x'] === 'number' && typeof o['y'] === 'number' ? { x: o['x'], y: o['y'] } : { x: 0, y: 0 };
}

function reachable(starts: string[], byName: Map<string, StudioState>): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length) {
    const name = queue.shift()!;
    const s = byName.get(name);
    if (!s || seen.has(name) || s.type === 'trigger') continue;
    seen.add(name);
    for (const t of s.transitions) if (t.next) queue.push(t.next);
  }
  return seen;
}

export function importStudio(def: Record<string, unknown>): { flow: ImportedFlow; report: FlowBuilder['report'] } {
  const sourceName = str(def['description'])?.trim() ?? '';
  const name = sourceName || 'Imported Studio flow';
  const b = new FlowBuilder(name);
  const states = readStates(def);
  const byName = new Map(states.map((s) => [s.name, s]));
  const trigger = byName.get(str(def['initial_state']) ?? 'Trigger') ?? states.find((s) => s.type === 'trigger');
  const next = (e: string) => trigger?.transitions.find((t) => t.event === e)?.next ?? null;
  const messageStarts = messageEvents.map(next).filter((x): x is string => !!x);
  const messageStart = messageStarts[0] ?? null;
  const restStart = next('incomingRequest');
  const triggerName = trigger?.name ?? 'Trigger';
  if (messageStarts.length > 1 && messageStarts[1] !== messageStart)
    b.note('warning', triggerName, `incoming conversation messages start at "${messageStarts[1]}", SMS at "${messageStart}": Moflow starts every message at "${messageStart}".`);
  for (const e of ['incomingCall', 'incomingParent'])
    if (next(e)) b.note('warning', triggerName, `the ${e === 'incomingCall' ? 'voice (incomingCall)' : 'subflow (incomingParent)'} start is not carried over: Moflow runs SMS conversations.`);

  const scope = new StudioScope();
  const imported = reachable([messageStart, restStart].filter((x): x is string => !!x), byName);
  for (const s of states) {
    if (s.type === 'trigger') continue;
    if (!imported.has(s.name)) {
      b.note('warning', s.name, `${s.type} "${s.name}" is not reachable from an SMS or REST start and was left out.`);
      continue;
    }
    const ctx = { b, scope, state: s, position: positionOf(s) };
    const handler = widgets[s.type];
    const what = voiceWidgets.has(s.type) ? `voice widget ${s.type}` : `${s.type}`;
    b.setEntry(s.name, handler ? handler(ctx) : studioPlaceholder(ctx, what));
  }

  const tPos = trigger ? positionOf(trigger) : { x: 0, y: 0 };
  const triggerId = b.add({ idBase: toId(triggerName, 'trigger'), type: 'trigger', label: triggerName, position: tPos,
    config: { keywords: [], catchAll: !!messageStart, rest: !!restStart || !messageStart } });
  if (!messageStart && !restStart) b.note('warning', triggerName, 'the flow has no SMS or REST start; the import allows REST starts so it can be tried.', triggerId);
  let from = triggerId;
  let y = tPos.y;
  if (scope.usesTriggerMessage) {
    const capture = b.add({ idBase: 'first_message', type: 'set', label: 'First message (trigger.message)', position: { x: tPos.x, y: (y += 120) },
      config: { assignments: [{ target: 'vars.trigger_message', expression: 'message' }] } });
    b.connect(from, 'next', capture);
    from = capture;
  }
  if (messageStart && restStart && messageStart !== restStart) {
    const route = b.add({ idBase: 'how_started', type: 'match', label: 'How the run started', position: { x: tPos.x, y: y + 120 },
      config: { input: 'trigger.kind', cases: [{ id: 'rest', label: 'REST API', mode: 'exact', values: ['rest'] }] } });
    b.connect(from, 'next', route);
    b.link(route, 'rest', restStart);
    b.link(route, 'other', messageStart);
  } else b.link(from, 'next', messageStart ?? restStart);
  return { flow: { name, sourceName, definition: b.finish() }, report: b.report };
}

export function isStudio(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && Array.isArray(v['states']) && ('initial_state' in v || v['states'].some((s) => isRecord(s) && s['type'] === 'trigger'));
}
