/**
 * A step's size and handle positions before it has ever been drawn, estimated from its type (see
 * `.flow-node` in styles.css: 240 px wide, the outputs spread along the bottom edge).
 *
 * The canvas draws only the steps in view (React Flow's `onlyRenderVisibleElements`); React Flow
 * still draws every step once to measure it unless the step already has a size and handles. With
 * these estimates a 1,000-step flow opens by drawing the few hundred steps in view, and an edge to
 * a step out of view ends near the right place. A step that is drawn is measured at once and its
 * estimate dropped (see `settleMeasured`), so drawn edges always meet the real handles.
 */
import { nodeCatalogue, nodeOutputs, type FlowNode } from '@moflow/flow-spec';
import { Position, type NodeHandle } from '@xyflow/react';

export const NODE_WIDTH = 240;
const HANDLE = 12;

/** Heights measured in Chromium for a typical step of each type (summaries vary by a line or two). */
const heights: Record<FlowNode['type'], number> = {
  trigger: 103, reply: 111, wait: 114, match: 80, lookup: 80, ticket: 80, set: 80, subscribe: 80, end: 64,
};

/** The estimated height of a step of this type (also the height of its compact card, see FlowNodeCard). */
export function estimatedHeight(type: FlowNode['type']): number {
  return heights[type];
}

export interface NodeEstimate { initialWidth: number; initialHeight: number; handles: NodeHandle[] }

// Per step object: the definition is immutable, and the canvas re-derives every step on each edit.
const cache = new WeakMap<FlowNode, NodeEstimate>();

export function estimateNode(node: FlowNode): NodeEstimate {
  let e = cache.get(node);
  if (!e) cache.set(node, (e = estimate(node)));
  return e;
}

function estimate(node: FlowNode): NodeEstimate {
  const height = heights[node.type];
  const handles: NodeHandle[] = [];
  if (nodeCatalogue[node.type].hasInput)
    handles.push({ id: 'in', type: 'target', position: Position.Top, x: NODE_WIDTH / 2 - HANDLE / 2, y: -HANDLE / 2, width: HANDLE, height: HANDLE });
  const outputs = nodeOutputs(node);
  outputs.forEach((o, i) => {
    // `.outputs` spreads its labels with space-around; each handle sits under its label's centre.
    const centre = (NODE_WIDTH * (2 * i + 1)) / (2 * outputs.length);
    handles.push({ id: o.id, type: 'source', position: Position.Bottom, x: Math.round(centre - HANDLE / 2), y: height - HANDLE - 1, width: HANDLE, height: HANDLE });
  });
  return { initialWidth: NODE_WIDTH, initialHeight: height, handles };
}
