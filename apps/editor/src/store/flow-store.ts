/**
 * The editor's single source of truth: the flow-spec definition being edited, with undo/redo,
 * selection and clipboard. React Flow state is derived from it (utils/to-react-flow.ts); node
 * components read from here and call these actions, never callbacks passed through node data.
 */
import { create } from 'zustand';
import type { FlowDefinition, FlowEdge, FlowNode, NodeType } from '@moflow/flow-spec';
import type { FlowTestCaseDto } from '@moflow/api-contract';
import { entryOf } from '../catalogue/node-catalogue';
import { carryEdges } from '../utils/carry-edges';
import { freshId } from '../utils/ids';
import type { DiffPaint } from '../utils/to-react-flow';

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1000;

export const emptyDefinition = (): FlowDefinition => ({ specVersion: 1, nodes: [], edges: [] });

export interface Connection { source: string; sourceHandle: string; target: string }

export interface FlowState {
  flowId: string | null;
  name: string;
  /** Draft revision the server last confirmed; sent as baseRevision. */
  revision: number;
  definition: FlowDefinition;
  tests: FlowTestCaseDto[];
  /** Bumps on every edit; auto-save compares it with savedSeq. */
  editSeq: number;
  savedSeq: number;
  past: FlowDefinition[];
  future: FlowDefinition[];
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  clipboard: { nodes: FlowNode[]; edges: FlowEdge[] } | null;
  paint: Record<string, DiffPaint> | null;
  simPath: string[];
  simActive: string | null;
  /** Badges the simulator puts on steps (a lookup that failed). */
  simBadges: Record<string, string> | null;
  /** A step is being dragged on the canvas (the side panel waits for the drop, see SidePanel). */
  dragging: boolean;

  load(flow: { id: string | null; name: string; revision: number; definition: FlowDefinition; tests?: FlowTestCaseDto[] }): void;
  addNode(type: NodeType, position?: { x: number; y: number }): string;
  /** A new step at `position`, connected from an output, as one undoable edit (the quick-add menu). */
  addConnectedNode(type: NodeType, position: { x: number; y: number }, from: { source: string; sourceHandle: string }): string;
  updateConfig(nodeId: string, config: FlowNode['config']): void;
  updateLabel(nodeId: string, label: string): void;
  /** Removes the importer's "check this step" mark. */
  clearReview(nodeId: string): void;
  moveNodes(moves: ReadonlyMap<string, { x: number; y: number }>): void;
  connect(c: Connection): void;
  reconnect(edgeId: string, c: Connection): void;
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  deleteSelection(): void;
  setSelection(nodeIds: string[], edgeIds: string[]): void;
  copySelection(): void;
  paste(offset?: { x: number; y: number }): void;
  undo(): void;
  redo(): void;
  replaceDefinition(def: FlowDefinition): void;
  rename(name: string): void;
  setTests(tests: FlowTestCaseDto[]): void;
  markSaved(revision: number, seq: number): void;
  setPaint(paint: Record<string, DiffPaint> | null): void;
  setSimulation(path: string[], active: string | null): void;
  setSimBadges(badges: Record<string, string> | null): void;
  setDragging(dragging: boolean): void;
}

