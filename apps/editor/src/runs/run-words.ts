/**
 * Pure helpers that turn the stored run log into what an operator reads: node names instead of
 * ids, one timeline entry per node visit with its handle and reason, events in plain words.
 */
import type { RunStepDto } from '@moflow/api-contract';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { outputsOf } from '../catalogue/node-catalogue';
import { stepName } from '../utils/step-name';

export function nodeOf(def: FlowDefinition | null | undefined, nodeId: string | null): FlowNode | undefined {
  return nodeId ? def?.nodes.find((n) => n.id === nodeId) : undefined;
}

/** The step's name as the editor shows it (label, else made from its id); a removed node keeps its id. */
export function nodeName(def: FlowDefinition | null | undefined, nodeId: string | null): string {
  if (!nodeId) return 'the run';
  const node = nodeOf(def, nodeId);
  return node ? stepName(node) : nodeId;
}

/** The output's label on the canvas ("Found", "Reply", a match case), or the raw handle. */
export function handleName(def: FlowDefinition | null | undefined, nodeId: string | null, handle: string | null): string | null {
  if (handle === null) return null;
  const node = nodeOf(def, nodeId);
  const out = node ? outputsOf(node).find((o) => o.id === handle) : undefined;
  return out?.label ?? handle;
}

export { statusWords } from './status-words';

export interface NodeVisit {
  kind: 'node';
  key: string;
  nodeId: string;
  nodeType: string | null;
  at: string;
  /** Absent while the run still waits there. */
  left: RunStepDto | null;
  /** What happened inside: lookup attempts, messages queued, variables set, waits... */
  events: RunStepDto[];
}
export interface RunMark { kind: 'run'; key: string; step: RunStepDto }
export type TimelineEntry = NodeVisit | RunMark;

/**
 * Groups the steps into node visits (step_entered … step_left of one node) and run-level marks.
 * A wait leaves twice (suspended with no handle, then resumed): the resume continues the visit.
 */
export function buildTimeline(steps: readonly RunStepDto[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let open: NodeVisit | null = null;
  for (const s of steps) {
    if (s.type === 'step_entered' && s.nodeId) {
      open = { kind: 'node', key: `n${s.seq}`, nodeId: s.nodeId, nodeType: s.nodeType, at: s.at, left: null, events: [] };
      out.push(open);
    } else if (s.type === 'step_left' && open && s.nodeId === open.nodeId) {
      // the suspend of a wait (no handle, no error) keeps the visit open for its resume
      if (s.handle === null && !s.error && open.nodeType === 'wait') open.events.push(s);
      else open.left = s;
    } else if (s.nodeId && open && s.nodeId === open.nodeId && !s.type.startsWith('run_')) {
      open.events.push(s);
    } else if (s.type === 'run_resumed' && open?.nodeType === 'wait' && !open.left) {
      open.events.push(s);
    } else {
      out.push({ kind: 'run', key: `r${s.seq}`, step: s });
    }
  }
  return out;
}

/** Ids of the edges the run followed (each exit by a handle), for lighting them on the canvas. */
export function edgesTaken(def: FlowDefinition, steps: readonly RunStepDto[]): string[] {
  const taken = new Set(steps.filter((s) => s.type === 'step_left' && s.handle !== null && s.nodeId).map((s) => `${s.nodeId}\u0000${s.handle}`));
  return def.edges.filter((e) => taken.has(`${e.source}\u0000${e.sourceHandle ?? 'next'}`)).map((e) => e.id);
}

/** The nodes the run went through, in order, for drawing its path. */
export function pathOf(steps: readonly RunStepDto[]): string[] {
  return steps.filter((s) => s.type === 'step_entered' && s.nodeId).map((s) => s.nodeId!);
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** One inner event in words. */
export function eventWords(s: RunStepDto): string {
  const d = s.data;
  switch (s.type) {
    case 'lookup_attempt': {
      const what = `Attempt ${str(d['attempt'])}: ${str(d['method'])} ${str(d['url'])}`;
      const took = s.durationMs === null ? '' : ` in ${s.durationMs} ms`;
      return d['status'] === null || d['status'] === undefined ? `${what} → no answer${took}: ${s.error ?? 'request failed'}` : `${what} → HTTP ${str(d['status'])}${took}`;
    }
    case 'reply_queued': return `Message queued (${str(d['encoding'])}, ${str(d['segments'])} segment${d['segments'] === 1 ? '' : 's'}): “${str(d['text'])}”`;
    case 'wait_started': return `Waiting up to ${humanSeconds(Number(d['timeoutSeconds']))} for a reply`;
    case 'wait_ended': return d['outcome'] === 'reply' ? `The contact replied: “${str(d['text'])}”` : 'No reply in time';
    case 'vars_set': return `Variables set: ${Object.keys((d['changes'] as object | undefined) ?? {}).join(', ')}`;
    case 'contact_changed': return `Contact updated: ${Object.keys((d['changes'] as object | undefined) ?? {}).join(', ')}`;
    case 'subscription_changed': return `${d['subscribed'] ? 'Subscribed to' : 'Unsubscribed from'} list “${str(d['list'])}”`;
    case 'ticket_opened': return `Ticket opened for team ${str(d['team'])} (${str(d['priority'])}): “${str(d['subject'])}”`;
    case 'step_left': return s.reason ?? 'Paused';
    case 'run_resumed': return runMarkWords(s);
    default: return s.reason ?? s.type.replace(/_/g, ' ');
  }
}

/** A run-level mark in words. */
export function runMarkWords(s: RunStepDto): string {
  const d = s.data;
  switch (s.type) {
    case 'run_started': {
      const t = (d['trigger'] ?? {}) as Record<string, unknown>;
      if (t['kind'] === 'keyword') return `Started by keyword “${str(t['keyword'])}”${t['matchedBy'] ? ` (matched ${str(t['matchedBy'])})` : ''}`;
      if (t['kind'] === 'rest') return 'Started through the REST API';
      return `Started (${str(t['kind'])})`;
    }
    case 'run_resumed': return d['reason'] === 'timeout' || s.reason === 'timeout' ? 'Resumed: the wait timed out' : 'Resumed by a reply';
    case 'run_completed': return `Ended: ${str(d['status']) || 'completed'}${s.reason ? ` — ${s.reason}` : ''}`;
    case 'run_failed': return `Failed: ${s.error ?? s.reason ?? 'unknown error'}`;
    case 'run_cancelled': return `Cancelled: ${s.reason ?? ''}`;
    case 'run_retried': return `Retried: ${s.reason ?? ''}`;
    default: return s.reason ?? s.type.replace(/_/g, ' ');
  }
}

export function humanSeconds(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  if (sec < 120) return `${sec} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  if (sec < 172800) return `${Math.round(sec / 3600)} h`;
  return `${Math.round(sec / 86400)} days`;
}

/** "3 min", "2 h 5 min" since an ISO time. */
export function ageOf(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** Input/output columns hold JSON text or plain text: parsed when they are JSON objects. */
export function parseMaybeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' ? v : text;
  } catch {
    return text;
  }
}

/** The lookup visit a retry would run again: the latest lookup exit, when it failed. */
export function lastFailedLookup(steps: readonly RunStepDto[]): RunStepDto | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.type === 'step_left' && s.nodeType === 'lookup') return s.handle === 'failure' || s.error !== null ? s : null;
  }
  return null;
}
