/**
 * The engine's public contract (implemented in engine.ts). Hosts call `start` for a new run and
 * `resume` when a waiting run gets a reply or its timeout; both return the new plain-JSON state
 * and the events to append to the run log.
 */
import type { FlowDefinition } from '@moflow/flow-spec';
import type { RunEvent } from './events';
import type { EnginePorts } from './ports';
import type { ContactSnapshot, InboundMessageSnapshot, RunState, TriggerInfo } from './run-state';

export interface EngineLimits {
  /** Steps executed in one burst (between two waits) before the run fails. */
  maxStepsPerBurst: number;
  /** Steps over the whole run before it fails. */
  maxStepsPerRun: number;
  /** Wall time allowed for one JSONata evaluation. */
  expressionTimeoutMs: number;
  /** Largest JSON size (characters) an expression result may have. */
  expressionMaxOutputChars: number;
}

export interface StartParams {
  runId: string;
  flowId: string;
  flowVersion: number;
  definition: FlowDefinition;
  contact: ContactSnapshot;
  channelId: string | null;
  /** The inbound message that started the run (absent for REST starts). */
  message: InboundMessageSnapshot | null;
  trigger: TriggerInfo;
}

/**
 * What continues a waiting run (`state.status === 'waiting'`, `state.waiting` set by a wait node).
 *
 * - `reply`: the contact's next message. The host routes it to the contact's waiting session.
 * - `timeout`: the host's timer fired at `state.waiting.deadline` (from the clock port). Hosts must
 *   drop timers of waits the run already left (compare `state.waiting.nodeId` and `deadline`).
 *
 * Collecting (wait `collectSeconds > 0`): the engine holds the run. The first reply opens a window of
 * `collectSeconds` (`state.waiting.collectUntil`), every reply inside it is appended
 * (`reply_collected` events) and the run stays waiting; when the host's timer fires at
 * `min(deadline, collectUntil)` with a `timeout`, the run continues ONCE with the texts joined by
 * "\n" in arrival order, as if that were the reply. Hosts schedule the timer at that minimum.
 */
export type ResumeEvent =
  | { kind: 'reply'; message: InboundMessageSnapshot }
  | { kind: 'timeout' };

export interface RunResult {
  state: RunState;
  events: RunEvent[];
}

export interface FlowEngineApi {
  start(params: StartParams, ports?: Partial<EnginePorts>): Promise<RunResult>;
  resume(definition: FlowDefinition, state: RunState, event: ResumeEvent, ports?: Partial<EnginePorts>): Promise<RunResult>;
}

export type EngineOptions = {
  ports?: Partial<EnginePorts>;
  limits?: Partial<EngineLimits>;
  /**
   * Serialise and reload the run state (JSON.stringify/parse) after every step. Tests turn it on
   * to prove that nothing but plain JSON lives in the state, so a run can resume from any store.
   */
  reloadStateEachStep?: boolean;
};
