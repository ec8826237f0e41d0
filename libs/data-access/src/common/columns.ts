import { uuidV7 } from '@moflow/flow-spec';
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

/**
 * Ids are generated in the application so both databases behave the same: UUIDv7, time-ordered
 * (see uuidV7 in @moflow/flow-spec for why).
 */
export function newId(now = Date.now()): string {
  return uuidV7(now);
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
