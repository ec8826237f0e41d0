import { Body, Controller, Get, Param, Patch, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '@moflow/api-contract';
import { ContactEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { map, takeUntil, type Observable } from 'rxjs';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { CredentialWatch } from '../auth/credential-watch';
import { EVENT_STREAM } from '../common/event-stream';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { actorId, type Principal } from '../auth/principal';
import { cursorParam, toPage } from '../common/page';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { OutboxSender } from '../outbox/outbox.sender';
import { TICKET_NODE } from '../outbox/outbox.tokens';
import { ListTicketsQuery, TicketReplyDto, UpdateTicketDto } from './tickets.dto';
import type { TicketResponse } from '../mappers/ticket.mapper';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Roles('admin', 'ops')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly sender: OutboxSender,
    private readonly ds: DataSource,
    private readonly live: ConsoleEventsBus,
    private readonly credentials: CredentialWatch,
  ) {}

  /** Newest first, keyset pages. */
  @Get()
  async list(@Query() q: ListTicketsQuery): Promise<Page<TicketResponse>> {
    return toPage(await this.tickets.list({ ...q, after: cursorParam(q.cursor), limit: q.limit ?? 100 }), (t) => t);
  }

  @Get('assignees')
  assignees(): Promise<Array<{ id: string; name: string | null; email: string }>> {
    return this.tickets.assignees();
  }

  @Get('teams')
  teams(): Promise<string[]> {
    return this.tickets.teams();
  }

  /**
   * Server-sent events: `ticket` (a TicketDto without thread: a new ticket, a status or assignee
   * change) and `ticket_entry` (a TicketEntryEventDto: an MO or a reply joined a thread). Ends when
   * the session does (logout, expiry, deleted user).
   */
  @Sse('stream')
  @ApiOkResponse({ description: 'Server-sent events: `ticket` (TicketDto without thread: a new ticket, a status or assignee change) and `ticket_entry` (TicketEntryEventDto: an MO or a reply joined a thread). Only changes after connecting; ends with the session.', content: EVENT_STREAM })
  stream(@CurrentPrincipal() who: Principal): Observable<MessageEvent> {
    return this.live.tickets.pipe(map((e) => ({ type: e.type, data: e.data })), takeUntil(this.credentials.ended(who)));
  }

  @Get(':id')
  get(@Param('id', uuidPipe('TICKET_NOT_FOUND')) id: string): Promise<TicketResponse> {
    return this.tickets.get(id);
  }

  @Patch(':id')
  update(@Param('id', uuidPipe('TICKET_NOT_FOUND')) id: string, @Body() dto: UpdateTicketDto): Promise<TicketResponse> {
    return this.tickets.update(id, dto);
  }

  /** An ops reply: an MT through the same gate as every other (opt-out, quiet hours, rate). */
  @Post(':id/replies')
  async reply(@Param('id', uuidPipe('TICKET_NOT_FOUND')) id: string, @Body() dto: TicketReplyDto, @CurrentPrincipal() who: Principal) {
    const ticket = await this.tickets.find(id);
    if (ticket.status === 'closed') throw new DomainException(ErrorCode.TICKET_CLOSED, 'The ticket is closed: reopen it to reply.');
    if (!ticket.channelId) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND, 'The ticket has no channel to reply on.');
    const contact = await this.ds.getRepository(ContactEntity).findOneBy({ id: ticket.contactId });
    if (!contact) throw new DomainException(ErrorCode.CONTACT_NOT_FOUND, 'The contact of this ticket was erased.');
    const message = await this.sender.queue({ channelId: ticket.channelId, contactId: contact.id, to: contact.phone, text: dto.text, runId: ticket.runId, nodeId: TICKET_NODE });
    await this.tickets.addToThread(id, { direction: 'out', text: dto.text, messageId: message.id, authorId: actorId(who), at: Date.now() }, message.status);
    return { messageId: message.id, status: message.status, ticket: await this.tickets.get(id) };
  }
}
