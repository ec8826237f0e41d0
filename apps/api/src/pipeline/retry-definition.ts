import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import type { RunStepEntity } from '@moflow/data-access';

/** The node id of the stand-in wait the retry resumes from (never stored: its events are dropped). */
export const RETRY_NODE = '__moflow_retry__';

/** The lookup step a retry would run again: the latest lookup that left by `failure` or failed. */
export function failedLookup(steps: readonly RunStepEntity[]): RunStepEntity | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.type === 'step_left' && s.nodeType === 'lookup') return s.handle === 'failure' || s.error !== null ? s : null;
  }
  return null;
}

/**
 * The version's definition plus a stand-in wait whose timeout leads to `nodeId`: resuming that
 * wait with a timeout makes the engine walk on from the lookup with the run's vars as they are,
 * through its public resume() contract.
 */
export function retryDefinition(def: FlowDefinition, nodeId: string): FlowDefinition {
  const wait = { id: RETRY_NODE, type: 'wait', position: { x: 0, y: 0 }, config: { timeoutSeconds: 1, resultVar: 'retry', collectSeconds: 0 } } as unknown as FlowNode;
  return { ...def, nodes: [...def.nodes, wait], edges: [...def.edges, { id: RETRY_NODE, source: RETRY_NODE, sourceHandle: 'timeout', target: nodeId }] } as FlowDefinition;
}
