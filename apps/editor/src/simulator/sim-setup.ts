/**
 * The simulator's made-up contact and pretend lookup answers, as a marketer fills them in (name /
 * value rows, one form per lookup step), or as JSON under "Advanced". Pure: turned into the
 * simulate request here, with messages that say which field is wrong.
 */
import type { SimulateRequest } from '@moflow/api-contract';

export interface Row { key: string; value: string }
export interface LookupMock { status: number; rows: Row[] }
export interface SimSetup {
  phone: string;
  name: string;
  fields: Row[];
  /** By lookup step id. */
  lookups: Record<string, LookupMock>;
  /** REST start parameters; none: the first message starts the run. */
  parameters: Row[];
  /** JSON text instead of the forms. */
  advanced: boolean;
  json: { fields: string; lookups: string; parameters: string };
}

export const emptySetup = (): SimSetup => ({
  phone: '+15550001111', name: '', fields: [], lookups: {}, parameters: [], advanced: false, json: { fields: '{}', lookups: '{}', parameters: '' },
});

/** "42" → 42, "true" → true, anything else stays text (a phone-like "0123" too). */
function typed(v: string): unknown {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(v.trim())) return Number(v);
  return v;
}
export function rowsToObject(rows: readonly Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = typed(r.value);
  return out;
}
export function objectToRows(o: unknown): Row[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [];
  return Object.entries(o).map(([key, v]) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) }));
}

/** Switching the forms to JSON and back keeps what was typed. */
export function toggleAdvanced(s: SimSetup, advanced: boolean): SimSetup {
  if (advanced) {
    const lookups = Object.fromEntries(Object.entries(s.lookups).map(([id, m]) => [id, { status: m.status, body: rowsToObject(m.rows) }]));
    const params = rowsToObject(s.parameters);
    return { ...s, advanced, json: { fields: JSON.stringify(rowsToObject(s.fields), null, 1), lookups: JSON.stringify(lookups, null, 1),
      parameters: Object.keys(params).length ? JSON.stringify(params, null, 1) : '' } };
  }
  const parse = (t: string) => { try { return JSON.parse(t || '{}') as unknown; } catch { return null; } };
  const mocks = parse(s.json.lookups);
  const lookups: Record<string, LookupMock> = {};
  if (mocks && typeof mocks === 'object') {
    for (const [id, v] of Object.entries(mocks)) {
      const first = (Array.isArray(v) ? v[0] : v) as { status?: unknown; body?: unknown } | undefined;
      lookups[id] = { status: typeof first?.status === 'number' ? first.status : 200, rows: objectToRows(first?.body) };
    }
  }
  return { ...s, advanced, fields: objectToRows(parse(s.json.fields)), lookups, parameters: objectToRows(parse(s.json.parameters)) };
}

export type SimInput =
  | { ok: true; contact: NonNullable<SimulateRequest['contact']>; lookups: NonNullable<SimulateRequest['lookups']>; parameters: Record<string, unknown> | null }
  | { ok: false; error: string };

export function simInput(s: SimSetup): SimInput {
  const contact = (fields: Record<string, unknown>) => ({ phone: s.phone, ...(s.name ? { name: s.name } : {}), fields });
  if (!s.advanced) {
    const lookups: NonNullable<SimulateRequest['lookups']> = {};
    for (const [id, m] of Object.entries(s.lookups)) lookups[id] = [{ status: m.status, body: rowsToObject(m.rows) }];
    const params = rowsToObject(s.parameters);
    return { ok: true, contact: contact(rowsToObject(s.fields)), lookups, parameters: Object.keys(params).length ? params : null };
  }
  const object = (text: string, what: string): Record<string, unknown> | string => {
    let v: unknown;
    try { v = JSON.parse(text || '{}'); } catch (e) { return `${what}: not valid JSON (${(e as Error).message})`; }
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : `${what}: must be a JSON object`;
  };
  const fields = object(s.json.fields, 'Contact fields');
  if (typeof fields === 'string') return { ok: false, error: fields };
  const mocks = object(s.json.lookups, 'Lookup answers');
  if (typeof mocks === 'string') return { ok: false, error: mocks };
  let parameters: Record<string, unknown> | null = null;
  if (s.json.parameters.trim()) {
    const p = object(s.json.parameters, 'Start parameters');
    if (typeof p === 'string') return { ok: false, error: p };
    parameters = p;
  }
  const lookups: NonNullable<SimulateRequest['lookups']> = {};
  for (const [nodeId, v] of Object.entries(mocks)) {
    const list = Array.isArray(v) ? v : [v];
    for (const [i, r] of list.entries()) {
      if (typeof r !== 'object' || r === null || typeof (r as { status?: unknown }).status !== 'number')
        return { ok: false, error: `Lookup answers: ${nodeId}[${i}] needs a numeric "status"` };
    }
    lookups[nodeId] = list as { status: number; body: unknown }[];
  }
  return { ok: true, contact: contact(fields), lookups, parameters };
}
