import { randomUUID } from 'node:crypto';
import type { ValueTransformer } from 'typeorm';

/**
 * Times are integer milliseconds since the epoch in a `bigint` column: identical type and ordering on
 * SQLite and PostgreSQL, no time-zone surprises. `pg` returns bigint as a string, hence the transformer.
 * (Same convention as runs/columns.ts.)
 */
export const epochMsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value)),
};

export const epochMsColumn = { type: 'bigint', transformer: epochMsTransformer } as const;

/** Ids are generated in the application so both databases behave the same. */
export function newId(): string {
  return randomUUID();
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
