/**
 * The flow engine: runs a definition over a plain-JSON RunState, one burst at a time. A burst
 * starts at the trigger (start) or at the waiting node (resume) and walks edges until a node
 * suspends (wait), ends, or fails. Everything that happened is returned as events, the run log.
 */
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { defaultLimits, defaultPorts } from './defaults';
import type { EngineLimits, EngineOptions, FlowEngineApi, ResumeEvent, RunResult, StartParams } from './engine-api';
import { errorMessage, FlowEngineError, FlowEngineErrorCode } from './errors';
import type { RunEvent } from './events';
import { expressionContext, type ExpressionContext } from './expressions/context';
import { defaultExpressionLimits, ExpressionError, ExpressionEvaluator } from './expressions/expression-evaluator';
import { flowGraph, type FlowGraph } from './flow-graph';
import { nodeExecutor, type NodeContext, type NodeEvent, type NodeOutcome } from './nodes';
import type { EnginePorts } from './ports';
import type { ContactSnapshot, RunState } from './run-state';

export class FlowEngine implements FlowEngineApi {
  readonly ports: EnginePorts;
  readonly limits: EngineLimits;
  readonly expressions: ExpressionEvaluator;
  private readonly reload: boolean;

  constructor(options: EngineOptions = {}) {
    this.reload = options.reloadStateEachStep ?? false;
    this.ports = { ...defaultPorts, ...options.ports };
    this.limits = { ...defaultLimits, ...options.limits };
    this.expressions = new ExpressionEvaluator({
      ...defaultExpressionLimits,
      timeoutMs: this.limits.expressionTimeoutMs,
      maxOutputChars: this.limits.expressionMaxOutputChars,
    });
  }

  /**
   * `ports` overrides the engine's ports for this call only: a host passes per-turn ports (a
   * secrets reader that remembers what it revealed, say) without a side channel.
   */
  async start(p: StartParams, ports?: Partial<EnginePorts>): Promise<RunResult> {
    const state: RunState = {
      runId: p.runId,
      flowId: p.flowId,
      flowVersion: p.flowVersion,
      status: 'running',
      // copies: nodes update the snapshot and the caller's objects must not change under it
      contact: copyContact(p.contact),
      channelId: p.channelId,
      message: p.message,
      trigger: p.trigger,
      vars: {},
      waiting: null,
      stepCount: 0,
      startedAt: 0,
      endedAt: null,
      error: null,
    };
    const burst = new Burst(this, p.definition, state, this.reload, ports);
    state.startedAt = burst.tick();
    burst.emit({ type: 'run_started', flowId: p.flowId, flowVersion: p.flowVersion, trigger: p.trigger });
    const trigger = burst.graph.trigger;
    if (!trigger) burst.fail(null, 'the flow has no trigger node');
    else await burst.walk(trigger, null);
    return { state: burst.state, events: burst.events };
  }

  async resume(definition: FlowDefinition, stored: RunState, event: ResumeEvent, ports?: Partial<EnginePorts>): Promise<RunResult> {
    if (stored.status !== 'waiting' || !stored.waiting)
      throw new FlowEngineError(FlowEngineErrorCode.RUN_NOT_WAITING, `run ${stored.runId} is ${stored.status}, not waiting: nothing to resume`);
    const state: RunState = { ...stored, status: 'running', contact: copyContact(stored.contact), vars: { ...stored.vars } };
    const burst = new Burst(this, definition, state, this.reload, ports);
    burst.tick();
    burst.emit(
      event.kind === 'reply' ? { type: 'run_resumed', reason: 'reply', text: event.message.text } : { type: 'run_resumed', reason: 'timeout' },
    );
    const node = burst.graph.node(stored.waiting.nodeId);
    if (!node) burst.fail(stored.waiting.nodeId, `node "${stored.waiting.nodeId}" the run waits at is not in this flow version`);
    else await burst.walk(node, event);
    return { state: burst.state, events: burst.events };
  }
}

/** A copy nodes may change: the host's snapshot must not move under it. */
function copyContact(c: ContactSnapshot): ContactSnapshot {
  const copy: ContactSnapshot = { id: c.id, phone: c.phone, name: c.name, fields: Object.assign({}, c.fields), subscriptions: c.subscriptions.slice() };
  if (c.timezone !== undefined) copy.timezone = c.timezone;
  return copy;
}

/** Names the node field an expression error comes from. */
function named(err: unknown, field: string): unknown {
  if (!(err instanceof ExpressionError)) return err;
  return new FlowEngineError(FlowEngineErrorCode.EXPRESSION_FAILED, `${field} ${err.message}`);
}

/** One start or resume: owns the events of this call and the per-burst step count. */
class Burst implements NodeContext {
  readonly events: RunEvent[] = [];
  readonly graph: FlowGraph;
  readonly ports: EnginePorts;
  readonly expressions: ExpressionEvaluator;
  private steps = 0;

  constructor(
    private readonly engine: FlowEngine,
    definition: FlowDefinition,
    public state: RunState,
    private readonly reload: boolean,
    ports?: Partial<EnginePorts>,
  ) {
    this.graph = flowGraph(definition);
    this.ports = ports ? { ...engine.ports, ...ports } : engine.ports;
    this.expressions = engine.expressions;
  }

