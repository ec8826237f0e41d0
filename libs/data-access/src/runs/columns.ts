import type { ValueTransformer } from 'typeorm';

/**
 * Times are stored as integer milliseconds since the epoch (`bigint`): the same column type and
 * ordering on SQLite and PostgreSQL, compact in the 10 M-row step table, and cheap to compare in
 * keyset cursors. `pg` returns bigint as a string, hence the transformer.
 */
export const msTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export const msColumn = { type: 'bigint', transformer: msTransformer } as const;
