import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, type Connection as RfConnection,
  type Edge, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { nodeTypes as flowNodeTypes, type FlowNode, type NodeType } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { useFlowStore } from '../store/flow-store';
import { finishedMoves, mergeEdges, mergeTransient, toReactFlow, type RfNode } from '../utils/to-react-flow';
import { FlowNodeCard } from './FlowNodeCard';

export const PALETTE_MIME = 'application/x-moflow-node';

// Module scope: a new object per render would make React Flow re-mount every node.
const nodeTypes = Object.fromEntries(flowNodeTypes.map((t) => [t, FlowNodeCard]));
const snapGrid: [number, number] = [20, 20];
const deleteKeys = ['Delete', 'Backspace'];
const multiKeys = ['Shift', 'Meta', 'Control'];
const defaultViewport = { x: 40, y: 40, zoom: 1 };

export const FlowCanvas = memo(function FlowCanvas({ problems, ghosts }: { problems: readonly ProblemDto[]; ghosts: readonly FlowNode[] }) {
  const definition = useFlowStore((s) => s.definition);
  const selectedNodeIds = useFlowStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useFlowStore((s) => s.selectedEdgeIds);
  const paint = useFlowStore((s) => s.paint);
  const simPath = useFlowStore((s) => s.simPath);
  const simActive = useFlowStore((s) => s.simActive);
  const { screenToFlowPosition } = useReactFlow();
  // Fit only a flow that has nodes when opened: on an empty canvas React Flow would fit (and zoom
  // right into) the first node dropped, so the second drop lands somewhere unexpected.
  const [startFitted] = useState(() => definition.nodes.length > 0);

  // Selection is not part of the derivation: a click must not rebuild (and re-compare) every node.
  const derived = useMemo(() => toReactFlow(definition, {
    problems, ghosts, paint: paint ?? undefined, path: simPath, activeNodeId: simActive,
  }), [definition, problems, ghosts, paint, simPath, simActive]);
  const selectedNodes = useMemo(() => new Set(selectedNodeIds), [selectedNodeIds]);
  const selectedEdges = useMemo(() => new Set(selectedEdgeIds), [selectedEdgeIds]);

  // Local copy so drags and measurements update at frame rate without touching the store.
  const [nodes, setNodes] = useState<RfNode[]>(() => mergeTransient([], derived.nodes, selectedNodes));
  const edgesRef = useRef(derived.edges);
  const edges = useMemo(() => (edgesRef.current = mergeEdges(edgesRef.current, derived.edges, selectedEdges)), [derived.edges, selectedEdges]);
  // mergeTransient hands back the same array when nothing changed (e.g. a selection the canvas
  // already applied itself), so this costs React Flow no update.
  useEffect(() => { setNodes((prev) => mergeTransient(prev, derived.nodes, selectedNodes)); }, [derived.nodes, selectedNodes]);

  const onNodesChange = useCallback((changes: NodeChange<RfNode>[]) => {
    // Selection is applied here at once (the same render as the drag start) and also goes to the
    // store, so undo and the side panel see it; removal goes through the store only.
    const local = changes.filter((c) => c.type !== 'remove');
    if (local.length) setNodes((ns) => applyNodeChanges(local, ns));
    const moves = finishedMoves(changes);
    if (moves.size) useFlowStore.getState().moveNodes(moves);
    const st = useFlowStore.getState();
    const picked = applySelect(st.selectedNodeIds, changes);
    if (picked) st.setSelection(picked, st.selectedEdgeIds);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const st = useFlowStore.getState();
    const picked = applySelect(st.selectedEdgeIds, changes);
    if (picked) st.setSelection(st.selectedNodeIds, picked);
  }, []);

  const onConnect = useCallback((c: RfConnection) => {
    if (c.source && c.target) useFlowStore.getState().connect({ source: c.source, sourceHandle: c.sourceHandle ?? 'next', target: c.target });
  }, []);
  const onReconnect = useCallback((old: Edge, c: RfConnection) => {
    if (c.source && c.target) useFlowStore.getState().reconnect(old.id, { source: c.source, sourceHandle: c.sourceHandle ?? 'next', target: c.target });
  }, []);
  const onDelete = useCallback(({ nodes: ns, edges: es }: { nodes: RfNode[]; edges: Edge[] }) => {
    useFlowStore.getState().deleteElements(ns.map((n) => n.id), es.map((e) => e.id));
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME) as NodeType;
    if (!type || !(flowNodeTypes as string[]).includes(type)) return;
    e.preventDefault();
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useFlowStore.getState().addNode(type, { x: Math.round(p.x / 20) * 20 - 120, y: Math.round(p.y / 20) * 20 - 20 });
  }, [screenToFlowPosition]);

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onReconnect={onReconnect}
        onDelete={onDelete}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiKeys}
        snapToGrid
        snapGrid={snapGrid}
        fitView={startFitted}
        defaultViewport={defaultViewport}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        aria-label="Flow canvas"
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
});

/** Selection changes folded into the store's id list; null when the changes do not touch selection. */
function applySelect(current: readonly string[], changes: readonly (NodeChange<RfNode> | EdgeChange)[]): string[] | null {
  const selects = changes.filter((c): c is Extract<typeof c, { type: 'select' }> => c.type === 'select');
  if (selects.length === 0) return null;
  const set = new Set(current);
  for (const c of selects) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}
