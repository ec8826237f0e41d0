import type { MessageDto, MessageStatusEventDto, TicketDto, TicketEntryEventDto } from '@moflow/api-contract';

/** The filters of the messages log, as the page holds them. */
export interface LiveMessageFilter { unhandled?: boolean; direction?: string; status?: string; channelId?: string; rule?: string; contactId?: string }
/** The filters of the ticket inbox (`assigneeId: 'none'`: the unassigned). */
export interface LiveTicketFilter { status?: string; team?: string; assigneeId?: string }

/** Whether a message announced live belongs in the list the reader filtered. */
export function messageMatches(m: MessageDto, f: LiveMessageFilter): boolean {
  if (f.unhandled) return m.direction === 'in' && m.status === 'unhandled';
  return (!f.direction || m.direction === f.direction) && (!f.status || m.status === f.status) && (!f.channelId || m.channelId === f.channelId)
    && (!f.rule || m.rule === f.rule) && (!f.contactId || m.contactId === f.contactId);
}

/** The row with an MT's new status; an event older than what the row shows changes nothing (events of two processes may cross). */
export function withStatus(m: MessageDto, s: MessageStatusEventDto): MessageDto {
  if (m.id !== s.id || s.updatedAt < m.updatedAt) return m;
  return {
    ...m, status: s.status, updatedAt: s.updatedAt, provider: s.provider ?? m.provider ?? null,
    providerMessageId: s.providerMessageId ?? m.providerMessageId ?? null, detail: s.detail ?? m.detail ?? null,
  };
}

/** Whether a ticket announced live belongs in the inbox the reader filtered. */
export function ticketMatches(t: TicketDto, f: LiveTicketFilter): boolean {
  if (f.status && t.status !== f.status) return false;
  if (f.team && t.team !== f.team) return false;
  if (f.assigneeId === 'none') return t.assigneeId === null;
  return !f.assigneeId || t.assigneeId === f.assigneeId;
}

/** A ticket just opened (not a change to an older one the list does not show). */
export function isNewTicket(t: TicketDto): boolean {
  return t.createdAt !== null && t.createdAt === t.updatedAt;
}

/** The ticket with a new thread entry appended (once) and its last activity moved. */
export function withEntry(t: TicketDto, e: TicketEntryEventDto): TicketDto {
  if (t.id !== e.ticketId) return t;
  const updatedAt = t.updatedAt && t.updatedAt > e.updatedAt ? t.updatedAt : e.updatedAt;
  if (!t.thread || t.thread.some((x) => x.id === e.entry.id)) return { ...t, updatedAt };
  return { ...t, updatedAt, thread: [...t.thread, e.entry] };
}

/**
 * Delivery statuses seen on the stream, newest last, at most `max` messages: a status event can
 * overtake the reload of the thread it belongs to, so the thread shows the stream's word over the
 * loaded one.
 */
export function rememberStatus(seen: Readonly<Record<string, string>>, s: MessageStatusEventDto, max = 500): Record<string, string> {
  const { [s.id]: _old, ...rest } = seen;
  const keys = Object.keys(rest);
  const kept = keys.length >= max ? Object.fromEntries(keys.slice(keys.length - max + 1).map((k) => [k, rest[k]!])) : rest;
  return { ...kept, [s.id]: s.status };
}

/** New items first, without duplicates of what is already listed. */
export function prependNew<T extends { id: string }>(items: readonly T[], fresh: readonly T[]): T[] {
  const known = new Set(items.map((i) => i.id));
  const seen = new Set<string>();
  const added = fresh.filter((f) => !known.has(f.id) && !seen.has(f.id) && seen.add(f.id));
  return [...added, ...items];
}

/** Whether the top of the list is on screen: then new rows go straight in; otherwise they wait behind a "show" bar. */
export function topInView(el: Element | null): boolean {
  return el === null || el.getBoundingClientRect().top >= 0;
}
