import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** A newest-first keyset page: `limit` rows, then `cursor` = the previous page's `nextCursor`. */
export class PageQuery {
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page.' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class ConsentQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ enum: ['opt_out', 'opt_in'] }) @IsOptional() @IsIn(['opt_out', 'opt_in'], { message: 'must be opt_out or opt_in' }) action?: 'opt_out' | 'opt_in';
}

export class ConsentExportQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ default: 100_000 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(100_000) limit?: number;
}

export class ContactsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '07700 900123', description: 'A number as a person types it; national formats use `region` or the channels\' regions.' })
  @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional({ example: 'GB' }) @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'must be an ISO 3166 country code like GB' }) region?: string;
  @ApiPropertyOptional({ description: 'Part of a name, or digits of a number.' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export const ROUTING_RULES = ['opt_out', 'opt_in', 'help', 'waiting_session', 'collecting', 'keyword', 'catch_all', 'unhandled'] as const;

export class MessagesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only inbound messages no rule handled (the unhandled inbox).' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) unhandled?: string;
  @ApiPropertyOptional({ enum: ['in', 'out'] }) @IsOptional() @IsIn(['in', 'out'], { message: 'must be in or out' }) direction?: 'in' | 'out';
  @ApiPropertyOptional({ example: 'delivered' }) @IsOptional() @IsString() @MaxLength(16) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a run id' }) runId?: string;
  @ApiPropertyOptional({ enum: ROUTING_RULES, description: 'The routing rule that took an MO.' })
  @IsOptional() @IsIn(ROUTING_RULES, { message: `must be one of ${ROUTING_RULES.join(', ')}` }) rule?: (typeof ROUTING_RULES)[number];
}

export class StreamMessagesQuery {
  @ApiPropertyOptional({ description: 'Only this contact\'s new messages (status changes of MTs are sent for every message).' })
  @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
}

export class StartFlowForMessageDto {
  @ApiProperty({ description: 'The flow to start (its live version) for the contact who sent the message.' })
  @IsUUID('all', { message: 'must be a flow id' }) flowId!: string;
}

export class OptStateDto {
  @ApiProperty({ description: 'true opts the contact out of the channel, false back in. Logged in the consent log.' })
  @IsBoolean({ message: 'must be true or false' }) optedOut!: boolean;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @MaxLength(200) name?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into the contact fields; a null value removes the field.' })
  @IsOptional() @IsObject({ message: 'must be a JSON object' }) fields?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'Replaces the list subscriptions.' })
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(100, { each: true }) subscriptions?: string[];
}