export const useFlowStore = create<FlowState>()((set, get) => {
  /** Every edit goes through here so undo, auto-save and selection stay consistent. */
  let lastCoalesce: { key: string; at: number } | null = null;
  function commit(next: FlowDefinition, extra: Partial<FlowState> = {}, coalesceKey?: string): void {
    const { definition, past, editSeq } = get();
    if (next === definition) return;
    // Typing in a field is one undo step, not one per keystroke.
    const now = Date.now();
    const merge = coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < COALESCE_MS && past.length > 0;
    lastCoalesce = coalesceKey === undefined ? null : { key: coalesceKey, at: now };
    set({ definition: next, past: merge ? past : [...past, definition].slice(-HISTORY_LIMIT), future: [], editSeq: editSeq + 1, ...extra });
  }
  function withNode(nodeId: string, fn: (n: FlowNode) => FlowNode, coalesceKey?: string): void {
    const def = get().definition;
    if (!def.nodes.some((n) => n.id === nodeId)) return;
    commit({ ...def, nodes: def.nodes.map((n) => (n.id === nodeId ? fn(n) : n)) }, {}, coalesceKey);
  }
  function edgeFor(def: FlowDefinition, c: Connection, id?: string): FlowEdge {
    return { id: id ?? freshId('e', new Set(def.edges.map((e) => e.id))), source: c.source, sourceHandle: c.sourceHandle, target: c.target };
  }

  return {
    flowId: null, name: '', revision: 0, definition: emptyDefinition(), tests: [], editSeq: 0, savedSeq: 0,
    past: [], future: [], selectedNodeIds: [], selectedEdgeIds: [], clipboard: null, paint: null, simPath: [], simActive: null, simBadges: null, dragging: false,

    load: (flow) => set({ flowId: flow.id, name: flow.name, revision: flow.revision, definition: flow.definition, tests: flow.tests ?? [],
      editSeq: 0, savedSeq: 0, past: [], future: [], selectedNodeIds: [], selectedEdgeIds: [], paint: null, simPath: [], simActive: null, simBadges: null, dragging: false }),

    addNode: (type, position) => {
      const def = get().definition;
      const id = freshId(type, new Set(def.nodes.map((n) => n.id)));
      // Without a drop point, stack new nodes below the lowest one so they never hide each other.
      const pos = position ?? { x: 0, y: def.nodes.reduce((y, n) => Math.max(y, n.position.y + 140), 0) };
      const node = { id, type, position: { x: Math.round(pos.x), y: Math.round(pos.y) }, config: entryOf(type).defaultConfig() } as FlowNode;
      commit({ ...def, nodes: [...def.nodes, node] }, { selectedNodeIds: [id], selectedEdgeIds: [] });
      return id;
    },

    addConnectedNode: (type, position, from) => {
      const def = get().definition;
      const id = freshId(type, new Set(def.nodes.map((n) => n.id)));
      const node = { id, type, position: { x: Math.round(position.x), y: Math.round(position.y) }, config: entryOf(type).defaultConfig() } as FlowNode;
      // One edge per output handle: the new step takes the output over.
      const kept = def.edges.filter((e) => !(e.source === from.source && e.sourceHandle === from.sourceHandle));
      const edge = edgeFor({ ...def, edges: kept }, { ...from, target: id });
      commit({ ...def, nodes: [...def.nodes, node], edges: [...kept, edge] }, { selectedNodeIds: [id], selectedEdgeIds: [] });
      return id;
    },

    updateConfig: (nodeId, config) => {
      const def = get().definition;
      const before = def.nodes.find((n) => n.id === nodeId);
      if (!before) return;
      const after = { ...before, config } as FlowNode;
      // Renaming a match case's output id carries its edge along; removing a case drops its edge.
      commit({ ...def, nodes: def.nodes.map((n) => (n === before ? after : n)), edges: carryEdges(def.edges, before, after) }, {}, `config:${nodeId}`);
    },
    updateLabel: (nodeId, label) => withNode(nodeId, (n) => {
      const { label: _old, ...rest } = n;
      return (label.trim() ? { ...rest, label } : rest) as FlowNode;
    }, `label:${nodeId}`),
    clearReview: (nodeId) => withNode(nodeId, (n) => {
      const { review: _old, ...rest } = n;
      return rest as FlowNode;
    }),

    moveNodes: (moves) => {
      const def = get().definition;
      let changed = false;
      const nodes = def.nodes.map((n) => {
        const p = moves.get(n.id);
        if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
        changed = true;
        return { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } };
      });
      if (changed) commit({ ...def, nodes });
    },

    connect: (c) => {
      const def = get().definition;
      if (c.source === c.target) return;
      // One edge per output handle: connecting an output again moves its edge.
      const kept = def.edges.filter((e) => !(e.source === c.source && e.sourceHandle === c.sourceHandle));
      commit({ ...def, edges: [...kept, edgeFor({ ...def, edges: kept }, c)] });
    },

    reconnect: (edgeId, c) => {
      const def = get().definition;
      const old = def.edges.find((e) => e.id === edgeId);
      if (!old || c.source === c.target) return;
      const kept = def.edges.filter((e) => e.id !== edgeId && !(e.source === c.source && e.sourceHandle === c.sourceHandle));
      commit({ ...def, edges: [...kept, edgeFor(def, c, edgeId)] });
    },

    deleteElements: (nodeIds, edgeIds) => {
      const def = get().definition;
      const nodes = new Set(nodeIds);
      const edges = new Set(edgeIds);
      const next = {
        ...def,
        nodes: def.nodes.filter((n) => !nodes.has(n.id)),
        edges: def.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
      };
      if (next.nodes.length === def.nodes.length && next.edges.length === def.edges.length) return;
      commit(next, { selectedNodeIds: [], selectedEdgeIds: [] });
    },

    deleteSelection: () => get().deleteElements(get().selectedNodeIds, get().selectedEdgeIds),

    setSelection: (nodeIds, edgeIds) => {
      const s = get();
      if (sameIds(s.selectedNodeIds, nodeIds) && sameIds(s.selectedEdgeIds, edgeIds)) return;
      set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
    },

    copySelection: () => {
      const { definition, selectedNodeIds } = get();
      const ids = new Set(selectedNodeIds);
      if (ids.size === 0) return;
      set({ clipboard: {
        nodes: definition.nodes.filter((n) => ids.has(n.id)),
        edges: definition.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
      } });
    },

    paste: (offset = { x: 40, y: 40 }) => {
      const { clipboard, definition } = get();
      if (!clipboard || clipboard.nodes.length === 0) return;
      const taken = new Set(definition.nodes.map((n) => n.id));
      const rename = new Map<string, string>();
      const nodes = clipboard.nodes.map((n) => {
        const id = freshId(n.type, taken);
        taken.add(id);
        rename.set(n.id, id);
        return { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } } as FlowNode;
      });
      const edgeIds = new Set(definition.edges.map((e) => e.id));
      const edges = clipboard.edges.map((e) => {
        const id = freshId('e', edgeIds);
        edgeIds.add(id);
        return { ...e, id, source: rename.get(e.source) ?? e.source, target: rename.get(e.target) ?? e.target };
      });
      commit({ ...definition, nodes: [...definition.nodes, ...nodes], edges: [...definition.edges, ...edges] },
        { selectedNodeIds: nodes.map((n) => n.id), selectedEdgeIds: [],
          // Pasting twice should not stack copies on the same spot.
          clipboard: { nodes: clipboard.nodes.map((n) => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }) as FlowNode), edges: clipboard.edges } });
    },

    undo: () => {
      const { past, future, definition, editSeq } = get();
      const prev = past[past.length - 1];
      if (!prev) return;
      set({ definition: prev, past: past.slice(0, -1), future: [definition, ...future], editSeq: editSeq + 1 });
    },
    redo: () => {
      const { past, future, definition, editSeq } = get();
      const next = future[0];
      if (!next) return;
      set({ definition: next, past: [...past, definition], future: future.slice(1), editSeq: editSeq + 1 });
    },

    replaceDefinition: (def) => commit(def, { selectedNodeIds: [], selectedEdgeIds: [] }),
    rename: (name) => set({ name, editSeq: get().editSeq + 1 }),
    setTests: (tests) => set({ tests, editSeq: get().editSeq + 1 }),
    markSaved: (revision, seq) => set({ revision, savedSeq: Math.max(get().savedSeq, seq) }),
    setPaint: (paint) => set({ paint }),
    setSimulation: (simPath, simActive) => set({ simPath, simActive }),
    setSimBadges: (simBadges) => set({ simBadges }),
    setDragging: (dragging) => { if (get().dragging !== dragging) set({ dragging }); },
  };
});

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function selectedNode(s: FlowState): FlowNode | null {
  if (s.selectedNodeIds.length !== 1) return null;
  return s.definition.nodes.find((n) => n.id === s.selectedNodeIds[0]) ?? null;
}
