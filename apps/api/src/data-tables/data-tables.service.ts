import { Injectable } from '@nestjs/common';
import type { DataRowDto, DataTableDto, Page } from '@moflow/api-contract';
import { DataTableRepository, isoOrNull, type DataRowEntity, type DataTableEntity } from '@moflow/data-access';
import { DataSource, QueryFailedError } from 'typeorm';
import { csvCell } from '../common/csv-cell';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { importCell, parseCsv } from './csv';
import { TABLE_NAME, type CreateDataTableDto, type ImportCsvDto, type RowsQuery, type UpdateDataTableDto } from './data-tables.dto';

const MAX_IMPORT_ROWS = 50_000;
const MAX_KEY = 200;

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem(path, message)] });
}

/** Data tables for `lookup` nodes of kind `table`: the tables, their rows, CSV in and out, and who uses them. */
@Injectable()
export class DataTablesService {
  private readonly repo: DataTableRepository;

  constructor(ds: DataSource) {
    this.repo = new DataTableRepository(ds);
  }

  async list(): Promise<DataTableDto[]> {
    const [tables, users] = await Promise.all([this.repo.list(), this.repo.flowsUsingTables()]);
    return tables.map((t) => mapTable(t, t.rowCount, users.get(t.name) ?? []));
  }

  async get(name: string): Promise<DataTableDto> {
    const found = (await this.list()).find((t) => t.name === name);
    if (!found) throw new DomainException(ErrorCode.DATA_TABLE_NOT_FOUND, `No data table named ${name}.`);
    return found;
  }

  async create(dto: CreateDataTableDto): Promise<DataTableDto> {
    const columns = dto.columns.map((c) => c.trim());
    if (!columns.includes(dto.keyColumn)) throw invalid('keyColumn', `must be one of the columns (${columns.join(', ')})`);
    if (await this.repo.get(dto.name)) throw new DomainException(ErrorCode.DATA_TABLE_EXISTS, `A data table named ${dto.name} already exists.`);
    const now = Date.now();
    try {
      await this.repo.insert({ name: dto.name, description: dto.description ?? null, columns, keyColumn: dto.keyColumn, createdAt: now, updatedAt: now });
    } catch (err) {
      // Two creates of one name at once: the primary key decides.
      if (err instanceof QueryFailedError) throw new DomainException(ErrorCode.DATA_TABLE_EXISTS, `A data table named ${dto.name} already exists.`);
      throw err;
    }
    return this.get(dto.name);
  }

  async update(name: string, dto: UpdateDataTableDto): Promise<DataTableDto> {
    const table = await this.require(name);
    const columns = dto.columns?.map((c) => c.trim());
    if (columns && !columns.includes(table.keyColumn)) throw invalid('columns', `must keep the key column ${table.keyColumn}`);
    await this.repo.update(name, {
      ...(dto.description !== undefined ? { description: dto.description } : {}), ...(columns ? { columns } : {}), updatedAt: Date.now(),
    });
    return this.get(name);
  }

  async remove(name: string): Promise<void> {
    await this.require(name);
    const users = (await this.repo.flowsUsingTables()).get(name) ?? [];
    if (users.length > 0) {
      throw new DomainException(ErrorCode.DATA_TABLE_IN_USE, `Flows still look rows up in ${name}: ${users.map((u) => u.name).join(', ')}. Change their lookups first.`,
        { details: { usedBy: users } });
    }
    await this.repo.remove(name);
  }

  async rows(name: string, q: RowsQuery): Promise<Page<DataRowDto>> {
    await this.require(name);
    const after = q.cursor ? decodeKey(q.cursor) : null;
    const page = await this.repo.rows(name, after, q.limit ?? 100);
    return { items: page.rows.map(mapRow), nextCursor: page.nextKey === null ? null : Buffer.from(page.nextKey).toString('base64url') };
  }

