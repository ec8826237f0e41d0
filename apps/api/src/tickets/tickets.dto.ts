import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const STATUSES = ['open', 'pending', 'closed'] as const;

export class ListTicketsQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }) status?: (typeof STATUSES)[number];
  @ApiPropertyOptional({ description: 'A user id, or `none` for the unassigned.' })
  @IsOptional() @ValidateIf((_o, v) => v !== 'none') @IsUUID('all', { message: 'must be a user id or none' }) assigneeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page.' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class UpdateTicketDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }) status?: (typeof STATUSES)[number];
  @ApiPropertyOptional({ nullable: true, description: 'User id, or null to unassign.' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID('all', { message: 'must be a user id or null' }) assigneeId?: string | null;
}

export class TicketReplyDto {
  @ApiProperty({ example: 'Thanks, we are on it.' }) @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(1600) text!: string;
}
