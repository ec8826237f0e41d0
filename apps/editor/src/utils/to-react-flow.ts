/**
 * Pure mappers between the persisted flow-spec definition and React Flow's nodes and edges. The
 * definition is the only truth; React Flow state is derived here and positions come back through
 * `applyPositionChanges` when a drag stops.
 */
import { applyNodeChanges, type Edge, type Node, type NodeChange } from '@xyflow/react';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { estimateNode } from './node-estimate';

export type DiffPaint = 'added' | 'changed' | 'removed';

export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  errors: string[];
  warnings: string[];
  paint: DiffPaint | null;
  /** Visited in the current simulation; `active` marks the step being shown. */
  onPath: boolean;
  active: boolean;
  /** Short text shown on the step (e.g. run counts on an ops page); null for none. */
  badge: string | null;
}
export type RfNode = Node<FlowNodeData, FlowNode['type']>;

export interface Overlay {
  /** With a `text` (plain words, see problems/plain-problem), that is what the step's badge says. */
  problems?: readonly (ProblemDto & { text?: string })[];
  selectedNodeIds?: ReadonlySet<string>;
  selectedEdgeIds?: ReadonlySet<string>;
  paint?: Readonly<Record<string, DiffPaint>>;
  path?: readonly string[];
  activeNodeId?: string | null;
  /** Nodes of an older version that the draft removed, drawn faded and not editable. */
  ghosts?: readonly FlowNode[];
  /** Edge ids to highlight besides those between consecutive `path` steps. */
  pathEdgeIds?: readonly string[];
  /** A short text per node id, drawn as a badge on the step. */
  badges?: Readonly<Record<string, string>>;
  /** A label per edge id (e.g. how many runs took the connection). */
  edgeLabels?: Readonly<Record<string, string>>;
  /** Nothing can be moved, connected or deleted. */
  readOnly?: boolean;
  /**
   * Give each step an estimated size and handles (see node-estimate), so a canvas that draws only
   * the steps in view need not draw every step once to measure it. Only for a canvas that keeps
   * what React Flow measured (`mergeTransient`, `settleMeasured`).
   */
  estimateSizes?: boolean;
}

export function toReactFlow(def: FlowDefinition, overlay: Overlay = {}): { nodes: RfNode[]; edges: Edge[] } {
  const errors = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  for (const p of overlay.problems ?? []) {
    if (!p.nodeId) continue;
    const bucket = p.severity === 'warning' ? warnings : errors;
    bucket.set(p.nodeId, [...(bucket.get(p.nodeId) ?? []), 'text' in p && typeof p.text === 'string' ? p.text : `${p.path}: ${p.message}`]);
  }
  const onPath = new Set(overlay.path ?? []);
  const ro = overlay.readOnly === true;
  const nodes: RfNode[] = def.nodes.map((node) => ({
    id: node.id,
    type: node.type,
    position: { x: node.position.x, y: node.position.y },
    selected: overlay.selectedNodeIds?.has(node.id) ?? false,
    deletable: !ro,
    ...(ro ? { draggable: false, connectable: false } : {}),
    ...(overlay.estimateSizes ? estimateNode(node) : {}),
    data: {
      node,
      errors: errors.get(node.id) ?? [],
      warnings: warnings.get(node.id) ?? [],
      paint: overlay.paint?.[node.id] ?? null,
      onPath: onPath.has(node.id),
      active: overlay.activeNodeId === node.id,
      badge: overlay.badges?.[node.id] ?? null,
    },
  }));
  for (const g of overlay.ghosts ?? []) {
    if (def.nodes.some((n) => n.id === g.id)) continue;
    nodes.push({ id: g.id, type: g.type, position: { ...g.position }, selectable: false, draggable: false, deletable: false, connectable: false,
      data: { node: g, errors: [], warnings: [], paint: 'removed', onPath: false, active: false, badge: null } });
  }
  const pathEdges = new Set<string>();
  const path = overlay.path ?? [];
  for (let i = 1; i < path.length; i++) pathEdges.add(`${path[i - 1]}>${path[i]}`);
  const litEdges = new Set(overlay.pathEdgeIds ?? []);
  const edges: Edge[] = def.edges.map((e) => {
    const lit = litEdges.has(e.id) || pathEdges.has(`${e.source}>${e.target}`);
    return {
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      selected: overlay.selectedEdgeIds?.has(e.id) ?? false,
      animated: lit,
      className: lit ? 'edge-on-path' : undefined,
      ...(overlay.edgeLabels?.[e.id] !== undefined ? { label: overlay.edgeLabels[e.id], labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 4 } : {}),
      ...(ro ? { deletable: false, reconnectable: false } : {}),
    };
  });
  return { nodes, edges };
}

