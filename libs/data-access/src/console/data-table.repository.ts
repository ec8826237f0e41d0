import { In, MoreThan, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FlowVersionEntity } from '../flows/flow-version.entity';
import { FlowEntity } from '../flows/flow.entity';
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

  /**
   * Per table name, the flows whose draft or live version has a `lookup` of kind `table` on it. Only
   * definitions that mention "table" at all are read and parsed (a LIKE on the JSON text).
   */
  async flowsUsingTables(): Promise<Map<string, Array<{ id: string; name: string }>>> {
    const flows = await this.ds.getRepository(FlowEntity).createQueryBuilder('f')
      .select(['f.id', 'f.name', 'f.definition', 'f.publishedVersion']).getMany();
    const live = flows.filter((f) => f.publishedVersion !== null);
    const versions = live.length === 0 ? [] : await this.ds.getRepository(FlowVersionEntity).createQueryBuilder('v')
      .select(['v.flowId', 'v.version', 'v.definition'])
      .where('v.flow_id IN (:...ids)', { ids: live.map((f) => f.id) }).andWhere('v.definition LIKE :t', { t: '%"table"%' }).getMany();
    const liveDef = new Map(versions.filter((v) => live.some((f) => f.id === v.flowId && f.publishedVersion === v.version)).map((v) => [v.flowId, v.definition]));
    const out = new Map<string, Array<{ id: string; name: string }>>();
    for (const f of flows) {
      const names = new Set([...tablesOf(f.definition), ...tablesOf(liveDef.get(f.id))]);
      for (const name of names) {
        const list = out.get(name) ?? [];
        list.push({ id: f.id, name: f.name });
        out.set(name, list);
      }
    }
    return out;
  }
}

/** Tables named by lookup nodes of kind table in a stored definition. */
function tablesOf(def: unknown): string[] {
  const nodes = (def as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const out: string[] = [];
  for (const n of nodes as Array<{ type?: unknown; config?: { kind?: unknown; table?: unknown } }>) {
    if (n.type === 'lookup' && n.config?.kind === 'table' && typeof n.config.table === 'string') out.push(n.config.table);
  }
  return out;
}
