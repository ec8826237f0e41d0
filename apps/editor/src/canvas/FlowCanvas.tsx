import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import {
  MarkerType, ReactFlow, useReactFlow, type Connection as RfConnection, type DefaultEdgeOptions,
  type Edge, type EdgeChange, type FinalConnectionState, type NodeChange,
} from '@xyflow/react';
import { nodeTypes as flowNodeTypes, type FlowDefinition, type FlowNode, type NodeType } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { useFlowStore } from '../store/flow-store';
import { finishedMoves, mergeEdges, mergeTransient, settleMeasured, toReactFlow, type RfNode } from '../utils/to-react-flow';
import { CanvasChrome } from './CanvasChrome';
import { FlowNodeCard } from './FlowNodeCard';
import { QuickAddMenu } from './QuickAddMenu';

export const PALETTE_MIME = 'application/x-moflow-node';

// Module scope: a new object per render would make React Flow re-mount every node.
const nodeTypes = Object.fromEntries(flowNodeTypes.map((t) => [t, FlowNodeCard]));
const snapGrid: [number, number] = [20, 20];
const deleteKeys = ['Delete', 'Backspace'];
const multiKeys = ['Shift', 'Meta', 'Control'];
const defaultViewport = { x: 40, y: 40, zoom: 1 };
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };

/** What a page can paint on top of a flow: a run's path, one step emphasised, a badge per step. */
export interface CanvasOverlay {
  /** Step ids in the order a run visited them: drawn purple, the edges between consecutive steps animated. */
  path?: readonly string[];
  /** Edge ids to light up as well (e.g. from a run log that records the output taken). */
  pathEdgeIds?: readonly string[];
  /** The step to emphasise (where a run waits or failed). */
  activeNodeId?: string | null;
  /** Short text per step id, shown as a badge on the step (e.g. "1,204 runs · 3 failed"). */
  badges?: Readonly<Record<string, string>>;
  /** Short text per edge id, drawn on the connection (e.g. how many runs took it). */
  edgeLabels?: Readonly<Record<string, string>>;
}

/**
 * The flow drawn as a canvas. Props:
 * - `definition`: draw this flow-spec definition (e.g. a published version on an ops page). The canvas
 *   is then read-only and does not touch the editor's store; give it a `key` per version to fit again.
 *   Without it, the canvas edits the draft in the editor's store (palette drops, drags, connections).
 * - `readOnly`: nothing can be moved, connected or deleted; clicking still selects (the editor shows
 *   the step's settings, disabled). Implied by `definition`.
 * - `overlay`: see {@link CanvasOverlay}. In the editor the simulator's path comes from the store.
 * - `onNodeClick(nodeId)`: with `definition`, makes steps clickable.
 * - `problems`, `ghosts`: the editor's problem badges and the removed steps of a version diff.
 * Fills its parent, which must have a height. Works with or without a `ReactFlowProvider` above
 * when `definition` is given; the editing canvas needs one (the editor's toolbar shares it).
 */
export interface FlowCanvasProps {
  definition?: FlowDefinition;
  readOnly?: boolean;
  overlay?: CanvasOverlay;
  onNodeClick?: (nodeId: string) => void;
  problems?: readonly (ProblemDto & { text?: string })[];
  ghosts?: readonly FlowNode[];
}

export const FlowCanvas = memo(function FlowCanvas(props: FlowCanvasProps) {
  return props.definition ? <DefinitionCanvas {...props} definition={props.definition} /> : <DraftCanvas {...props} />;
});

/** A given definition, read-only: nothing here reads or writes the editor's store. */
function DefinitionCanvas({ definition, overlay, onNodeClick, problems }: FlowCanvasProps & { definition: FlowDefinition }) {
  const { nodes, edges } = useMemo(() => toReactFlow(definition, {
    readOnly: true, problems, path: overlay?.path, pathEdgeIds: overlay?.pathEdgeIds, activeNodeId: overlay?.activeNodeId, badges: overlay?.badges, edgeLabels: overlay?.edgeLabels,
  }), [definition, problems, overlay]);
  const click = useCallback((_e: MouseEvent, n: RfNode) => onNodeClick?.(n.id), [onNodeClick]);
  return (
    <div className="canvas read-only">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} defaultEdgeOptions={defaultEdgeOptions}
        nodesDraggable={false} nodesConnectable={false} edgesReconnectable={false} elementsSelectable={!!onNodeClick}
        deleteKeyCode={null} onNodeClick={onNodeClick ? click : undefined} defaultViewport={defaultViewport} minZoom={0.1}
        proOptions={proOptions} aria-label="Flow canvas (read-only)">
        <CanvasChrome fitOnOpen={definition.nodes.length > 0} />
      </ReactFlow>
    </div>
  );
}

