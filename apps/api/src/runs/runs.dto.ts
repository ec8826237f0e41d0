import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RunStatusDto } from '@moflow/api-contract';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const flags = ['true', 'false'] as const;

export const runStatuses: RunStatusDto[] = ['running', 'waiting', 'completed', 'failed', 'expired', 'cancelled'];

/** GET /api/v1/runs filters; every one optional, combined with AND. */
export class ListRunsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) flowId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) version?: number;
  @ApiPropertyOptional({ enum: runStatuses }) @IsOptional() @IsIn(runStatuses, { message: `must be one of ${runStatuses.join(', ')}` }) status?: RunStatusDto;
  @ApiPropertyOptional({ description: 'Contact id or phone number.' }) @IsOptional() @IsString() @MaxLength(40) contact?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ description: 'Started at or after (ISO-8601).' }) @IsOptional() @IsISO8601({}, { message: 'must be an ISO-8601 time' }) from?: string;
  @ApiPropertyOptional({ description: 'Started before (ISO-8601).' }) @IsOptional() @IsISO8601({}, { message: 'must be an ISO-8601 time' }) to?: string;
  @ApiPropertyOptional({ description: 'Runs that visited this node.' }) @IsOptional() @IsString() @MaxLength(64) nodeId?: string;
  @ApiPropertyOptional({ description: 'Text contained in the run error (case-insensitive).' }) @IsOptional() @IsString() @MaxLength(200) error?: string;
  @ApiPropertyOptional({ enum: flags, description: 'true: only runs that recorded an error.' })
  @IsOptional() @IsIn(flags, { message: 'must be true or false' }) errorsOnly?: 'true' | 'false';
  @ApiPropertyOptional({
    description: 'Text contained in a message the run sent or received (case-insensitive). A page may hold fewer than `limit` runs: ' +
      'the search reads a bounded number of runs per request; follow nextCursor for older ones.',
  })
  @IsOptional() @IsString() @MaxLength(200) text?: string;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page.' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(200) limit?: number;
}

export class StreamRunsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) flowId?: string;
}
