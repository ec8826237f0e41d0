import type { TableColumnOptions } from 'typeorm';

// Column builders for the QueryRunner Table API, restricted to types that mean the same thing on
// SQLite and PostgreSQL, so one migration set serves both.
export const idColumn = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '40', isPrimary: true });
export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const integer = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const epochMs = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
export const boolean = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
/** simple-json columns are text on both databases. */
export const json = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
