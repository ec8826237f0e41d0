import { Injectable } from '@nestjs/common';
import { ContactEntity, MessageEntity, UserEntity, TicketDetailsEntity, TicketEntity, TicketThreadEntryEntity, isoOrNull, keysetPage, newId, type Cursor, type KeysetPage, writeTransaction, row } from '@moflow/data-access';
import type { InboundMessageSnapshot } from '@moflow/flow-engine';
import { DataSource, In } from 'typeorm';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { mapTicket, type TicketResponse } from '../mappers/ticket.mapper';

export type TicketStatus = 'open' | 'pending' | 'closed';

/** The ticket inbox: tickets opened by `ticket` nodes, their thread, assignment and status. */
@Injectable()
export class TicketsService {
  constructor(private readonly ds: DataSource, private readonly live: ConsoleEventsBus) {}

  /** Newest first, keyset pages; `assigneeId: 'none'` finds the unassigned. */
  async list(q: { status?: string; assigneeId?: string; team?: string; contactId?: string; after: Cursor | null; limit: number }): Promise<KeysetPage<TicketResponse>> {
    const qb = this.ds.getRepository(TicketEntity).createQueryBuilder('t');
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.team) qb.andWhere('t.team = :team', { team: q.team });
    if (q.contactId) qb.andWhere('t.contact_id = :contactId', { contactId: q.contactId });
    if (q.assigneeId === 'none') {
      qb.andWhere('NOT EXISTS (SELECT 1 FROM ticket_details d WHERE d.ticket_id = t.id AND d.assignee_id IS NOT NULL)');
    } else if (q.assigneeId) {
      qb.andWhere('EXISTS (SELECT 1 FROM ticket_details d WHERE d.ticket_id = t.id AND d.assignee_id = :assigneeId)', { assigneeId: q.assigneeId });
    }
    const page = await keysetPage(qb, 't', 'created_at', (t) => t.createdAt, q.after, q.limit);
    const details = await this.details(page.rows.map((t) => t.id));
    const phones = await this.phones(page.rows.map((t) => t.contactId));
    return { rows: page.rows.map((t) => mapTicket(t, details.get(t.id), phones.get(t.contactId) ?? null)), next: page.next };
  }

  /** Who a ticket may be assigned to: the users who can see the inbox (admin, ops). */
  async assignees(): Promise<Array<{ id: string; name: string | null; email: string }>> {
    const users = await this.ds.getRepository(UserEntity).find({ where: { role: In(['admin', 'ops']) }, order: { email: 'ASC' }, select: { id: true, name: true, email: true } });
    return users.map((u) => ({ id: u.id, name: u.name, email: u.email }));
  }

  /** The teams tickets were opened for (the inbox's team filter). */
  async teams(): Promise<string[]> {
    const rows = await this.ds.getRepository(TicketEntity).createQueryBuilder('t').select('DISTINCT t.team', 'team').orderBy('t.team').getRawMany<{ team: string }>();
    return rows.map((r) => r.team);
  }

  async get(id: string): Promise<TicketResponse> {
    const t = await this.find(id);
    const details = await this.details([id]);
    const phones = await this.phones([t.contactId]);
    const thread = await this.ds.getRepository(TicketThreadEntryEntity).find({ where: { ticketId: id }, order: { at: 'ASC', id: 'ASC' } });
    // One read for the delivery status of every message in the thread (an ops reply: queued → delivered, or suppressed).
    const messageIds = thread.flatMap((e) => (e.messageId ? [e.messageId] : []));
    const statuses = new Map(messageIds.length === 0 ? [] : (await this.ds.getRepository(MessageEntity).find({
      where: { id: In(messageIds) }, select: { id: true, status: true },
    })).map((m) => [m.id, m.status]));
    return {
      ...mapTicket(t, details.get(id), phones.get(t.contactId) ?? null),
      thread: thread.map((e) => ({
        id: e.id, direction: e.direction, text: e.text, messageId: e.messageId, authorId: e.authorId, at: isoOrNull(e.at),
        messageStatus: e.messageId ? (statuses.get(e.messageId) ?? null) : null,
      })),
    };
  }

  async find(id: string): Promise<TicketEntity> {
    const t = await this.ds.getRepository(TicketEntity).findOneBy({ id });
    if (!t) throw new DomainException(ErrorCode.TICKET_NOT_FOUND);
    return t;
  }

  async update(id: string, patch: { status?: TicketStatus; assigneeId?: string | null }): Promise<TicketResponse> {
    const t = await this.find(id);
    const now = Date.now();
    await writeTransaction(this.ds, async (m) => {
      const current = (await m.getRepository(TicketDetailsEntity).findOneBy({ ticketId: id })) ?? emptyDetails(id, t.createdAt);
      if (patch.status) await m.getRepository(TicketEntity).update({ id }, { status: patch.status });
      await m.getRepository(TicketDetailsEntity).save({
        ...current, updatedAt: now,
        ...(patch.assigneeId !== undefined ? { assigneeId: patch.assigneeId } : {}),
        ...(patch.status ? { closedAt: patch.status === 'closed' ? now : null } : {}),
      });
    });
    const changed = await this.get(id);
    this.live.ticketChanged(changed);
    return changed;
  }

  /** An MO of a contact with an open ticket joins that ticket's thread (the newest open one). */
  async recordInbound(contactId: string, message: InboundMessageSnapshot, at: number): Promise<void> {
    const open = await this.ds.getRepository(TicketEntity).findOne({ where: { contactId, status: In(['open', 'pending']) }, order: { createdAt: 'DESC' } });
    if (!open) return;
    await this.addToThread(open.id, { direction: 'in', text: message.text, messageId: message.id, authorId: null, at });
  }

  /** `messageStatus`: the status of the entry's message when it was written (an ops reply: queued). */
  async addToThread(ticketId: string, e: Omit<TicketThreadEntryEntity, 'id' | 'ticketId'>, messageStatus: string | null = null): Promise<void> {
    const entry: TicketThreadEntryEntity = { id: newId(), ticketId, ...e };
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(TicketThreadEntryEntity).insert(row<TicketThreadEntryEntity>(entry));
      const current = await m.getRepository(TicketDetailsEntity).findOneBy({ ticketId });
      await m.getRepository(TicketDetailsEntity).save({ ...(current ?? emptyDetails(ticketId, e.at)), updatedAt: e.at });
    });
    this.live.threadEntry({
      ticketId, updatedAt: new Date(e.at).toISOString(),
      entry: { id: entry.id, direction: entry.direction, text: entry.text, messageId: entry.messageId, authorId: entry.authorId, at: isoOrNull(entry.at), messageStatus },
    });
  }

  private async details(ids: string[]): Promise<Map<string, TicketDetailsEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(TicketDetailsEntity).findBy({ ticketId: In(ids) });
    return new Map(rows.map((d) => [d.ticketId, d]));
  }

  private async phones(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(ContactEntity).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, phone: true } });
    return new Map(rows.map((c) => [c.id, c.phone]));
  }
}

function emptyDetails(ticketId: string, at: number): TicketDetailsEntity {
  return { ticketId, assigneeId: null, updatedAt: at, closedAt: null, forwardStatus: 'none', forwardAttempts: 0 };
}
