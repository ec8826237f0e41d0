import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { entryOf, outputsOf } from '../catalogue/node-catalogue';
import type { RfNode } from '../utils/to-react-flow';
import { NodeSummary } from './NodeSummary';

/**
 * One component for every node type: header, key settings, and one source handle per output so a
 * match node grows a handle per case. Memoised: only nodes whose data changed re-render while dragging.
 */
function FlowNodeCardInner({ data, selected }: NodeProps<RfNode>) {
  const { node, errors, warnings, paint, onPath, active } = data;
  const entry = entryOf(node.type);
  const outputs = outputsOf(node);
  const cls = ['flow-node', `type-${node.type}`, selected && 'selected', errors.length && 'has-errors', paint && `paint-${paint}`,
    onPath && 'on-path', active && 'active'].filter(Boolean).join(' ');
  return (
    <div className={cls} aria-label={`${entry.label} node ${node.label ?? node.id}`}>
      {entry.hasInput && <Handle type="target" position={Position.Top} id="in" aria-label="input" />}
      <div className="node-header">
        <span className="icon" aria-hidden>{entry.icon}</span>
        <span className="title">{node.label ?? entry.label}</span>
        <span className="node-id">{node.id}</span>
        {errors.length > 0 && <span className="badge error" title={errors.join('\n')} data-testid="node-error">{errors.length} ⚠</span>}
        {errors.length === 0 && warnings.length > 0 && <span className="badge warning" title={warnings.join('\n')}>!</span>}
      </div>
      <NodeSummary node={node} />
      {outputs.length > 0 && (
        <div className="outputs">
          {outputs.map((o) => (
            <div key={o.id} className="output">
              <span className="output-label">{o.label}</span>
              <Handle type="source" position={Position.Bottom} id={o.id} className="out-handle" aria-label={`output ${o.label}`} data-handle={o.id} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardInner);
