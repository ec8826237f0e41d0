import type { TicketDetailsEntity, TicketEntity } from '@moflow/data-access';
import { isoOrNull } from '@moflow/data-access';
import type { TicketResponse } from './tickets.service';

/** A ticket row and its details as the API shows them (without the thread). */
export function mapTicket(t: TicketEntity, d: TicketDetailsEntity | undefined, phone: string | null): TicketResponse {
  return {
    id: t.id, subject: t.subject, body: t.body, team: t.team, priority: t.priority, status: t.status, assigneeId: d?.assigneeId ?? null,
    contactId: t.contactId, contactPhone: phone, channelId: t.channelId, runId: t.runId, createdAt: isoOrNull(t.createdAt),
    updatedAt: isoOrNull(d?.updatedAt ?? t.createdAt), closedAt: isoOrNull(d?.closedAt ?? null), forwardStatus: d?.forwardStatus ?? 'none',
  };
}
