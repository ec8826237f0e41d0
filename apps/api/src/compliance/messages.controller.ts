import { Body, Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ExecuteFlowResponse, MessageDto, Page } from '@moflow/api-contract';
import { MessageEntity, MessageRepository } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { filter, map, takeUntil, type Observable } from 'rxjs';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { CredentialWatch } from '../auth/credential-watch';
import { EVENT_STREAM } from '../common/event-stream';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import type { Principal } from '../auth/principal';
import { cursorParam, toPage } from '../common/page';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { ExecutionsService } from '../runs/executions.service';
import { mapMessage } from '../mappers/run.mapper';
import { MessagesQuery, StartFlowForMessageDto, StreamMessagesQuery } from './compliance.dto';
import { maskMessage, seesPersonalData } from '../auth/personal-data-view';

/** The messages log: every MO and MT with status, channel, contact, run and (MO) routing rule. */
@ApiTags('messages')
@Roles('admin', 'editor', 'ops')
@Controller('api/v1/messages')
export class MessagesController {
  private readonly messages: MessageRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly executions: ExecutionsService,
    private readonly live: ConsoleEventsBus,
    private readonly credentials: CredentialWatch,
  ) {
    this.messages = new MessageRepository(ds);
  }

  /** Newest first, keyset pages. `?unhandled=true`: the MOs no rule took. */
  @Get()
  async list(@Query() q: MessagesQuery, @CurrentPrincipal() who: Principal): Promise<Page<MessageDto>> {
    const unhandled = q.unhandled === 'true';
    const page = await this.messages.list({
      direction: unhandled ? 'in' : q.direction, status: unhandled ? 'unhandled' : q.status, channelId: q.channelId, contactId: q.contactId,
      runId: q.runId, rule: q.rule, after: cursorParam(q.cursor), limit: q.limit ?? 100,
    });
    return toPage(page, seesPersonalData(who) ? mapMessage : (m) => maskMessage(mapMessage(m)));
  }

  /**
   * Server-sent events: `message` (a MessageDto: a new MO or MT) and `message_status` (a
   * MessageStatusEventDto: an MT's status changed). Editors get numbers masked and no texts, as in
   * the list. The stream ends when its session does (logout, expiry, deleted user).
   */
  @Sse('stream')
  @ApiOkResponse({ description: 'Server-sent events: `message` (MessageDto: a new MO or MT) and `message_status` (MessageStatusEventDto: an MT\'s status changed). Editors get numbers masked and texts hidden. Only changes after connecting; ends with the session.', content: EVENT_STREAM })
  stream(@Query() q: StreamMessagesQuery, @CurrentPrincipal() who: Principal): Observable<MessageEvent> {
    const personal = seesPersonalData(who);
    return this.live.messages.pipe(
      filter((e) => !q.contactId || e.type !== 'message' || e.data.contactId === q.contactId),
      map((e) => ({ type: e.type, data: e.type === 'message' && !personal ? maskMessage(e.data) : e.data })),
      takeUntil(this.credentials.ended(who)),
    );
  }

  @Get(':id')
  async get(@Param('id', uuidPipe('MESSAGE_NOT_FOUND')) id: string, @CurrentPrincipal() who: Principal): Promise<MessageDto> {
    const [m] = await this.messages.byIds([id]);
    if (!m) throw new DomainException(ErrorCode.MESSAGE_NOT_FOUND);
    return seesPersonalData(who) ? mapMessage(m) : maskMessage(mapMessage(m));
  }

  /** From the unhandled inbox: start a flow's live version for the contact who sent this MO, on its channel. */
  @Post(':id/start-flow')
  @HttpCode(201)
  @Roles('admin', 'ops')
  async startFlow(@Param('id', uuidPipe('MESSAGE_NOT_FOUND')) id: string, @Body() dto: StartFlowForMessageDto,
    @CurrentPrincipal() who: Principal): Promise<ExecuteFlowResponse> {
    const m = await this.ds.getRepository(MessageEntity).findOneBy({ id });
    if (!m) throw new DomainException(ErrorCode.MESSAGE_NOT_FOUND);
    if (m.direction !== 'in') throw new DomainException(ErrorCode.VALIDATION_FAILED, 'Only an inbound message can start a flow for its sender.');
    return this.executions.execute(dto.flowId, {
      to: m.from, ...(m.channelId ? { channelId: m.channelId } : {}), parameters: { messageId: m.id, text: m.text },
    }, undefined, who);
  }
}
