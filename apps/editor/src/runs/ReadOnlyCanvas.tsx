import { memo, useMemo } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { nodeTypes as flowNodeTypes, type FlowDefinition } from '@moflow/flow-spec';
import { FlowNodeCard } from '../canvas/FlowNodeCard';
import { toReactFlow, type RfNode } from '../utils/to-react-flow';

/** A number painted on a node: visits, drop-off, "3 waiting"... */
export interface NodeBadge { text: string; title?: string; tone?: 'info' | 'warn' | 'error' }
type OverlayNode = RfNode & { data: RfNode['data'] & { badge?: NodeBadge } };

function OverlayNodeCard(props: NodeProps<OverlayNode>) {
  const badge = props.data.badge;
  return (
    <div className="overlay-node">
      <FlowNodeCard {...props} />
      {badge && <span className={`node-overlay-badge tone-${badge.tone ?? 'info'}`} title={badge.title} data-testid={`node-badge-${props.id}`}>{badge.text}</span>}
    </div>
  );
}

// Module scope: a new object per render would make React Flow re-mount every node.
const nodeTypes = Object.fromEntries(flowNodeTypes.map((t) => [t, memo(OverlayNodeCard)]));

/**
 * The flow as it was at a version, drawn read-only: no palette, no dragging, no connecting. The
 * run's path is highlighted and each node may carry a badge (node analytics).
 */
export function ReadOnlyCanvas({ definition, path = [], activeNodeId = null, badges = {}, label = 'Flow canvas (read-only)' }: {
  definition: FlowDefinition; path?: readonly string[]; activeNodeId?: string | null; badges?: Readonly<Record<string, NodeBadge>>; label?: string;
}) {
  const { nodes, edges } = useMemo(() => {
    const derived = toReactFlow(definition, { path, activeNodeId });
    return {
      nodes: derived.nodes.map((n) => ({ ...n, draggable: false, connectable: false, deletable: false, selectable: false, data: { ...n.data, badge: badges[n.id] } })),
      edges: derived.edges.map((e) => ({ ...e, deletable: false, selectable: false })),
    };
  }, [definition, path, activeNodeId, badges]);
  return (
    <div className="canvas read-only-canvas" aria-label={label}>
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          fitView
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
