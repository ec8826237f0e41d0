import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowNode } from '@moflow/flow-spec';
import { entryOf, outputsOf } from '../catalogue/node-catalogue';
import { useFlowStore } from '../store/flow-store';
import { memoByIdentity } from '../utils/memo-by-identity';
import { stepTitle } from '../utils/step-name';

/** Steps a node's outputs can lead to, as "id\u0000title", once per definition and node. */
const targetKeysOf = memoByIdentity((nodes: readonly FlowNode[], nodeId: string) => nodes
  .filter((n) => n.id !== nodeId && entryOf(n.type).hasInput).map((n) => `${n.id}\u0000${stepTitle(n)}`));

/** Where each output leads, as selects: connecting steps without a mouse. */
export function ConnectionsField({ node }: { node: FlowNode }) {
  const id = useId();
  // Ids and labels only (as "id\u0000label"), compared item by item: moving a step does not re-render
  // a select of every other step.
  const targetKeys = useFlowStore(useShallow((s) => targetKeysOf(s.definition.nodes, node.id)));
  const edges = useFlowStore((s) => s.definition.edges);
  const outputs = outputsOf(node);
  if (outputs.length === 0) return null;
  const targets = targetKeys.map((k) => { const [id = '', label = ''] = k.split('\u0000'); return { id, label }; });
  const setTarget = (handle: string, target: string) => {
    const st = useFlowStore.getState();
    const existing = edges.find((e) => e.source === node.id && e.sourceHandle === handle);
    if (!target) { if (existing) st.deleteElements([], [existing.id]); return; }
    st.connect({ source: node.id, sourceHandle: handle, target });
  };
  return (
    <fieldset>
      <legend>Next steps</legend>
      {outputs.map((o) => {
        const current = edges.find((e) => e.source === node.id && e.sourceHandle === o.id)?.target ?? '';
        return (
          <div className="field" key={o.id}>
            <label htmlFor={`${id}-${o.id}`} className="field-label">{o.label} →</label>
            <select id={`${id}-${o.id}`} value={current} onChange={(e) => setTarget(o.id, e.target.value)}>
              <option value="">Nothing: the flow ends here</option>
              {targets.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
