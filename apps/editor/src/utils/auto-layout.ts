/**
 * Top-down layered layout with ELK. Output handles are ordered ports so a match node's cases fan
 * out left to right in the order they are listed, as they are drawn on the node.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { FlowDefinition } from '@moflow/flow-spec';
import { outputsOf } from '../catalogue/node-catalogue';

const elk = new ELK();
const NODE_W = 260;
const NODE_H = 120;

export async function autoLayout(def: FlowDefinition, sizes: ReadonlyMap<string, { width: number; height: number }> = new Map()): Promise<FlowDefinition> {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '60',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80', 'elk.portConstraints': 'FIXED_ORDER',
    },
    children: def.nodes.map((n) => ({
      id: n.id,
      width: sizes.get(n.id)?.width ?? NODE_W,
      height: sizes.get(n.id)?.height ?? NODE_H,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'NORTH' } },
        ...outputsOf(n).map((o, i) => ({ id: `${n.id}::${o.id}`, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(i) } })),
      ],
    })),
    edges: def.edges
      .filter((e) => def.nodes.some((n) => n.id === e.source) && def.nodes.some((n) => n.id === e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
  // Edges from handles that no longer exist would make ELK throw; route them from the node itself.
  for (const e of graph.edges) {
    const [nodeId, handle] = (e.sources[0] ?? '').split('::');
    const node = def.nodes.find((n) => n.id === nodeId);
    if (node && !outputsOf(node).some((o) => o.id === handle)) e.sources = [nodeId ?? ''];
  }
  const laid = await elk.layout(graph);
  const pos = new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
  return { ...def, nodes: def.nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })) };
}
