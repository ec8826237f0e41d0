import { Controller, Get, Param, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FlowStatsDto, Page, RunDetailDto, RunSummaryDto } from '@moflow/api-contract';
import { filter, map, takeUntil, type Observable } from 'rxjs';
import { CurrentPrincipal, Roles, Scopes } from '../auth/auth.decorators';
import { CredentialWatch } from '../auth/credential-watch';
import type { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { RunEventsBus } from './run-events.bus';
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
  list(@Query() q: ListRunsQuery): Promise<Page<RunSummaryDto>> {
    return this.query.list(q);
  }

  /**
   * Server-sent events: one `run` event (a RunSummaryDto) per new or updated run. The stream ends
   * when its session or API key does (logout, revocation, expiry, deleted user).
   */
  @Sse('stream')
  stream(@Query() q: StreamRunsQuery, @CurrentPrincipal() who: Principal): Observable<MessageEvent> {
    return this.bus.runs.pipe(
      filter((r) => !q.flowId || r.flowId === q.flowId),
      map((r) => ({ type: 'run', id: `${r.id}:${r.updatedAt}`, data: r })),
      takeUntil(this.credentials.ended(who)),
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: RunDetailResponse })
  detail(@Param('id', uuidPipe('RUN_NOT_FOUND')) id: string): Promise<RunDetailDto> {
    return this.query.detail(id);
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
