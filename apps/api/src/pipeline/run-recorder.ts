import type { RunEvent } from '@moflow/flow-engine';
import type { RunStepEntity } from '@moflow/data-access';

const COLUMN_FIELDS = new Set(['type', 'at', 'runId', 'nodeId', 'nodeType', 'handle', 'reason', 'input', 'output', 'durationMs', 'error', 'message']);

/** Turns one engine event into a run-log row; what has no column stays in `data`. */
export function eventToStep(event: RunEvent, seq: number): RunStepEntity {
  const e = event as RunEvent & Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!COLUMN_FIELDS.has(k) && v !== undefined) data[k] = v;
  let reason = str(e['reason']);
  let error = str(e['error']);
  if (event.type === 'run_failed') error = event.message;
  if (event.type === 'wait_ended') reason = event.outcome === 'reply' ? 'the contact replied' : 'the wait timed out';
  if (event.type === 'step_left' && event.handle === null && reason?.startsWith('failed: ')) error = reason.slice('failed: '.length);
  return {
    runId: event.runId,
    seq,
    type: event.type,
    nodeId: str(e['nodeId']),
    nodeType: str(e['nodeType']),
    handle: str(e['handle']),
    reason,
    input: str(e['input']),
    output: str(e['output']),
    durationMs: typeof e['durationMs'] === 'number' ? Math.round(e['durationMs']) : null,
    error,
    at: event.at,
    data,
  };
}

/** Visit and exit increments for run_node_stats; the empty handle counts visits. */
export function nodeStatIncrements(events: readonly RunEvent[]): Map<string, { nodeId: string; handle: string; count: number }> {
  const out = new Map<string, { nodeId: string; handle: string; count: number }>();
  const bump = (nodeId: string, handle: string) => {
    const k = `${nodeId}\u0000${handle}`;
    const cur = out.get(k);
    if (cur) cur.count++;
    else out.set(k, { nodeId, handle, count: 1 });
  };
  for (const e of events) {
    if (e.type === 'step_entered') bump(e.nodeId, '');
    // A wait leaves twice (suspend with handle null, then resume with reply/timeout): only real exits count.
    else if (e.type === 'step_left' && e.handle !== null) bump(e.nodeId, e.handle);
    else if (e.type === 'step_left' && e.reason.startsWith('failed: ')) bump(e.nodeId, 'error');
  }
  return out;
}

/**
 * Replaces every secret value read during the burst by "[secret]" anywhere in a JSON value. The
 * engine already keeps secrets out of URLs it logs; this is the guarantee for everything else
 * (an error message quoting a header, a response echoing the token into vars...).
 */
export function scrubSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  if (secrets.size === 0) return value;
  const list = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return list.reduce((acc, s) => acc.split(s).join('[secret]'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
