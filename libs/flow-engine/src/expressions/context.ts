import type { RunState } from '../run-state';

/** What `{{ }}` templates and JSONata expressions see (ARCHITECTURE.md): never secrets. */
export interface ExpressionContext {
  message: RunState['message'] | undefined;
  contact: RunState['contact'];
  vars: RunState['vars'];
  trigger: RunState['trigger'];
  run: { id: string; flowId: string; flowVersion: number; startedAt: number; stepCount: number };
}

/**
 * The scope plus node-specific names (`input`, `row`, `status`/`headers`/`body`, `secrets`).
 * Written out rather than spread: object spread plus new keys is a slow path in V8 and this runs
 * on every lookup and expression case.
 */
export function scopeWith<T extends Record<string, unknown>>(s: ExpressionContext, extra: T): ExpressionContext & T {
  const out = { message: s.message, contact: s.contact, vars: s.vars, trigger: s.trigger, run: s.run } as ExpressionContext & Record<string, unknown>;
  for (const k in extra) out[k] = extra[k];
  return out as ExpressionContext & T;
}

export function expressionContext(state: RunState): ExpressionContext {
  return {
    message: state.message ?? undefined,
    contact: state.contact,
    vars: state.vars,
    trigger: state.trigger,
    run: { id: state.runId, flowId: state.flowId, flowVersion: state.flowVersion, startedAt: state.startedAt, stepCount: state.stepCount },
  };
}
