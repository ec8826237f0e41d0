import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CancelRunsResultDto, Page, RunActionResultDto, WaitingSessionDto, WaitingSummaryDto } from '@moflow/api-contract';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, Scopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { maskPhone } from '@moflow/sms';
import { uuidPipe } from '../common/uuid.pipe';
import { seesPersonalData } from '../auth/personal-data-view';
import { RunActionsService } from './run-actions.service';
import { RunExportService } from './run-export.service';
import {
  CancelRunsBody, CancelRunsResultResponse, RunActionResultResponse, WaitingPageResponse, WaitingQuery, WaitingSummaryResponse,
} from './run-ops.dto';
import { ListRunsQuery } from './runs.dto';
import { WaitingSessionsService } from './waiting-sessions.service';

/**
 * The ops console's run routes: waiting sessions, CSV export (readers) and the actions that change
 * a run (ops and admin only; API keys have no scope for them). Registered before RunsController so
 * /runs/waiting is not taken for a run id.
 */
@ApiTags('runs')
@Controller('api/v1/runs')
export class RunOpsController {
  constructor(private readonly actions: RunActionsService, private readonly waiting: WaitingSessionsService, private readonly exporter: RunExportService) {}

  @Get('waiting')
  @Roles('admin', 'editor', 'ops')
  @Scopes('runs:read')
  @ApiOkResponse({ type: WaitingPageResponse, description: 'Contacts waiting in a run for a reply, longest waiting first.' })
  async waitingList(@Query() q: WaitingQuery, @CurrentPrincipal() who: Principal): Promise<Page<WaitingSessionDto>> {
    const page = await this.waiting.list(q);
    return seesPersonalData(who) ? page : { ...page, items: page.items.map((w) => ({ ...w, contactPhone: maskPhone(w.contactPhone) })) };
  }

  @Get('waiting/summary')
  @Roles('admin', 'editor', 'ops')
  @Scopes('runs:read')
  @ApiOkResponse({ type: WaitingSummaryResponse, description: 'How many wait at each node of each flow, and since when.' })
  waitingSummary(@Query() q: WaitingQuery): Promise<WaitingSummaryDto> {
    return this.waiting.summary(q);
  }

  /** Phone numbers and vars of every run: personal data, so not for editors (see personal-data-view.ts). */
  @Get('export.csv')
  @Roles('admin', 'ops')
  @Scopes('runs:read')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The runs matching the same filters as GET /runs, streamed as CSV with their variables.' })
  async exportCsv(@Query() q: ListRunsQuery, @Res() res: Response): Promise<void> {
    const lines = this.exporter.csv(q);
    // The first chunk is awaited before the headers go out, so a bad filter still answers 400.
    const first = await lines.next();
    res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="runs.csv"');
    if (!first.done) res.write(first.value);
    for await (const chunk of lines) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  @Post('cancel')
  @HttpCode(200)
  @Roles('admin', 'ops')
  @ApiOkResponse({ type: CancelRunsResultResponse, description: 'Cancels the listed waiting runs; says why any was left alone.' })
  cancelMany(@Body() body: CancelRunsBody, @CurrentPrincipal() by: Principal): Promise<CancelRunsResultDto> {
    return this.actions.cancelMany(body.runIds, by);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'ops')
  @ApiOkResponse({ type: RunActionResultResponse, description: 'Cancels a waiting run (409 RUN_NOT_ACTIONABLE otherwise).' })
  cancel(@Param('id', uuidPipe('RUN_NOT_FOUND')) id: string, @CurrentPrincipal() by: Principal): Promise<RunActionResultDto> {
    return this.actions.cancel(id, by);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin', 'ops')
  @ApiOkResponse({ type: RunActionResultResponse, description: 'Runs the failed lookup again and lets the run go on from there.' })
  retry(@Param('id', uuidPipe('RUN_NOT_FOUND')) id: string, @CurrentPrincipal() by: Principal): Promise<RunActionResultDto> {
    return this.actions.retry(id, by);
  }

  @Post(':id/restart')
  @HttpCode(200)
  @Roles('admin', 'ops')
  @ApiOkResponse({ type: RunActionResultResponse, description: 'Starts the flow (live version) again for the same contact, channel and parameters.' })
  restart(@Param('id', uuidPipe('RUN_NOT_FOUND')) id: string, @CurrentPrincipal() by: Principal): Promise<RunActionResultDto> {
    return this.actions.restart(id, by);
  }
}
