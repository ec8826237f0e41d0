import { Controller, Get, Param, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FlowStatsDto, Page, RunDetailDto, RunSummaryDto } from '@moflow/api-contract';
import { filter, map, takeUntil, type Observable } from 'rxjs';
import { CurrentPrincipal, Roles, Scopes } from '../auth/auth.decorators';
import { CredentialWatch } from '../auth/credential-watch';
import { EVENT_STREAM } from '../common/event-stream';
import type { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { maskRunDetail, maskRunSummary, seesPersonalData } from '../auth/personal-data-view';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { RunEventsBus } from '../shared-state/run-events.bus';
import { RunQueryService } from './run-query.service';
import { ListRunsQuery, StreamRunsQuery } from './runs.dto';
import { FlowStatsResponse, RunDetailResponse, RunPageResponse } from './runs.responses';

@ApiTags('runs')
@Roles('admin', 'editor', 'ops')
@Scopes('runs:read')
@Controller('api/v1/runs')
export class RunsController {
  constructor(private readonly query: RunQueryService, private readonly bus: RunEventsBus, private readonly credentials: CredentialWatch) {}

  @Get()
  @ApiOkResponse({ type: RunPageResponse, description: 'Runs, newest first; pass nextCursor back as cursor for the next page.' })
  async list(@Query() q: ListRunsQuery, @CurrentPrincipal() who: Principal): Promise<Page<RunSummaryDto>> {
    if (seesPersonalData(who)) return this.query.list(q);
    // Searching texts would tell an editor what contacts wrote, one guess at a time.
    if (q.text !== undefined || q.error !== undefined)
      throw new DomainException(ErrorCode.FORBIDDEN_ROLE, 'Editors cannot search message or error texts (they quote what contacts wrote); ask an admin or ops user.');
    const page = await this.query.list(q);
    return { ...page, items: page.items.map(maskRunSummary) };
  }

  /**
   * Server-sent events: one `run` event (a RunSummaryDto) per new or updated run. The stream ends
   * when its session or API key does (logout, revocation, expiry, deleted user).
   */
  @Sse('stream')
  @ApiOkResponse({ description: 'Server-sent events: one `run` event (RunSummaryDto) per new or updated run; `?flowId=` keeps one flow\'s. Only changes after connecting; ends with the session or API key.', content: EVENT_STREAM })
  stream(@Query() q: StreamRunsQuery, @CurrentPrincipal() who: Principal): Observable<MessageEvent> {
    return this.bus.runs.pipe(
      filter((r) => !q.flowId || r.flowId === q.flowId),
      map((r) => ({ type: 'run', id: `${r.id}:${r.updatedAt}`, data: seesPersonalData(who) ? r : maskRunSummary(r) })),
      takeUntil(this.credentials.ended(who)),
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: RunDetailResponse })
  async detail(@Param('id', uuidPipe('RUN_NOT_FOUND')) id: string, @CurrentPrincipal() who: Principal): Promise<RunDetailDto> {
    const run = await this.query.detail(id);
    return seesPersonalData(who) ? run : maskRunDetail(run);
  }
}

@ApiTags('runs')
@Roles('admin', 'editor', 'ops')
@Scopes('runs:read')
@Controller('api/v1/flows')
export class FlowStatsController {
  constructor(private readonly query: RunQueryService) {}

  @Get(':id/stats')
  @ApiOkResponse({ type: FlowStatsResponse })
  stats(@Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string): Promise<FlowStatsDto> {
    return this.query.stats(id);
  }
}
