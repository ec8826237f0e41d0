/** Everything a run needs to resume later; plain JSON, stored by the host between events. */

export interface ContactSnapshot {
  id: string;
  phone: string;
  name: string | null;
  fields: Record<string, unknown>;
  subscriptions: string[];
  /** IANA time zone when known (from the number). */
  timezone?: string | null;
}

export interface InboundMessageSnapshot {
  id: string;
  text: string;
  from: string;
  to: string;
  channelId: string;
  receivedAt: string;
}

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'expired' | 'cancelled';

export interface RunState {
  runId: string;
  flowId: string;
  flowVersion: number;
  status: RunStatus;
  contact: ContactSnapshot;
  channelId: string | null;
  /** The latest inbound message (the one that started or resumed the run). */
  message: InboundMessageSnapshot | null;
  /** How the run started: keyword and mode, REST parameters... */
  trigger: TriggerInfo;
  vars: Record<string, unknown>;
  /** The wait node the run is suspended at, with its deadline (ms since epoch). */
  waiting: {
    nodeId: string;
    deadline: number;
    /** When the wait began (ms since epoch): gives the wait step its duration on resume. */
    since?: number;
    /** Collecting waits: when the window closes, the texts so far and their message ids. */
    collectUntil?: number;
    collected?: string[];
    collectedIds?: string[];
  } | null;
  /** Steps executed over the whole run (capped by EngineLimits.maxStepsPerRun). */
  stepCount: number;
  startedAt: number;
  endedAt: number | null;
  error: { nodeId: string | null; message: string } | null;
}

export interface TriggerInfo {
  kind: 'keyword' | 'catch_all' | 'rest' | 'simulation';
  keyword?: string;
  /** Which match mode and how it matched: exact, folded, fuzzy. */
  matchMode?: string;
  matchedBy?: 'exact' | 'folded' | 'fuzzy';
  parameters?: Record<string, unknown>;
}