/** Positions of finished drags (React Flow reports `dragging: false` on the last change). */
export function finishedMoves(changes: readonly NodeChange[]): Map<string, { x: number; y: number }> {
  const moves = new Map<string, { x: number; y: number }>();
  for (const c of changes) {
    if (c.type === 'position' && c.position && c.dragging === false) moves.set(c.id, { x: c.position.x, y: c.position.y });
  }
  return moves;
}

export function applyPositions(def: FlowDefinition, moves: ReadonlyMap<string, { x: number; y: number }>): FlowDefinition {
  if (moves.size === 0) return def;
  return {
    ...def,
    nodes: def.nodes.map((n) => {
      const p = moves.get(n.id);
      return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

/**
 * Keeps what React Flow measured (size) and the identity of unchanged nodes, so rebuilding from the
 * definition does not make every memoised node component render again. With `selectedIds`, selection
 * comes from that set instead of `next` (the canvas derives nodes without it, so a click does not
 * rebuild them all). Returns `prev` itself when nothing changed, so React Flow sees no update at all.
 */
export function mergeTransient(prev: readonly RfNode[], next: RfNode[], selectedIds?: ReadonlySet<string>): RfNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  let changed = prev.length !== next.length;
  const merged = next.map((n, i) => {
    const selected = selectedIds && n.selectable !== false ? selectedIds.has(n.id) : n.selected;
    const old = byId.get(n.id);
    if (!old) { changed = true; return selected === n.selected ? n : { ...n, selected }; }
    const d = old.data;
    const same = old.type === n.type && old.selected === selected && old.position.x === n.position.x && old.position.y === n.position.y
      && d.node === n.data.node && d.paint === n.data.paint && d.onPath === n.data.onPath && d.active === n.data.active && d.badge === n.data.badge
      && old.draggable === n.draggable
      && sameList(d.errors, n.data.errors) && sameList(d.warnings, n.data.warnings);
    if (same) { if (prev[i] !== old) changed = true; return old; }
    changed = true;
    const kept = { ...n, selected, measured: old.measured, width: old.width, height: old.height };
    return old.measured?.width ? withoutEstimate(kept) : kept;
  });
  return changed ? merged : (prev as RfNode[]);
}

/**
 * A measured step must not carry estimated handles: React Flow takes a node's `handles` over the
 * ones it measured, so an edge would go back to the estimate whenever the node object changes.
 */
function withoutEstimate(n: RfNode): RfNode {
  if (n.handles === undefined && n.initialWidth === undefined) return n;
  const { handles: _h, initialWidth: _w, initialHeight: _ht, ...rest } = n;
  return rest;
}

/** `applyNodeChanges`, dropping the estimate of every step React Flow has just measured. */
export function settleMeasured(changes: NodeChange<RfNode>[], nodes: RfNode[]): RfNode[] {
  const next = applyNodeChanges(changes, nodes);
  const measured = new Set<string>();
  for (const c of changes) if (c.type === 'dimensions' && c.dimensions) measured.add(c.id);
  return measured.size === 0 ? next : next.map((n) => (measured.has(n.id) ? withoutEstimate(n) : n));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Same for edges: unchanged edges keep their object so React Flow skips re-rendering them. */
export function mergeEdges(prev: readonly Edge[], next: Edge[], selectedIds?: ReadonlySet<string>): Edge[] {
  const byId = new Map(prev.map((e) => [e.id, e]));
  let changed = prev.length !== next.length;
  const merged = next.map((e, i) => {
    const selected = selectedIds ? selectedIds.has(e.id) : e.selected;
    const old = byId.get(e.id);
    const keep = old && old.source === e.source && old.target === e.target && old.sourceHandle === e.sourceHandle && old.selected === selected
      && old.animated === e.animated && old.className === e.className;
    if (keep) { if (prev[i] !== old) changed = true; return old; }
    changed = true;
    return selected === e.selected ? e : { ...e, selected };
  });
  return changed ? merged : (prev as Edge[]);
}

/**
 * True when `b` is `a` with steps moved and nothing else: validation has nothing new to say (no
 * check reads positions), so a drag on a big flow need not send the whole flow to the validator.
 */
export function onlyPositionsDiffer(a: FlowDefinition, b: FlowDefinition): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  for (const k of Object.keys(b) as (keyof FlowDefinition)[]) if (k !== 'nodes' && a[k] !== b[k]) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i]!;
    if (n === m) return true;
    const keys = new Set([...Object.keys(n), ...Object.keys(m)]);
    keys.delete('position');
    for (const k of keys) if ((n as unknown as Record<string, unknown>)[k] !== (m as unknown as Record<string, unknown>)[k]) return false;
    return true;
  });
}
