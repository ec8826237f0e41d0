import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CancelRunsResultDto, RunActionDto, RunActionResultDto, RunSummaryDto, WaitingSessionDto, WaitingSummaryDto } from '@moflow/api-contract';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { RunActionResponse, RunSummaryResponse } from './runs.responses';

export class WaitingQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) flowId?: string;
  @ApiPropertyOptional({ description: 'The wait node the contacts are at.' }) @IsOptional() @IsString() @MaxLength(64) nodeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ description: 'Only sessions waiting at least this many minutes.' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(0) olderThanMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(200) limit?: number;
}

export class CancelRunsBody {
  @ApiProperty({ type: [String], description: 'Ids of waiting runs to cancel (1 to 500).' })
  @IsArray({ message: 'must be an array of run ids' }) @ArrayMinSize(1, { message: 'must list at least one run' })
  @ArrayMaxSize(500, { message: 'must list at most 500 runs' }) @IsUUID('all', { each: true, message: 'each entry must be a run id' })
  runIds!: string[];
}

export class RunActionResultResponse implements RunActionResultDto {
  @ApiProperty({ type: RunActionResponse }) action!: RunActionDto;
  @ApiProperty({ type: RunSummaryResponse, description: 'The run after the action (restart: the new run).' }) run!: RunSummaryDto;
}

class SkippedRunResponse {
  @ApiProperty() runId!: string;
  @ApiProperty() reason!: string;
}

export class CancelRunsResultResponse implements CancelRunsResultDto {
  @ApiProperty({ type: [String] }) cancelled!: string[];
  @ApiProperty({ type: SkippedRunResponse, isArray: true }) skipped!: { runId: string; reason: string }[];
}

export class WaitingSessionResponse implements WaitingSessionDto {
  @ApiProperty() runId!: string;
  @ApiProperty() flowId!: string;
  @ApiProperty() flowName!: string;
  @ApiProperty() flowVersion!: number;
  @ApiProperty() nodeId!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() contactPhone!: string;
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty() since!: string;
  @ApiProperty() deadline!: string;
}

export class WaitingPageResponse {
  @ApiProperty({ type: WaitingSessionResponse, isArray: true }) items!: WaitingSessionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class WaitingNodeResponse {
  @ApiProperty() flowId!: string;
  @ApiProperty() flowName!: string;
  @ApiProperty({ description: 'The newest version anyone waits in here (its definition names the step).' }) flowVersion!: number;
  @ApiProperty() nodeId!: string;
  @ApiProperty() count!: number;
  @ApiProperty() oldestSince!: string;
}

export class WaitingSummaryResponse implements WaitingSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: WaitingNodeResponse, isArray: true }) byNode!: WaitingSummaryDto['byNode'];
}