  /** Time of the current step (clock reads can cost a syscall: one per step, not per event). */
  private now = 0;

  emit(event: NodeEvent, at?: number): void {
    // stamps the caller's fresh literal instead of copying it: events are the hot path's garbage
    const stamped = event as RunEvent;
    stamped.at = at ?? this.now;
    stamped.runId = this.state.runId;
    this.events.push(stamped);
  }

  private cachedScope: ExpressionContext | null = null;

  /** Built once per step: nodes change vars/contact in place, and the step counter moves per step. */
  scope(): ExpressionContext {
    return (this.cachedScope ??= expressionContext(this.state));
  }

  // Not async: when the fast path answers, the value comes back without a promise per expression.
  evaluate(source: string, field: string, input?: unknown): unknown {
    try {
      const v = this.expressions.evaluateNow(source, input === undefined ? this.scope() : input, this.now);
      return v instanceof Promise ? v.catch((err: unknown) => Promise.reject(named(err, field))) : v;
    } catch (err) {
      throw named(err, field);
    }
  }

  render(template: string, field: string, input?: unknown): string | Promise<string> {
    try {
      const v = this.expressions.renderNow(template, input === undefined ? this.scope() : input, this.now);
      return v instanceof Promise ? v.catch((err: unknown) => Promise.reject(named(err, field))) : v;
    } catch (err) {
      throw named(err, field);
    }
  }

  fail(nodeId: string | null, message: string): void {
    const { state } = this;
    state.status = 'failed';
    state.waiting = null;
    state.endedAt = this.now;
    state.error = { nodeId, message };
    this.emit({ type: 'run_failed', nodeId, message });
  }

  private complete(status: 'completed' | 'failed' | 'expired', reason: string, nodeId: string): void {
    const { state } = this;
    state.status = status;
    state.endedAt = this.now;
    if (status === 'failed') state.error = { nodeId, message: reason };
    this.emit({ type: 'run_completed', status, reason });
  }

  private overLimit(node: FlowNode): string | null {
    const { maxStepsPerBurst, maxStepsPerRun } = this.engine.limits;
    if (this.state.stepCount >= maxStepsPerRun)
      return `step limit exceeded: the run took more than ${maxStepsPerRun} steps; stopped before node "${node.id}" (${node.type})`;
    if (this.steps >= maxStepsPerBurst)
      return `step limit exceeded: more than ${maxStepsPerBurst} steps without a wait (a loop?); stopped before node "${node.id}" (${node.type})`;
    return null;
  }

  /** Reads the clock; events emitted until the next read carry this time. */
  tick(): number {
    return (this.now = this.ports.clock.now());
  }

  /** Runs from `node` (resuming it first when `resumeEvent` is given) until suspend, end or failure. */
  async walk(first: FlowNode, resumeEvent: ResumeEvent | null): Promise<void> {
    let node: FlowNode | undefined = first;
    let resuming = resumeEvent;
    while (node) {
      this.cachedScope = null;
      let started = this.now;
      let outcome: NodeOutcome;
      try {
        if (resuming) {
          started = this.state.waiting?.since ?? started;
          const executor = nodeExecutor(node.type);
          if (!executor.resume) throw new Error(`node type "${node.type}" cannot be resumed`);
          outcome = await executor.resume(node, this, resuming);
          resuming = null;
        } else {
          const limit = this.overLimit(node);
          if (limit) return this.fail(node.id, limit);
          this.steps++;
          this.state.stepCount++;
          this.emit({ type: 'step_entered', nodeId: node.id, nodeType: node.type });
          const result = nodeExecutor(node.type).execute(node, this);
          outcome = result instanceof Promise ? await result : result;
        }
      } catch (err) {
        const message = errorMessage(err);
        const ended = this.tick();
        this.emit({ type: 'step_left', nodeId: node.id, nodeType: node.type, handle: null, reason: `failed: ${message}`, durationMs: ended - started });
        return this.fail(node.id, `node "${node.id}" (${node.type}): ${message}`);
      }
      if (this.reload) this.state = JSON.parse(JSON.stringify(this.state)) as RunState;
      const { handle, reason, output } = outcome;
      const ended = this.tick();
      const left: Extract<NodeEvent, { type: 'step_left' }> = { type: 'step_left', nodeId: node.id, nodeType: node.type, handle, reason, durationMs: ended - started };
      if (output !== undefined) left.output = output;
      this.emit(left);
      if (outcome.suspend) {
        this.state.status = 'waiting';
        return;
      }
      if (node.type === 'end') return this.complete(node.config.status, `ended at node "${node.id}": ${reason}`, node.id);
      if (handle === null) return this.complete('completed', `node "${node.id}" has no output`, node.id);
      const target = this.graph.target(node.id, handle);
      // A wait that timed out with no timeout path: the contact never answered, the run expired.
      if (target === undefined && node.type === 'wait' && handle === 'timeout')
        return this.complete('expired', `no reply in time and node "${node.id}" has no timeout path`, node.id);
      if (target === undefined) return this.complete('completed', `node "${node.id}" has no edge for handle "${handle}"`, node.id);
      const next = this.graph.node(target);
      if (!next) return this.fail(node.id, `the edge from node "${node.id}" handle "${handle}" points to missing node "${target}"`);
      node = next;
    }
  }
}
