import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * TypeORM's insert/update types recurse into JSON columns (`Record<string, unknown>`) and reject
 * them although simple-json stores any JSON; this cast is the only place we tell it so.
 */
export function row<T>(value: T | Partial<T>): QueryDeepPartialEntity<T> {
  return value as QueryDeepPartialEntity<T>;
}

export function rows<T>(values: T[]): QueryDeepPartialEntity<T>[] {
  return values as QueryDeepPartialEntity<T>[];
}
