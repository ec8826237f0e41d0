import type { MessageDto, MessageStatusEventDto, TicketDto } from '@moflow/api-contract';
import { describe, expect, it } from 'vitest';
import { isNewTicket, messageMatches, prependNew, rememberStatus, ticketMatches, withEntry, withStatus } from './live-updates';

const msg = (over: Partial<MessageDto> = {}): MessageDto => ({
  id: 'm1', direction: 'out', channelId: 'c1', from: '+1', to: '+2', text: 'hi', status: 'queued', encoding: 'GSM-7', segments: 1,
  createdAt: '2026-12-02T10:00:00.000Z', updatedAt: '2026-12-02T10:00:00.000Z', runId: null, contactId: 'k1', rule: null, ...over,
});
const status = (over: Partial<MessageStatusEventDto> = {}): MessageStatusEventDto => ({
  id: 'm1', channelId: 'c1', runId: null, status: 'sent', provider: 'twilio', providerMessageId: 'SM1', detail: null, updatedAt: '2026-12-02T10:00:01.000Z', ...over,
});
const ticket = (over: Partial<TicketDto> = {}): TicketDto => ({
  id: 't1', subject: 's', body: 'b', team: 'care', priority: 'normal', status: 'open', assigneeId: null, contactId: 'k1', contactPhone: '+2',
  channelId: 'c1', runId: null, createdAt: '2026-12-02T10:00:00.000Z', updatedAt: '2026-12-02T10:00:00.000Z', closedAt: null, forwardStatus: 'none', ...over,
});

describe('live updates of the messages log and ticket inbox', () => {
  it('matches live messages against the filters, the unhandled inbox included', () => {
    expect(messageMatches(msg(), {})).toBe(true);
    expect(messageMatches(msg(), { direction: 'in' })).toBe(false);
    expect(messageMatches(msg({ direction: 'in', status: 'unhandled' }), { unhandled: true })).toBe(true);
    expect(messageMatches(msg({ direction: 'in', status: 'handled' }), { unhandled: true })).toBe(false);
    expect(messageMatches(msg(), { contactId: 'k2' })).toBe(false);
    expect(messageMatches(msg({ rule: 'keyword' }), { rule: 'keyword', channelId: 'c1' })).toBe(true);
  });

  it('applies a status change, but not one older than the row', () => {
    expect(withStatus(msg(), status())).toMatchObject({ status: 'sent', providerMessageId: 'SM1', provider: 'twilio' });
    const delivered = msg({ status: 'delivered', updatedAt: '2026-12-02T10:00:05.000Z' });
    expect(withStatus(delivered, status())).toBe(delivered);
    expect(withStatus(msg({ id: 'other' }), status()).status).toBe('queued');
  });

  it('matches tickets on status, team and assignee (none: unassigned)', () => {
    expect(ticketMatches(ticket(), { status: 'open', assigneeId: 'none' })).toBe(true);
    expect(ticketMatches(ticket({ assigneeId: 'u1' }), { assigneeId: 'none' })).toBe(false);
    expect(ticketMatches(ticket({ assigneeId: 'u1' }), { assigneeId: 'u1', team: 'care' })).toBe(true);
    expect(ticketMatches(ticket(), { status: 'closed' })).toBe(false);
    expect(isNewTicket(ticket())).toBe(true);
    expect(isNewTicket(ticket({ updatedAt: '2026-12-02T11:00:00.000Z' }))).toBe(false);
  });

  it('appends a thread entry once and follows the delivery status of a reply', () => {
    const entry = { id: 'e1', direction: 'out' as const, text: 'hello', messageId: 'm1', authorId: 'u1', at: '2026-12-02T10:01:00.000Z', messageStatus: 'queued' };
    const t = withEntry(ticket({ thread: [] }), { ticketId: 't1', entry, updatedAt: '2026-12-02T10:01:00.000Z' });
    expect(t.thread).toHaveLength(1);
    expect(t.updatedAt).toBe('2026-12-02T10:01:00.000Z');
    expect(withEntry(t, { ticketId: 't1', entry, updatedAt: '2026-12-02T10:01:00.000Z' }).thread).toHaveLength(1);
  });

  it('remembers the newest delivery status per message, a bounded number of messages', () => {
    let seen = rememberStatus({}, status({ id: 'a', status: 'sending' }), 2);
    seen = rememberStatus(seen, status({ id: 'a', status: 'sent' }), 2);
    seen = rememberStatus(seen, status({ id: 'b', status: 'queued' }), 2);
    expect(seen).toEqual({ a: 'sent', b: 'queued' });
    expect(rememberStatus(seen, status({ id: 'c', status: 'sent' }), 2)).toEqual({ b: 'queued', c: 'sent' });
  });

  it('puts new rows first without duplicates', () => {
    expect(prependNew([{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'a' }, { id: 'c' }]).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});
