import type { FlowDiffDto } from '@moflow/api-contract';
import { canonicalJson, draftEdges, draftNodes, isRecord } from './flow-json';

/**
 * Structured diff of two definitions (either may be an invalid draft): nodes added/removed by id,
 * changed nodes with the dotted paths of the fields that differ, edges added/removed. An edge whose
 * id stayed but whose ends moved counts as removed and added: for a reader it is another connection.
 */
export function diffDefinitions(from: unknown, to: unknown): Omit<FlowDiffDto, 'from' | 'to'> {
  const before = new Map(draftNodes(from).map((n) => [n.id, n]));
  const after = new Map(draftNodes(to).map((n) => [n.id, n]));
  const nodesChanged: FlowDiffDto['nodesChanged'] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields = changedPaths(old, node, '');
    if (fields.length) nodesChanged.push({ nodeId: id, fields });
  }
  const edgeKey = (e: Record<string, unknown>) => canonicalJson({ s: e.source, h: e.sourceHandle ?? 'next', t: e.target });
  const edgesBefore = new Map(draftEdges(from).map((e) => [e.id, edgeKey(e)]));
  const edgesAfter = new Map(draftEdges(to).map((e) => [e.id, edgeKey(e)]));
  return {
    nodesAdded: [...after.keys()].filter((id) => !before.has(id)),
    nodesRemoved: [...before.keys()].filter((id) => !after.has(id)),
    nodesChanged,
    edgesAdded: [...edgesAfter].filter(([id, key]) => edgesBefore.get(id) !== key).map(([id]) => id),
    edgesRemoved: [...edgesBefore].filter(([id, key]) => edgesAfter.get(id) !== key).map(([id]) => id),
  };
}

/** Paths where two values differ; objects are walked, arrays and scalars compared whole. */
function changedPaths(a: unknown, b: unknown, prefix: string): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [prefix];
}
