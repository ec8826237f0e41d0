import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { MessageDto, MessageStatusEventDto, TicketDto, TicketEntryEventDto } from '@moflow/api-contract';
import type { MessageEntity, TurnBatchWrites } from '@moflow/data-access';
import type { Observable } from 'rxjs';
import { mapMessage } from '../mappers/run.mapper';
import { LiveFeed } from './live-feed';
import { RedisConnections } from './redis-connections';
import { mapTicket } from '../mappers/ticket.mapper';

export type MessageStreamEvent = { type: 'message'; data: MessageDto } | { type: 'message_status'; data: MessageStatusEventDto };
export type TicketStreamEvent = { type: 'ticket'; data: TicketDto } | { type: 'ticket_entry'; data: TicketEntryEventDto };

/** What the sender or a delivery report recorded about an MT (one row of a batched result write). */
export interface MessageStatusChange {
  message: Pick<MessageEntity, 'id' | 'channelId' | 'runId'>;
  status: string;
  provider?: string | null;
  providerMessageId?: string | null;
  detail?: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The live messages log and ticket inbox (SSE). Fed after commits that already happen — a turn
 * batch, the sender's group-committed results, a batch of delivery reports, an operator's reply or
 * ticket change — from the rows those writes held: no read, no write of its own. Shared across
 * processes over Redis pub/sub when REDIS_URL is set, like the run stream.
 */
@Injectable()
export class ConsoleEventsBus implements OnModuleInit {
  private readonly messageFeed: LiveFeed<MessageStreamEvent>;
  private readonly ticketFeed: LiveFeed<TicketStreamEvent>;

  constructor(redis: RedisConnections) {
    const logger = new Logger('ConsoleEventsBus');
    this.messageFeed = new LiveFeed(redis, 'messages', logger);
    this.ticketFeed = new LiveFeed(redis, 'tickets', logger);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.messageFeed.start(), this.ticketFeed.start()]);
  }

  get messages(): Observable<MessageStreamEvent> {
    return this.messageFeed.items;
  }

  get tickets(): Observable<TicketStreamEvent> {
    return this.ticketFeed.items;
  }

  /** New MOs and MTs, as committed. */
  newMessages(rows: readonly MessageEntity[]): void {
    if (rows.length === 0 || !this.messageFeed.wanted) return;
    for (const m of rows) this.messageFeed.publish({ type: 'message', data: mapMessage(m) });
  }

  /** MT status changes, as committed (`at`: the time the write recorded). */
  statusChanges(changes: readonly MessageStatusChange[], at: number): void {
    if (changes.length === 0 || !this.messageFeed.wanted) return;
    for (const c of changes) {
      this.messageFeed.publish({ type: 'message_status', data: {
        id: c.message.id, channelId: c.message.channelId, runId: c.message.runId, status: c.status, provider: c.provider ?? null,
        providerMessageId: c.providerMessageId ?? null, detail: c.detail ?? null, updatedAt: iso(at),
      } });
    }
  }

  ticketChanged(ticket: TicketDto): void {
    if (!this.ticketFeed.wanted) return;
    const { thread: _thread, ...summary } = ticket;
    this.ticketFeed.publish({ type: 'ticket', data: summary });
  }

  threadEntry(event: TicketEntryEventDto): void {
    if (this.ticketFeed.wanted) this.ticketFeed.publish({ type: 'ticket_entry', data: event });
  }

  /** Everything a committed turn batch wrote that the console shows live. `phoneOf`: contact id → phone, from the batch. */
  turnBatch(w: TurnBatchWrites, phoneOf: (contactId: string) => string | null): void {
    this.newMessages(w.messages);
    if (!this.ticketFeed.wanted) return;
    const details = new Map(w.ticketDetails.map((d) => [d.ticketId, d]));
    for (const t of w.tickets) {
      this.ticketChanged(mapTicket(t, details.get(t.id), phoneOf(t.contactId)));
    }
    for (const e of w.threadEntries) {
      this.threadEntry({
        ticketId: e.ticketId, updatedAt: iso(e.at),
        entry: { id: e.id, direction: e.direction, text: e.text, messageId: e.messageId, authorId: e.authorId, at: iso(e.at), messageStatus: null },
      });
    }
  }
}
