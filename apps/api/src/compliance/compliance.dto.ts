import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

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
