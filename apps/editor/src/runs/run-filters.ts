import type { RunSummaryDto } from '@moflow/api-contract';
import type { RunFilters } from './runs-api';

export const filterKeys = ['flowId', 'version', 'status', 'contact', 'channelId', 'from', 'to', 'nodeId', 'errorsOnly', 'text'] as const;

/** The filters present in a route query, unknown keys dropped. */
export function filtersOf(query: Record<string, string>): RunFilters {
  const out: RunFilters = {};
  for (const k of filterKeys) if (query[k]) out[k] = query[k];
  return out;
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * Whether a run announced live belongs on the page. `null`: the page cannot tell (node visited,
 * message text), so the reader is offered a refresh instead.
 */
export function liveMatch(run: RunSummaryDto, f: RunFilters): boolean | null {
  if (f.flowId && run.flowId !== f.flowId) return false;
  if (f.version && String(run.flowVersion) !== f.version) return false;
  if (f.status && run.status !== f.status) return false;
  if (f.channelId && run.channelId !== f.channelId) return false;
  if (f.errorsOnly === 'true' && run.error === null) return false;
  if (f.contact) {
    const want = digits(f.contact);
    if (run.contactId !== f.contact && !(want.length >= 6 && digits(run.contactPhone).endsWith(want.slice(-9)))) return false;
  }
  const started = Date.parse(run.startedAt);
  if (f.from && started < Date.parse(f.from)) return false;
  if (f.to && started >= Date.parse(f.to)) return false;
  if (f.nodeId || f.text) return null;
  return true;
}

/** ISO time → the value of a datetime-local input (local time, minutes). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
