import type { RunEventDto, SimulateResponse } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';
import { stepName } from '../utils/step-name';

type Message = SimulateResponse['transcript'][number];
export type ChatItem = { kind: 'message'; message: Message } | { kind: 'note'; text: string; tone: 'muted' | 'error'; nodeId?: string };

/**
 * The simulator's chat: the transcript's messages with what happened between them in plain words —
 * a "time passed" marker where a wait timed out, a lookup that failed. Events and transcript are in
 * the same order (a message in starts or resumes the run, a reply queued is a message out), so a
 * note goes after as many messages as came before its event.
 */
export function chatItems(result: Pick<SimulateResponse, 'transcript' | 'events'>, definition: FlowDefinition): ChatItem[] {
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const nameOf = (id: string | undefined) => { const n = id ? byId.get(id) : undefined; return n ? stepName(n) : 'a step'; };
  const notes: { after: number; item: ChatItem }[] = [];
  let seen = 0;
  for (const e of result.events) {
    // The run starts on the transcript's first message, unless it was started without one (REST parameters).
    if ((e.type === 'run_started' && result.transcript[0]?.direction === 'in') || (e.type === 'run_resumed' && e.reason === 'reply') || e.type === 'reply_queued') seen++;
    else if (e.type === 'wait_ended' && e.outcome === 'timeout') {
      notes.push({ after: seen, item: { kind: 'note', tone: 'muted', nodeId: e.nodeId, text: `⏱ Time passed: no reply came in time, so ‘${nameOf(e.nodeId)}’ went on through Timeout.` } });
    } else if (e.type === 'step_left' && e.nodeType === 'lookup' && e.handle === 'failure') {
      notes.push({ after: seen, item: { kind: 'note', tone: 'error', nodeId: e.nodeId, text: `Lookup ‘${nameOf(e.nodeId)}’ failed${reasonOf(e)}; the flow went on through Failure.` } });
    }
  }
  const items: ChatItem[] = [];
  let n = 0;
  const flush = (upTo: number) => { while (notes[0] && notes[0].after <= upTo) items.push(notes.shift()!.item); };
  for (const message of result.transcript) { flush(n); items.push({ kind: 'message', message }); n++; }
  flush(Number.POSITIVE_INFINITY);
  return items;
}

/** Step ids with a short badge: the lookups that failed in this conversation. */
export function failedLookups(events: readonly RunEventDto[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) if (e.type === 'step_left' && e.nodeType === 'lookup' && e.nodeId) {
    if (e.handle === 'failure') out[e.nodeId] = 'Lookup failed';
    else delete out[e.nodeId];
  }
  return out;
}

function reasonOf(e: RunEventDto): string {
  const reason = typeof e['reason'] === 'string' ? e['reason'] : '';
  return reason ? ` (${reason})` : '';
}
