import { padIn } from '@moflow/data-access';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

type Db = DataSource | EntityManager;

/** The few dialect differences the outbox statements need (SQLite `?`, PostgreSQL `$n` and schemas). */
export class OutboxSql {
  readonly pg: boolean;

  constructor(private readonly ds: DataSource) {
    this.pg = ds.options.type === 'postgres';
  }

  table(target: EntityTarget<ObjectLiteral>): string {
    const meta = this.ds.getMetadata(target);
    return `${meta.schema ? `"${meta.schema}".` : ''}"${meta.tableName}"`;
  }

  /** Placeholders for `params`, appended to it: `p.add(value)` returns `?` or `$n`. */
  params(): Params {
    return new Params(this.pg);
  }

  /** The rows of a SELECT or of an UPDATE ... RETURNING (which the PostgreSQL driver returns as [rows, count]). */
  async rows<T>(db: Db, sql: string, params: unknown[]): Promise<T[]> {
    const result = (await db.query(sql, params)) as unknown;
    if (!Array.isArray(result)) return [];
    if (this.pg && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
    return result as T[];
  }
}

export class Params {
  readonly values: unknown[] = [];

  constructor(private readonly pg: boolean) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.pg ? `$${this.values.length}` : '?';
  }

  /**
   * An IN list. Its length is rounded up to a power of two by repeating the last value (the same
   * answer): a statement text per list length would make better-sqlite3 prepare it again each time.
   */
  list(values: readonly unknown[]): string {
    return padIn(values).map((v) => this.add(v)).join(', ');
  }
}
