import type { FlowAnalyticsDto } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';

const n = (x: number) => x.toLocaleString('en');
const pct = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/**
 * What the canvas shows for a flow's analytics: a badge per step (visits, and how many stopped there
 * or failed) and the runs that took each connection as its label. Steps no run reached say so.
 */
export function analyticsOverlay(def: FlowDefinition, nodes: FlowAnalyticsDto['nodes']): { badges: Record<string, string>; edgeLabels: Record<string, string> } {
  const badges: Record<string, string> = {};
  for (const node of def.nodes) {
    const s = nodes[node.id];
    if (!s || s.visits === 0) { badges[node.id] = 'no visits'; continue; }
    const parts = [`${n(s.visits)} ${s.visits === 1 ? 'visit' : 'visits'}`];
    const failed = s.exits['error'] ?? 0;
    if (failed) parts.push(`${n(failed)} failed`);
    // Every run ends at an end step: there a drop-off is the point, not news.
    if (s.dropOff && node.type !== 'end') parts.push(`${n(s.dropOff)} stopped (${pct(s.dropOff, s.visits)})`);
    badges[node.id] = parts.join(' · ');
  }
  const edgeLabels: Record<string, string> = {};
  for (const e of def.edges) {
    const count = nodes[e.source]?.exits[e.sourceHandle ?? 'next'] ?? 0;
    edgeLabels[e.id] = n(count);
  }
  return { badges, edgeLabels };
}

/** A bucket start as the chart's axis shows it: the hour, or the day. */
export function bucketLabel(iso: string, bucket: 'hour' | 'day'): string {
  const d = new Date(iso);
  return bucket === 'hour'
    ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(rate >= 0.1 || rate === 0 ? 0 : 1)}%`;
}
