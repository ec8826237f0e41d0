import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { stepName } from './step-name';

/** A value an earlier step leaves for later ones: `vars.size` saved by the Wait ‘Wait for size’. */
export interface StepOutput {
  /** The path to write inside `{{ }}`: `vars.size`, `contact.fields.city`. */
  path: string;
  /** In plain words: "Reply saved by ‘Wait for size’". */
  label: string;
  nodeId: string;
}

function outputsOf(n: FlowNode): StepOutput[] {
  const name = stepName(n);
  const out: StepOutput[] = [];
  if (n.type === 'wait') out.push({ path: `vars.${n.config.resultVar}`, label: `Reply saved by ‘${name}’`, nodeId: n.id });
  if (n.type === 'ticket') out.push({ path: `vars.${n.config.resultVar}`, label: `Ticket number from ‘${name}’`, nodeId: n.id });
  if (n.type === 'set') {
    for (const a of n.config.assignments) {
      if (a.target.startsWith('vars.')) out.push({ path: a.target, label: `${a.target.slice(5)}, set by ‘${name}’`, nodeId: n.id });
      if (a.target.startsWith('contact.fields.')) out.push({ path: a.target, label: `Contact field ${a.target.slice(15)}, set by ‘${name}’`, nodeId: n.id });
    }
  }
  if (n.type === 'lookup') {
    if (n.config.mapping) {
      // Keys of an object-literal mapping: `{ "status": body.status }` → status.
      for (const m of n.config.mapping.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)) {
        if (m[1]) out.push({ path: `vars.${m[1]}`, label: `${m[1]} from lookup ‘${name}’`, nodeId: n.id });
      }
    } else if (n.config.kind === 'table') {
      out.push({ path: 'vars.row', label: `Row found by ‘${name}’`, nodeId: n.id });
    }
  }
  return out;
}

/** Ids of the steps from which `nodeId` can be reached (its ancestors), in breadth-first order from it. */
export function stepsBefore(def: FlowDefinition, nodeId: string): string[] {
  const into = new Map<string, string[]>();
  for (const e of def.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) for (const s of into.get(id) ?? []) if (!seen.has(s)) { seen.add(s); order.push(s); next.push(s); }
    frontier = next;
  }
  return order;
}

/**
 * What the steps before `nodeId` leave for it, nearest step first; without a node, every step's.
 * A path offered by two steps is listed once, under the nearest.
 */
export function stepOutputsFor(def: FlowDefinition, nodeId: string | null): StepOutput[] {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const ids = nodeId === null ? def.nodes.map((n) => n.id) : stepsBefore(def, nodeId);
  const seen = new Set<string>();
  const out: StepOutput[] = [];
  for (const id of ids) {
    const n = byId.get(id);
    if (!n) continue;
    for (const o of outputsOf(n)) if (!seen.has(o.path)) { seen.add(o.path); out.push(o); }
  }
  return out;
}

/** Variable names the flow itself assigns, anywhere in it. */
export function knownVarsOf(def: FlowDefinition): string[] {
  const out = new Set<string>();
  for (const n of def.nodes) for (const o of outputsOf(n)) if (o.path.startsWith('vars.')) out.add(o.path.slice(5));
  return [...out].sort();
}
