import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChannelAnalyticsDto, FlowAnalyticsDto, FunnelDto } from '@moflow/api-contract';
import { Roles, Scopes } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { AnalyticsRangeQuery, FunnelQuery } from './analytics.dto';
import { ChannelAnalyticsResponse, FlowAnalyticsResponse, FunnelResponse } from './analytics.responses';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@Roles('admin', 'editor', 'ops')
@Scopes('runs:read')
@Controller('api/v1/flows')
export class FlowAnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get(':id/analytics')
  @ApiOperation({ summary: 'Visits and exits per step, and runs over time by status, for runs started in [from, to) (at most 366 days)' })
  @ApiOkResponse({ type: FlowAnalyticsResponse })
  flow(@Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string, @Query() q: AnalyticsRangeQuery): Promise<FlowAnalyticsDto> {
    return this.analytics.flow(id, q);
  }

  @Get(':id/funnel')
  @ApiOperation({ summary: 'Of the runs started in [from, to) that entered fromNode, how many entered toNode after it' })
  @ApiOkResponse({ type: FunnelResponse })
  funnel(@Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string, @Query() q: FunnelQuery): Promise<FunnelDto> {
    return this.analytics.funnel(id, q);
  }
}

/** Channel traffic is operations' business: admins and ops, not editors (who do not see channels). */
@ApiTags('analytics')
@Roles('admin', 'ops')
@Controller('api/v1/channels')
export class ChannelAnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get(':id/analytics')
  @ApiOperation({ summary: 'MO and MT per hour, delivery rate, failures by error code and opt-out rate over [from, to) (at most 31 days)' })
  @ApiOkResponse({ type: ChannelAnalyticsResponse })
  channel(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string, @Query() q: AnalyticsRangeQuery): Promise<ChannelAnalyticsDto> {
    return this.analytics.channel(id, q);
  }
}
