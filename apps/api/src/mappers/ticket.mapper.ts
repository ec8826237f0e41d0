import type { TicketDetailsEntity, TicketEntity } from '@moflow/data-access';
import { isoOrNull } from '@moflow/data-access';

/** The wire shape is TicketDto in api-contract. */
export interface TicketResponse {
  id: string;
  subject: string;
  body: string;
  team: string;
  priority: string;
  status: string;
  assigneeId: string | null;
  contactId: string;
  contactPhone: string | null;
  channelId: string | null;
  runId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  closedAt: string | null;
  /** Helpdesk webhook: none | pending | delivered | failed. */
  forwardStatus: string;
  thread?: Array<{ id: string; direction: 'in' | 'out'; text: string; messageId: string | null; authorId: string | null; at: string | null; messageStatus: string | null }>;
}

/** A ticket row and its details as the API shows them (without the thread). */
export function mapTicket(t: TicketEntity, d: TicketDetailsEntity | undefined, phone: string | null): TicketResponse {
  return {
    id: t.id, subject: t.subject, body: t.body, team: t.team, priority: t.priority, status: t.status, assigneeId: d?.assigneeId ?? null,
    contactId: t.contactId, contactPhone: phone, channelId: t.channelId, runId: t.runId, createdAt: isoOrNull(t.createdAt),
    updatedAt: isoOrNull(d?.updatedAt ?? t.createdAt), closedAt: isoOrNull(d?.closedAt ?? null), forwardStatus: d?.forwardStatus ?? 'none',
  };
}
