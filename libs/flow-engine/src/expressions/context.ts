import type { RunState } from '../run-state';

/** What `{{ }}` templates and JSONata expressions see (ARCHITECTURE.md): never secrets. */
export interface ExpressionContext {
  message: RunState['message'] | undefined;
  contact: RunState['contact'];
  vars: RunState['vars'];
  trigger: RunState['trigger'];
  run: { id: string; flowId: string; flowVersion: number; startedAt: number; stepCount: number };
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
