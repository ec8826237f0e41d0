import type { Page } from '@moflow/api-contract';
import { decodeCursor, encodeCursor, type Cursor, type KeysetPage } from '@moflow/data-access';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/** The cursor a list route was given, or 400 naming `cursor` when it is not one this API handed out. */
export function cursorParam(text: string | undefined): Cursor | null {
  if (!text) return null;
  const cursor = decodeCursor(text);
  if (!cursor) throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('cursor', 'is not a cursor this API returned')] });
  return cursor;
}

export function toPage<T, D>(page: KeysetPage<T>, map: (row: T) => D): Page<D> {
  return { items: page.rows.map(map), nextCursor: page.next ? encodeCursor(page.next) : null };
}
