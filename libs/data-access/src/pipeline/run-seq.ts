import type { EntityManager } from 'typeorm';
import { RunEntity } from '../runs/run.entity';
import { shapeSizes } from './fast-sql';

/**
 * Reserves run-log sequence numbers: for each run, `count` numbers starting at the returned value.
 * One statement for the whole batch (`UPDATE … FROM (VALUES …) RETURNING`), inside the caller's
 * transaction, so a writer outside the turn pipeline (message status, delivery reports) and the
 * pipeline never pick the same `(run_id, seq)`. Runs that do not exist are absent from the result.
 */
export async function reserveRunSeqs(m: EntityManager, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const entries = [...counts].filter(([, n]) => n > 0);
  const out = new Map<string, number>();
  if (entries.length === 0) return out;
  if (m.connection.options.type === 'postgres') return reserve(m, entries, counts, out);
  // SQLite: power-of-two pieces, so the statement texts stay few and stay prepared
  let at = 0;
  for (const size of shapeSizes(entries.length)) {
    await reserve(m, entries.slice(at, at + size), counts, out);
    at += size;
  }
  return out;
}

async function reserve(m: EntityManager, entries: [string, number][], counts: ReadonlyMap<string, number>, out: Map<string, number>): Promise<Map<string, number>> {
  const pg = m.connection.options.type === 'postgres';
  const params: unknown[] = [];
  const rows = entries.map(([id, n], i) => {
    params.push(id, n);
    return pg ? `($${2 * i + 1}::varchar, $${2 * i + 2}::integer)` : i === 0 ? 'SELECT ? AS "id", ? AS "n"' : 'SELECT ?, ?';
  });
  const source = pg ? `(VALUES ${rows.join(', ')}) AS v("id", "n")` : `(${rows.join(' UNION ALL ')}) AS v`;
  const meta = m.connection.getMetadata(RunEntity);
  const table = `${meta.schema ? `"${meta.schema}".` : ''}"${meta.tableName}"`;
  const sql = `UPDATE ${table} SET "next_seq" = ${table}."next_seq" + v."n" FROM ${source} WHERE ${table}."id" = v."id" RETURNING ${table}."id" AS "id", ${table}."next_seq" AS "next_seq"`;
  const result = (await m.query(sql, params)) as unknown;
  // pg answers [rows, count] for UPDATE … RETURNING through TypeORM; better-sqlite3 answers rows.
  const returned = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as { id: string; next_seq: number | string }[];
  for (const r of returned) out.set(r.id, Number(r.next_seq) - (counts.get(r.id) ?? 0));
  return out;
}
