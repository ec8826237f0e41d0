/**
 * A lenient view of a possibly-invalid definition: every node and edge that parses on its own is
 * kept, so graph and content checks still run (and report) when another part of the flow is broken.
 */
import { flowEdgeSchema, flowNodeSchema, type FlowDefinition, type FlowEdge, type FlowNode } from '../definition';

export interface NodeEntry {
  index: number;
  id: string;
  type: string | null;
  /** The parsed node, or null when its own shape is invalid (its handles are then unknown). */
  node: FlowNode | null;
}

export interface EdgeEntry {
  index: number;
  edge: FlowEdge;
}

export interface FlowView {
  nodes: NodeEntry[];
  edges: EdgeEntry[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function rawNodeId(raw: unknown, index: number): string | null {
  if (!isRecord(raw) || !Array.isArray(raw['nodes'])) return null;
  const node: unknown = raw['nodes'][index];
  return isRecord(node) && typeof node['id'] === 'string' ? node['id'] : null;
}

/** From a definition that parsed as a whole: nothing to re-parse. */
export function viewOfDefinition(def: FlowDefinition): FlowView {
  return {
    nodes: def.nodes.map((node, index) => ({ index, id: node.id, type: node.type, node })),
    edges: def.edges.map((edge, index) => ({ index, edge })),
  };
}

export function buildFlowView(raw: unknown): FlowView {
  const view: FlowView = { nodes: [], edges: [] };
  if (!isRecord(raw)) return view;
  const rawNodes = Array.isArray(raw['nodes']) ? raw['nodes'] : [];
  rawNodes.forEach((n: unknown, index) => {
    const parsed = flowNodeSchema.safeParse(n);
    if (parsed.success) view.nodes.push({ index, id: parsed.data.id, type: parsed.data.type, node: parsed.data });
    else if (isRecord(n) && typeof n['id'] === 'string')
      view.nodes.push({ index, id: n['id'], type: typeof n['type'] === 'string' ? n['type'] : null, node: null });
  });
  const rawEdges = Array.isArray(raw['edges']) ? raw['edges'] : [];
  rawEdges.forEach((e: unknown, index) => {
    const parsed = flowEdgeSchema.safeParse(e);
    if (parsed.success) view.edges.push({ index, edge: parsed.data });
  });
  return view;
}
