/**
 * Lookup tables over a definition, built once per definition object (published versions are
 * immutable and hosts keep them in memory), so a run never rescans nodes or edges.
 */
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';

export interface FlowGraph {
  node(id: string): FlowNode | undefined;
  /** Target node id of the edge leaving `source` by `handle`. */
  target(source: string, handle: string): string | undefined;
  trigger: FlowNode | undefined;
}

const graphs = new WeakMap<FlowDefinition, FlowGraph>();

export function flowGraph(def: FlowDefinition): FlowGraph {
  let g = graphs.get(def);
  if (!g) {
    const nodes = new Map<string, FlowNode>();
    for (const n of def.nodes) nodes.set(n.id, n);
    const edges = new Map<string, Map<string, string>>();
    for (const e of def.edges) {
      let out = edges.get(e.source);
      if (!out) edges.set(e.source, (out = new Map()));
      // hand-written definitions may omit the handle; the schema default is "next"
      out.set(e.sourceHandle ?? 'next', e.target);
    }
    g = {
      node: (id) => nodes.get(id),
      target: (source, handle) => edges.get(source)?.get(handle),
      trigger: def.nodes.find((n) => n.type === 'trigger'),
    };
    graphs.set(def, g);
  }
  return g;
}
