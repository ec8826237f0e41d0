import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FlowStatsDto, MessageDto, Page, RunActionDto, RunDetailDto, RunStatusDto, RunStepDto, RunSummaryDto } from '@moflow/api-contract';
import { runStatuses } from './runs.dto';

/** OpenAPI shapes of the run-log responses (the wire types live in @moflow/api-contract). */
export class RunSummaryResponse implements RunSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() flowId!: string;
  @ApiProperty() flowName!: string;
  @ApiProperty() flowVersion!: number;
  @ApiProperty({ enum: runStatuses }) status!: RunStatusDto;
  @ApiProperty() contactId!: string;
  @ApiProperty() contactPhone!: string;
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'How the run started: kind, keyword, matchedBy, parameters.' }) trigger!: Record<string, unknown>;
  @ApiProperty() startedAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String }) currentNodeId!: string | null;
}

export class RunStepResponse implements RunStepDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ nullable: true, type: String }) nodeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) nodeType!: string | null;
  @ApiProperty({ description: 'Engine event type: step_entered, step_left, lookup_attempt, reply_queued, wait_started...' }) type!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Output handle taken (step_left).' }) handle!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why: which keyword or case matched, which expression was true.' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) input!: string | null;
  @ApiProperty({ nullable: true, type: String }) output!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The rest of the event: message sent, variables changed, lookup status...' }) data!: Record<string, unknown>;
}

export class MessageResponse implements MessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'in: received, handled, unhandled; out: queued, sent, delivered, failed.' }) status!: string;
  @ApiProperty({ nullable: true, type: String }) encoding!: string | null;
  @ApiProperty({ nullable: true, type: Number }) segments!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) runId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Provider that carried it (twilio, smpp, simulator...).' }) provider?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The provider's id for the message, once it accepted it." }) providerMessageId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'MT: why it was suppressed, deferred or failed. MO: a warning from the inbox (addressed to another number than the channel\'s; a multipart message missing parts).' }) detail?: string | null;
}

class RunActorResponse {
  @ApiProperty({ nullable: true, type: String }) id!: string | null;
  @ApiProperty() name!: string;
}

export class RunActionResponse implements RunActionDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['cancel', 'retry', 'restart'] }) action!: RunActionDto['action'];
  @ApiProperty({ type: RunActorResponse }) actor!: RunActionDto['actor'];
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'nodeId retried, newRunId started, status after.' }) detail!: Record<string, unknown>;
}

export class RunDetailResponse extends RunSummaryResponse implements RunDetailDto {
  @ApiProperty({ type: RunStepResponse, isArray: true }) steps!: RunStepDto[];
  @ApiProperty({ type: MessageResponse, isArray: true }) messages!: MessageDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) vars!: Record<string, unknown>;
  @ApiProperty({ type: RunActionResponse, isArray: true, description: 'What operators did to the run, oldest first.' }) actions!: RunActionDto[];
}

export class RunPageResponse implements Page<RunSummaryDto> {
  @ApiProperty({ type: RunSummaryResponse, isArray: true }) items!: RunSummaryDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class FlowStatsResponse implements FlowStatsDto {
  @ApiProperty() flowId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Runs per status.' }) byStatus!: Record<RunStatusDto, number>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Per node id: { visits, exits: { handle: count } }.' }) nodes!: FlowStatsDto['nodes'];
}
