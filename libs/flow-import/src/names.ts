/** Moflow ids and variable names from source names: the shape the flow spec accepts, stable and readable. */

export function toId(raw: string, fallback = 'step'): string {
  const cleaned = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return (cleaned || fallback).slice(0, 56);
}

/** A JSONata-safe variable name: letters, digits and `_`, not starting with a digit. */
export function toVarName(raw: string): string {
  const id = toId(raw, 'value').replace(/-/g, '_');
  return (/^[0-9]/.test(id) ? `_${id}` : id).slice(0, 56);
}

/** A JSON string literal is also a JSONata string literal. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
