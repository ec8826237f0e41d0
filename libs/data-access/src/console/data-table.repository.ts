import { In, MoreThan, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DataRowEntity } from '../runs/data-row.entity';
import { DataTableEntity } from './data-table.entity';

/** Data tables and their rows; writes of many rows go in one transaction. */
export class DataTableRepository {
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<Array<DataTableEntity & { rowCount: number }>> {
    const tables = await this.ds.getRepository(DataTableEntity).find({ order: { name: 'ASC' } });
    if (tables.length === 0) return [];
    const counts = await this.ds.getRepository(DataRowEntity).createQueryBuilder('r')
      .select('r.table_name', 'name').addSelect('COUNT(*)', 'n').where('r.table_name IN (:...names)', { names: tables.map((t) => t.name) })
      .groupBy('r.table_name').getRawMany<{ name: string; n: string | number }>();
    const byName = new Map(counts.map((c) => [c.name, Number(c.n)]));
    return tables.map((t) => ({ ...t, rowCount: byName.get(t.name) ?? 0 }));
  }

  get(name: string): Promise<DataTableEntity | null> {
    return this.ds.getRepository(DataTableEntity).findOneBy({ name });
  }

  async insert(table: DataTableEntity): Promise<void> {
    await this.ds.getRepository(DataTableEntity).insert(table);
  }

  async update(name: string, patch: Partial<Pick<DataTableEntity, 'description' | 'columns' | 'updatedAt'>>): Promise<void> {
    await this.ds.getRepository(DataTableEntity).update({ name }, patch);
  }

  /** The table and all its rows. */
  async remove(name: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(DataRowEntity).delete({ table: name });
      await m.getRepository(DataTableEntity).delete({ name });
    });
  }

  /** Rows in key order after `afterKey`. */
  async rows(table: string, afterKey: string | null, limit: number): Promise<{ rows: DataRowEntity[]; nextKey: string | null }> {
    const rows = await this.ds.getRepository(DataRowEntity).find({
      where: { table, ...(afterKey !== null ? { key: MoreThan(afterKey) } : {}) }, order: { key: 'ASC' }, take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { rows: page, nextKey: rows.length > limit ? (page[page.length - 1]?.key ?? null) : null };
  }

  async allRows(table: string): Promise<DataRowEntity[]> {
    return this.ds.getRepository(DataRowEntity).find({ where: { table }, order: { key: 'ASC' } });
  }

  /**
   * Inserts or replaces rows by key, in chunks inside one transaction; `replace` first deletes every
   * row of the table (a CSV import that is the whole table).
   */
  async upsertRows(table: string, rows: ReadonlyArray<{ key: string; row: Record<string, unknown> }>, now: number, replace = false): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(DataRowEntity);
      if (replace) await repo.delete({ table });
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        if (!replace) await repo.delete({ table, key: In(chunk.map((r) => r.key)) });
        // simple-json stores any JSON; TypeORM's insert type recurses into it and must be told so.
        await repo.insert(chunk.map((r) => ({ table, key: r.key, row: r.row, updatedAt: now })) as QueryDeepPartialEntity<DataRowEntity>[]);
      }
      await m.getRepository(DataTableEntity).update({ name: table }, { updatedAt: now });
    });
  }

  async deleteRow(table: string, key: string): Promise<boolean> {
    const res = await this.ds.getRepository(DataRowEntity).delete({ table, key });
    return (res.affected ?? 0) > 0;
  }
}
