import type { FlowEdge, FlowNode } from '@moflow/flow-spec';
import { outputsOf } from '../catalogue/node-catalogue';

/**
 * The edges after a step's settings changed its outputs: an output renamed in place (same position,
 * a new id no other output had) takes its edge along; an output that was removed drops its edge
 * instead of leaving it dangling; outputs merely reordered keep theirs.
 */
export function carryEdges(edges: FlowEdge[], before: FlowNode, after: FlowNode): FlowEdge[] {
  const was = outputsOf(before).map((o) => o.id);
  const now = outputsOf(after).map((o) => o.id);
  if (was.length === now.length && was.every((id, i) => id === now[i])) return edges;
  const wasSet = new Set(was);
  const nowSet = new Set(now);
  const renamed = new Map<string, string>();
  if (was.length === now.length) {
    was.forEach((id, i) => {
      const to = now[i];
      if (to !== undefined && id !== to && !nowSet.has(id) && !wasSet.has(to)) renamed.set(id, to);
    });
  }
  let changed = false;
  const out: FlowEdge[] = [];
  for (const e of edges) {
    if (e.source !== before.id) { out.push(e); continue; }
    const to = renamed.get(e.sourceHandle);
    if (to !== undefined) { out.push({ ...e, sourceHandle: to }); changed = true; }
    else if (wasSet.has(e.sourceHandle) && !nowSet.has(e.sourceHandle)) changed = true;
    else out.push(e);
  }
  return changed ? out : edges;
}
