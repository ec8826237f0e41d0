import type {
  CancelRunsResultDto, Page, RunActionResultDto, RunDetailDto, RunSummaryDto,
  WaitingSessionDto, WaitingSummaryDto,
} from '@moflow/api-contract';
import { api } from '../api/client';

/** Filters of the runs page, as the API takes them (every value a string, '' meaning unset). */
export type RunFilters = Partial<Record<'flowId' | 'version' | 'status' | 'contact' | 'channelId' | 'from' | 'to' | 'nodeId' | 'errorsOnly' | 'text', string>>;

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const run = (id: string) => `/runs/${encodeURIComponent(id)}`;

export const runsApi = {
  list: (filters: RunFilters, cursor: string | null, limit = 50) =>
    api<Page<RunSummaryDto>>('GET', `/runs${queryString({ ...filters, cursor, limit })}`),
  detail: (id: string) => api<RunDetailDto>('GET', run(id)),
  cancel: (id: string) => api<RunActionResultDto>('POST', `${run(id)}/cancel`),
  retry: (id: string) => api<RunActionResultDto>('POST', `${run(id)}/retry`),
  restart: (id: string) => api<RunActionResultDto>('POST', `${run(id)}/restart`),
  cancelMany: (runIds: string[]) => api<CancelRunsResultDto>('POST', '/runs/cancel', { runIds }),
  waiting: (filters: Record<string, string>, cursor: string | null) =>
    api<Page<WaitingSessionDto>>('GET', `/runs/waiting${queryString({ ...filters, cursor, limit: 100 })}`),
  waitingSummary: () => api<WaitingSummaryDto>('GET', '/runs/waiting/summary'),
  exportUrl: (filters: RunFilters) => `/api/v1/runs/export.csv${queryString(filters)}`,
  streamUrl: (flowId?: string) => `/api/v1/runs/stream${queryString({ flowId })}`,
};
