import type { DataRowDto, DataTableDto, Page } from '@moflow/api-contract';
import { api, ApiRequestError } from '../api/client';
import { qs } from '../api/console-api';

const t = (name: string) => `/data-tables/${encodeURIComponent(name)}`;

export const dataTablesApi = {
  list: () => api<DataTableDto[]>('GET', '/data-tables'),
  get: (name: string) => api<DataTableDto>('GET', t(name)),
  create: (body: { name: string; description?: string; columns: string[]; keyColumn: string }) => api<DataTableDto>('POST', '/data-tables', body),
  update: (name: string, body: { description?: string; columns?: string[] }) => api<DataTableDto>('PATCH', t(name), body),
  remove: (name: string) => api<void>('DELETE', t(name)),
  rows: (name: string, cursor: string | null) => api<Page<DataRowDto>>('GET', `${t(name)}/rows${qs({ cursor, limit: 100 })}`),
  putRow: (name: string, key: string, row: Record<string, unknown>) => api<DataRowDto>('PUT', `${t(name)}/rows/${encodeURIComponent(key)}`, { row }),
  deleteRow: (name: string, key: string) => api<void>('DELETE', `${t(name)}/rows/${encodeURIComponent(key)}`),
  importCsv: (name: string, csv: string, mode: 'merge' | 'replace') =>
    api<{ imported: number; mode: string; rowCount: number }>('POST', `${t(name)}/import`, { csv, mode }),
  exportUrl: (name: string) => `/api/v1${t(name)}/export.csv`,
};

/** "zip, city , phone" → ['zip', 'city', 'phone'] (empty entries dropped). */
export function splitColumns(text: string): string[] {
  return text.split(',').map((c) => c.trim()).filter(Boolean);
}

/** The server's message, with each problem ("csv: line 3: the key gold is already on line 2"). */
export function errorWords(err: Error): string {
  const problems = err instanceof ApiRequestError ? (err.body.problems ?? []) : [];
  return problems.length ? problems.map((p) => `${p.path}: ${p.message}`).join('; ') : err.message;
}
