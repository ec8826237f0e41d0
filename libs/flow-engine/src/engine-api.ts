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

export type ResumeEvent =
  | { kind: 'reply'; message: InboundMessageSnapshot }
  | { kind: 'timeout' };

export interface RunResult {
  state: RunState;
  events: RunEvent[];
}

export interface FlowEngineApi {
  start(params: StartParams): Promise<RunResult>;
  resume(definition: FlowDefinition, state: RunState, event: ResumeEvent): Promise<RunResult>;
}

export type EngineOptions = { ports?: Partial<EnginePorts>; limits?: Partial<EngineLimits> };
