import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal definitions hash equal whatever order the editor sent. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The nodes of a definition that may be a half-written draft: only entries with a string id. */
export function draftNodes(definition: unknown): Array<Record<string, unknown> & { id: string }> {
  const nodes = isRecord(definition) && Array.isArray(definition.nodes) ? definition.nodes : [];
  return nodes.filter((n): n is Record<string, unknown> & { id: string } => isRecord(n) && typeof n.id === 'string');
}

export function draftEdges(definition: unknown): Array<Record<string, unknown> & { id: string }> {
  const edges = isRecord(definition) && Array.isArray(definition.edges) ? definition.edges : [];
  return edges.filter((e): e is Record<string, unknown> & { id: string } => isRecord(e) && typeof e.id === 'string');
}