  async putRow(name: string, key: string, row: Record<string, unknown>): Promise<DataRowDto> {
    const table = await this.require(name);
    checkKey(key, 'key');
    const problems = [];
    for (const [column, value] of Object.entries(row)) {
      if (!table.columns.includes(column)) problems.push(problem(`row.${column}`, `is not a column of ${name} (${table.columns.join(', ')})`));
      else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) problems.push(problem(`row.${column}`, 'must be text, a number, true/false or null'));
      else if (typeof value === 'string' && value.length > 10_000) problems.push(problem(`row.${column}`, 'must be at most 10000 characters'));
    }
    const keyValue = row[table.keyColumn];
    if (keyValue !== undefined && keyValue !== null && String(keyValue) !== key) problems.push(problem(`row.${table.keyColumn}`, `must equal the row key ${key} (or be left out)`));
    if (problems.length) throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems });
    const now = Date.now();
    await this.repo.upsertRows(name, [{ key, row: { ...row, [table.keyColumn]: key } }], now);
    return { key, row: { ...row, [table.keyColumn]: key }, updatedAt: new Date(now).toISOString() };
  }

  async deleteRow(name: string, key: string): Promise<void> {
    await this.require(name);
    if (!(await this.repo.deleteRow(name, key))) throw new DomainException(ErrorCode.DATA_ROW_NOT_FOUND, `No row ${key} in ${name}.`);
  }

  /** Every line checked first; nothing is written unless the whole file is good. */
  async importCsv(name: string, dto: ImportCsvDto): Promise<{ imported: number; mode: 'merge' | 'replace'; rowCount: number }> {
    const table = await this.require(name);
    const { rows, error } = parseCsv(dto.csv);
    if (error) throw invalid('csv', `line ${error.line}: ${error.message}`);
    const [header, ...body] = rows;
    if (!header) throw invalid('csv', 'has no header row');
    const names = header.map((h) => h.trim());
    const unknown = names.filter((h) => !table.columns.includes(h));
    if (unknown.length) throw invalid('csv', `line 1: ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are not columns' : 'is not a column'} of ${name} (${table.columns.join(', ')})`);
    const keyAt = names.indexOf(table.keyColumn);
    if (keyAt < 0) throw invalid('csv', `line 1: the key column ${table.keyColumn} is missing`);
    if (body.length > MAX_IMPORT_ROWS) throw invalid('csv', `has ${body.length} rows; at most ${MAX_IMPORT_ROWS} per import`);
    const seen = new Map<string, number>();
    const out: Array<{ key: string; row: Record<string, unknown> }> = [];
    for (const [i, cells] of body.entries()) {
      const line = i + 2;
      if (cells.length !== names.length) throw invalid('csv', `line ${line}: ${cells.length} fields, the header has ${names.length}`);
      const key = importCell(cells[keyAt]!.trim());
      if (!key) throw invalid('csv', `line ${line}: the key ${table.keyColumn} is empty`);
      if (key.length > MAX_KEY) throw invalid('csv', `line ${line}: the key is longer than ${MAX_KEY} characters`);
      const before = seen.get(key);
      if (before !== undefined) throw invalid('csv', `line ${line}: the key ${key} is already on line ${before}`);
      seen.set(key, line);
      out.push({ key, row: Object.fromEntries(names.map((n, j) => [n, j === keyAt ? key : importCell(cells[j]!)])) });
    }
    const mode = dto.mode ?? 'merge';
    await this.repo.upsertRows(name, out, Date.now(), mode === 'replace');
    return { imported: out.length, mode, rowCount: (await this.get(name)).rowCount };
  }

  async exportCsv(name: string): Promise<string> {
    const table = await this.require(name);
    const lines = [table.columns.map(csvCell).join(',')];
    for (const r of await this.repo.allRows(name)) {
      lines.push(table.columns.map((c) => csvCell(c === table.keyColumn ? r.key : r.row[c])).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  private async require(name: string): Promise<DataTableEntity> {
    if (!TABLE_NAME.test(name)) throw new DomainException(ErrorCode.DATA_TABLE_NOT_FOUND, `No data table named ${name}.`);
    const table = await this.repo.get(name);
    if (!table) throw new DomainException(ErrorCode.DATA_TABLE_NOT_FOUND, `No data table named ${name}.`);
    return table;
  }
}

function checkKey(key: string, path: string): void {
  if (!key || key.length > MAX_KEY) throw invalid(path, `must be 1–${MAX_KEY} characters`);
}

function decodeKey(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || Buffer.from(key).toString('base64url') !== cursor) throw invalid('cursor', 'is not a cursor this API returned');
  return key;
}

function mapTable(t: DataTableEntity, rowCount: number, usedBy: Array<{ id: string; name: string }>): DataTableDto {
  return {
    name: t.name, description: t.description, columns: t.columns, keyColumn: t.keyColumn, rowCount, createdAt: isoOrNull(t.createdAt), updatedAt: isoOrNull(t.updatedAt), usedBy,
  };
}

function mapRow(r: DataRowEntity): DataRowDto {
  return { key: r.key, row: r.row, updatedAt: isoOrNull(r.updatedAt) };
}
