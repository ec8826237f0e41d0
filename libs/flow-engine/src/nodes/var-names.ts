import { FlowEngineError, FlowEngineErrorCode } from '../errors';

// Names that would reach Object.prototype machinery instead of storing a value.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Throws a clear error for a variable or field name that cannot be stored as data. */
export function checkName(name: string, where: string): string {
  if (RESERVED.has(name)) throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `${where}: "${name}" is a reserved name`);
  return name;
}

/** Merges a mapping result into vars; all or nothing, refusing reserved names. */
export function mergeVars(vars: Record<string, unknown>, changes: Record<string, unknown>, where: string): void {
  const keys = Object.keys(changes);
  for (const k of keys) checkName(k, where);
  for (const k of keys) vars[k] = changes[k];
}
