import { memo, useEffect, useRef } from 'react';
import { Handle, Position, useStore, useUpdateNodeInternals, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { entryOf, outputsOf } from '../catalogue/node-catalogue';
import { estimatedHeight } from '../utils/node-estimate';
import { stepName } from '../utils/step-name';
import type { RfNode } from '../utils/to-react-flow';
import { NodeSummary } from './NodeSummary';

/**
 * Below this zoom a card's text is under 5 px tall: steps are drawn compact (name, review mark, problems and
 * handles, at the size the canvas estimated for them), which is most of the cost of opening,
 * panning and dragging on a big flow fitted in view. Zooming in past it draws the full cards.
 */
export const DETAIL_ZOOM = 0.4;
export const isCompact = (s: ReactFlowState): boolean => s.transform[2] < DETAIL_ZOOM;

/**
 * One component for every node type: header, key settings, and one source handle per output so a
 * match node grows a handle per case. Memoised on what it draws (see cardPropsEqual).
 */
function FlowNodeCardInner({ id, data, selected, isConnectable }: NodeProps<RfNode>) {
  const { node, errors, warnings, paint, onPath, active, badge } = data;
  const entry = entryOf(node.type);
  const outputs = outputsOf(node);
  // React Flow measures handles when a node is first drawn; a case added (or renamed, or relabelled,
  // which moves the others) later must be measured again or drags from it connect nothing.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = outputs.map((o) => `${o.id}\u0000${o.label}`).join('\u0001');
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);
  const compact = useStore(isCompact);
  const name = stepName(node);
  const cls = ['flow-node', `type-${node.type}`, compact && 'compact', selected && 'selected', errors.length && 'has-errors', paint && `paint-${paint}`,
    onPath && 'on-path', active && 'active'].filter(Boolean).join(' ');
  if (compact) {
    return (
      <div className={cls} style={{ height: estimatedHeight(node.type) }} aria-label={`${entry.label} step ${name}`}>
        {entry.hasInput && <Handle type="target" position={Position.Top} id="in" aria-label="input" isConnectable={isConnectable} />}
        <div className="node-header" title={`${entry.label} · id ${node.id}`}>
          <span className="title">{name}</span>
          {node.review && <span className="badge review" title={node.review} data-testid="node-review">Check</span>}
          {badge && <span className="badge" data-testid="node-badge">{badge}</span>}
          {errors.length > 0 && <span className="badge error" title={errors.join('\n')} data-testid="node-error">{errors.length} ⚠</span>}
          {errors.length === 0 && warnings.length > 0 && <span className="badge warning" title={warnings.join('\n')}>!</span>}
        </div>
        {/* Spread along the bottom as the canvas estimated them (utils/node-estimate). */}
        {outputs.map((o, i) => (
          <Handle key={o.id} type="source" position={Position.Bottom} id={o.id} className="out-handle" aria-label={`output ${o.label}`} data-handle={o.id}
            isConnectable={isConnectable} style={{ left: `calc(${((2 * i + 1) * 50) / outputs.length}% - 6px)` }} />
        ))}
      </div>
    );
  }
  return (
    <div className={cls} aria-label={`${entry.label} step ${name}`}>
      {entry.hasInput && <Handle type="target" position={Position.Top} id="in" aria-label="input" isConnectable={isConnectable} />}
      <div className="node-header" title={`${entry.label} · id ${node.id}`}>
        <entry.icon className="icon" size={14} aria-hidden />
        <span className="title">{name}</span>
        {node.review && <span className="badge review" title={node.review} data-testid="node-review">Check</span>}
        {errors.length > 0 && <span className="badge error" title={errors.join('\n')} data-testid="node-error">{errors.length} ⚠</span>}
        {errors.length === 0 && warnings.length > 0 && <span className="badge warning" title={warnings.join('\n')}>!</span>}
      </div>
      {badge && <div className="overlay-badge" data-testid="node-badge">{badge}</div>}
      <NodeSummary node={node} />
      {outputs.length > 0 && (
        <div className="outputs">
          {outputs.map((o) => (
            <div key={o.id} className="output">
              <span className="output-label">{o.label}</span>
              <Handle type="source" position={Position.Bottom} id={o.id} className="out-handle" aria-label={`output ${o.label}`} data-handle={o.id}
                isConnectable={isConnectable} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * Only what the card shows: React Flow also passes the position, size, z-index and dragging state,
 * which change on every drag frame (the dragged step) and when a step is first measured (every step
 * of a flow being opened); none of them changes what the card draws.
 */
export function cardPropsEqual(a: NodeProps<RfNode>, b: NodeProps<RfNode>): boolean {
  return a.id === b.id && a.type === b.type && a.data === b.data && a.selected === b.selected && a.isConnectable === b.isConnectable;
}

export const FlowNodeCard = memo(FlowNodeCardInner, cardPropsEqual);
