import type { FlowDefinition } from '@moflow/flow-spec';

/** Variable names the flow itself assigns, offered by `vars.` autocomplete. */
export function knownVarsOf(def: FlowDefinition): string[] {
  const out = new Set<string>();
  for (const n of def.nodes) {
    if (n.type === 'wait' || n.type === 'ticket') out.add(n.config.resultVar);
    if (n.type === 'set') for (const a of n.config.assignments) if (a.target.startsWith('vars.')) out.add(a.target.slice(5));
    if (n.type === 'lookup' && n.config.mapping) {
      // Keys of an object-literal mapping: `{ "status": body.status }` → status.
      for (const m of n.config.mapping.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)) if (m[1]) out.add(m[1]);
    }
  }
  return [...out].sort();
}
