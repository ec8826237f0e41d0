import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A position in a newest-first list: the time column and the id of the last row read. */
export interface Cursor { at: number; id: string }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** null when the text is not a cursor this API handed out (the caller answers 400). */
export function decodeCursor(text: string): Cursor | null {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { at: v[0], id: v[1] };
  } catch {
    // not base64 JSON: the null below
  }
  return null;
}

export interface KeysetPage<T> { rows: T[]; next: Cursor | null }

/**
 * Newest first on (atColumn, id) after `after`, one row more than asked to know whether a next page
 * exists: an ordered range scan on an index ending in (at, id), never OFFSET.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>, alias: string, atColumn: string, atOf: (row: T) => number, after: Cursor | null, limit: number,
): Promise<KeysetPage<T>> {
  const at = `${alias}.${atColumn}`;
  if (after) qb.andWhere(`(${at} < :kAt OR (${at} = :kAt AND ${alias}.id < :kId))`, { kAt: after.at, kId: after.id });
  const rows = await qb.orderBy(at, 'DESC').addOrderBy(`${alias}.id`, 'DESC').limit(limit + 1).getMany();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { at: atOf(last), id: last.id } : null };
}
