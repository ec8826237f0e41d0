import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** A time range; both ends optional (default: the 7 days before now). */
export class AnalyticsRangeQuery {
  @ApiPropertyOptional({ description: 'Start, inclusive (ISO-8601). Default: `to` minus 7 days.', example: '2026-12-01T00:00:00Z' })
  @IsOptional() @IsISO8601({}, { message: 'must be an ISO-8601 time' }) from?: string;
  @ApiPropertyOptional({ description: 'End, exclusive (ISO-8601). Default: now.', example: '2026-12-02T00:00:00Z' })
  @IsOptional() @IsISO8601({}, { message: 'must be an ISO-8601 time' }) to?: string;
}

export class FunnelQuery extends AnalyticsRangeQuery {
  @ApiProperty({ description: 'Id of the first step.' }) @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(64) fromNode!: string;
  @ApiProperty({ description: 'Id of the step the funnel ends at.' }) @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(64) toNode!: string;
}
