import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class ConsentQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(100_000) limit?: number;
}

export class ListQuery {
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(500) limit?: number;
}

export class MessagesQuery extends ListQuery {
  @ApiPropertyOptional({ description: 'Only inbound messages no rule handled.' })
  @IsOptional() @Type(() => String) @IsString() @MaxLength(5) unhandled?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a contact id' }) contactId?: string;
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
