import type { MessageDto, RunDetailDto, RunSummaryDto } from '@moflow/api-contract';
import { maskPhone } from '@moflow/sms';
import type { Principal } from './principal';

/**
 * The rule for personal data: admins and ops (and API keys, which admins scope) see phone numbers
 * and message texts; editors build flows and read run logs for their structure — which steps, which
 * way, why — with numbers masked and no message bodies, vars or step payloads. The simulator is
 * where editors see texts: those are their own test messages.
 */
export function seesPersonalData(p: Principal | undefined): boolean {
  if (!p) return false;
  if (p.kind === 'user') return p.user.role !== 'editor';
  return p.kind === 'apiKey';
}

export const HIDDEN = '[hidden]';

/**
 * `no case matched "Grace Hopper"` → `no case matched "[hidden]"`: reasons keep their shape. Quotes
 * of the run's own structure (node ids, handles) stay readable.
 */
function hideQuotes(text: string | null, keep: ReadonlySet<string> = new Set()): string | null {
  return text === null ? null : text.replace(/"((?:[^"\\]|\\.)*)("|$)/g, (all, inner: string) => (keep.has(inner) ? all : `"${HIDDEN}"`));
}

export function maskRunSummary<T extends RunSummaryDto>(r: T): T {
  const trigger = typeof r.trigger['kind'] === 'string' ? { kind: r.trigger['kind'] } : {};
  return { ...r, contactPhone: maskPhone(r.contactPhone), trigger, error: hideQuotes(r.error) };
}

export function maskMessage(m: MessageDto): MessageDto {
  return { ...m, from: maskPhone(m.from), to: maskPhone(m.to), text: HIDDEN };
}

export function maskRunDetail(d: RunDetailDto): RunDetailDto {
  const keep = new Set(d.steps.flatMap((s) => [s.nodeId, s.handle]).filter((x): x is string => typeof x === 'string'));
  return {
    ...maskRunSummary(d),
    error: hideQuotes(d.error, keep),
    vars: {},
    messages: d.messages.map(maskMessage),
    steps: d.steps.map((s) => ({ ...s, input: null, output: null, data: {}, reason: hideQuotes(s.reason, keep), error: hideQuotes(s.error, keep) })),
  };
}