/** The draft in the editor's store. */
function DraftCanvas({ problems, ghosts, readOnly = false }: FlowCanvasProps) {
  const definition = useFlowStore((s) => s.definition);
  const selectedNodeIds = useFlowStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useFlowStore((s) => s.selectedEdgeIds);
  const paint = useFlowStore((s) => s.paint);
  const simPath = useFlowStore((s) => s.simPath);
  const simActive = useFlowStore((s) => s.simActive);
  const simBadges = useFlowStore((s) => s.simBadges);
  const { screenToFlowPosition } = useReactFlow();
  // Fit only a flow that has nodes when opened: on an empty canvas React Flow would fit (and zoom
  // right into) the first node dropped, so the second drop lands somewhere unexpected.
  const [startFitted] = useState(() => definition.nodes.length > 0);

  // Selection is not part of the derivation: a click must not rebuild (and re-compare) every node.
  const derived = useMemo(() => toReactFlow(definition, {
    problems, ghosts, paint: paint ?? undefined, path: simPath, activeNodeId: simActive, readOnly, badges: simBadges ?? undefined, estimateSizes: true,
  }), [definition, problems, ghosts, paint, simPath, simActive, simBadges, readOnly]);
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
    if (local.length) setNodes((ns) => settleMeasured(local, ns));
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
  // A connection dropped on empty canvas opens the quick-add menu there.
  const canvasRef = useRef<HTMLDivElement>(null);
  const [quickAdd, setQuickAdd] = useState<{ at: { x: number; y: number }; client: { x: number; y: number }; source: string; sourceHandle: string } | null>(null);
  const onConnectEnd = useCallback((e: globalThis.MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
    const target = e.target as Element | null;
    if (!target?.classList.contains('react-flow__pane')) return;
    const point = 'changedTouches' in e ? e.changedTouches[0]! : e;
    const box = canvasRef.current?.getBoundingClientRect();
    if (!box) return;
    setQuickAdd({ at: { x: point.clientX - box.left, y: point.clientY - box.top }, client: { x: point.clientX, y: point.clientY },
      source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? 'next' });
  }, []);
  const onQuickPick = useCallback((type: NodeType) => {
    if (!quickAdd) return;
    const p = screenToFlowPosition(quickAdd.client);
    useFlowStore.getState().addConnectedNode(type, { x: Math.round(p.x / 20) * 20 - 120, y: Math.round(p.y / 20) * 20 }, { source: quickAdd.source, sourceHandle: quickAdd.sourceHandle });
    setQuickAdd(null);
  }, [quickAdd, screenToFlowPosition]);
  const onReconnect = useCallback((old: Edge, c: RfConnection) => {
    if (c.source && c.target) useFlowStore.getState().reconnect(old.id, { source: c.source, sourceHandle: c.sourceHandle ?? 'next', target: c.target });
  }, []);
  // A drag that picks a step up selects it; its settings wait for the drop (see SidePanel).
  const onDragStart = useCallback(() => useFlowStore.getState().setDragging(true), []);
  const onDragStop = useCallback(() => useFlowStore.getState().setDragging(false), []);
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
    <div ref={canvasRef} className={readOnly ? 'canvas read-only' : 'canvas'} onDragOver={readOnly ? undefined : onDragOver} onDrop={readOnly ? undefined : onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        // Big flows: only the steps (and edges) in view are in the DOM; each step comes with an
        // estimated size and handles (utils/node-estimate) so none has to be drawn just to be measured.
        onlyRenderVisibleElements
        onConnect={readOnly ? undefined : onConnect}
        onConnectEnd={readOnly ? undefined : onConnectEnd}
        onReconnect={readOnly ? undefined : onReconnect}
        onDelete={readOnly ? undefined : onDelete}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onSelectionDragStart={onDragStart}
        onSelectionDragStop={onDragStop}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        deleteKeyCode={readOnly ? null : deleteKeys}
        multiSelectionKeyCode={multiKeys}
        snapToGrid
        snapGrid={snapGrid}
        defaultViewport={defaultViewport}
        minZoom={0.1}
        proOptions={proOptions}
        aria-label={readOnly ? 'Flow canvas (read-only)' : 'Flow canvas'}
      >
        <CanvasChrome fitOnOpen={startFitted} />
      </ReactFlow>
      {quickAdd && <QuickAddMenu at={quickAdd.at} onPick={onQuickPick} onClose={() => setQuickAdd(null)} />}
    </div>
  );
}

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
