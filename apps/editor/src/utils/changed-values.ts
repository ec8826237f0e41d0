import type { FlowNode } from '@moflow/flow-spec';

export interface ChangedValue { field: string; before: string; after: string }

const fieldWords = (f: string) => f.replace(/^config\./, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]+/g, ' ').toLowerCase();

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** A value as a marketer reads it: text as is, lists joined, nothing as "(none)". */
function shown(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(none)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v);
}

/**
 * Old and new value of each changed field of a step (`config.text` → "text"), for "what changed" lists.
 * Positions are left out: moving a step is not a change a reader needs spelled out.
 */
export function changedValues(before: FlowNode | undefined, after: FlowNode | undefined, fields: readonly string[]): ChangedValue[] {
  return fields.filter((f) => !f.startsWith('position')).map((f) => ({ field: fieldWords(f), before: shown(at(before, f)), after: shown(at(after, f)) }));
}
