/**
 * Top-down layered layout with ELK. Output handles are ports at fixed positions, spread along the
 * bottom edge as the node card draws them (evenly, left to right in handle order), so a match
 * node's Small / Medium / Large lead to children laid out in that order and no edges cross.
 * (With FIXED_ORDER, ELK numbers ports clockwise, which runs right to left along the bottom.)
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
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
    },
    children: def.nodes.map((n) => {
      const width = sizes.get(n.id)?.width ?? NODE_W;
      const height = sizes.get(n.id)?.height ?? NODE_H;
      const outputs = outputsOf(n);
      return {
        id: n.id, width, height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
        ports: [
          { id: `${n.id}::in`, x: width / 2, y: 0, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'NORTH' } },
          // The card spreads its outputs with `justify-content: space-around`.
          ...outputs.map((o, i) => ({ id: `${n.id}::${o.id}`, x: (width * (2 * i + 1)) / (2 * outputs.length), y: height, width: 1, height: 1,
            layoutOptions: { 'elk.port.side': 'SOUTH' } })),
        ],
      };
    }),
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
