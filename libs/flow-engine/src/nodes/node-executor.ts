/**
 * What a node type implements. Executors read the run state, call ports, and report what happened
 * as events through `ctx.emit`; the only state they change is the run state object handed to them
 * (vars, contact snapshot, waiting), and the engine stores it.
 */
import type { NodeOfType, NodeType } from '@moflow/flow-spec';
import type { ResumeEvent } from '../engine-api';
import type { RunEvent } from '../events';
import type { ExpressionContext } from '../expressions/context';
import type { ExpressionEvaluator } from '../expressions/expression-evaluator';
import type { EnginePorts } from '../ports';
import type { RunState } from '../run-state';

type WithoutBase<E> = E extends RunEvent ? Omit<E, 'at' | 'runId'> : never;
/** An event as a node reports it; the engine stamps time and run id. */
export type NodeEvent = WithoutBase<RunEvent>;

export interface NodeOutcome {
  /** Output handle taken; null ends the run here. */
  handle: string | null;
  /** Why this handle: shown in the run log. */
  reason: string;
  /** Short summary of what the node produced (rendered text, mapped vars...). */
  output?: string;
  /** The run suspends here (wait); `resume` continues it. */
  suspend?: boolean;
}

export interface NodeContext {
  readonly state: RunState;
  readonly ports: EnginePorts;
  readonly expressions: ExpressionEvaluator;
  /** Reports an event; `at` defaults to the time the step started (one clock read per step). */
  emit(event: NodeEvent, at?: number): void;
  /** The expression context for the current state. */
  scope(): ExpressionContext;
  /**
   * Evaluates a JSONata expression over `input` (default: the scope); errors name `field`.
   * Returns the value directly when it could be computed synchronously: always `await` it.
   */
  evaluate(source: string, field: string, input?: unknown): unknown;
  /** Renders a template over `input` (default: the scope); errors name `field`. Always `await` it. */
  render(template: string, field: string, input?: unknown): string | Promise<string>;
}

export interface NodeExecutor<T extends NodeType = NodeType> {
  readonly type: T;
  /** Nodes without I/O may answer synchronously: the engine then skips a microtask per step. */
  execute(node: NodeOfType<T>, ctx: NodeContext): NodeOutcome | Promise<NodeOutcome>;
  /** For nodes that suspend: continue after the host's reply or timeout event. */
  resume?(node: NodeOfType<T>, ctx: NodeContext, event: ResumeEvent): Promise<NodeOutcome>;
}
