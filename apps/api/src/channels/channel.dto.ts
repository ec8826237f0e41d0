import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';

export const CHANNEL_PROVIDERS = ['simulator', 'twilio', 'vonage', 'infobip', 'mylink', 'sinch', 'generic', 'smpp'] as const;
export type ChannelProvider = (typeof CHANNEL_PROVIDERS)[number];
export const CHANNEL_KINDS = ['short_code', 'long_number', 'alphanumeric'] as const;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '21:00', description: "Start of quiet hours, recipient's local time." })
  @IsString() @Matches(HH_MM, { message: 'must be a time HH:MM (00:00-23:59)' }) start!: string;
  @ApiProperty({ example: '08:00' })
  @IsString() @Matches(HH_MM, { message: 'must be a time HH:MM (00:00-23:59)' }) end!: string;
  @ApiPropertyOptional({ example: 15, description: 'Replies to a message the contact sent this recently still go out.' })
  @IsOptional() @IsInt({ message: 'must be an integer' }) @Min(0) @Max(1440) replyWindowMinutes?: number;
}

export class RateLimitDto {
  @ApiProperty({ example: 10 }) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(10_000) perSecond!: number;
  @ApiPropertyOptional({ example: 20 }) @IsOptional() @IsInt({ message: 'must be an integer' }) @Min(1) @Max(100_000) burst?: number;
}

export class KeywordsDto {
  @ApiPropertyOptional({ type: [String], example: ['ARRET'] })
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(40, { each: true }) optOut?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(40, { each: true }) optIn?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(40, { each: true }) help?: string[];
}

export class ProviderFieldDto {
  @ApiProperty({ example: 'authToken' }) key!: string;
  @ApiProperty({ enum: ['connection', 'credentials'], description: 'credentials: secret, write-only, never returned' }) in!: string;
  @ApiProperty({ example: 'Auth token' }) label!: string;
  @ApiProperty() help!: string;
  @ApiProperty({ enum: ['string', 'url', 'integer', 'boolean', 'enum'] }) type!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty() secret!: boolean;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
  @ApiPropertyOptional({ description: 'Value used when the field is left out' }) default?: string;
  @ApiPropertyOptional() example?: string;
  @ApiPropertyOptional({ description: 'Required when this other field is set' }) requiredWith?: string;
}

export class ProviderSchemaDto {
  @ApiProperty({ enum: ['simulator', 'twilio', 'vonage', 'infobip', 'mylink', 'sinch', 'generic', 'smpp'] }) provider!: string;
  @ApiProperty({ example: 'Twilio' }) label!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The credentials field webhooks are verified with (null: SMPP, no webhooks)' }) webhookSecret!: string | null;
  @ApiProperty({ type: [ProviderFieldDto] }) fields!: ProviderFieldDto[];
}

/**
 * Everything but identity may change. `connection` and `credentials` are merged key by key into
 * what is stored (a key set to null is removed), then the whole is validated against the provider's schema.
 */
export class UpdateChannelDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: CHANNEL_KINDS }) @IsOptional() @IsIn(CHANNEL_KINDS, { message: `must be one of ${CHANNEL_KINDS.join(', ')}` }) kind?: (typeof CHANNEL_KINDS)[number];
  @ApiPropertyOptional({ example: 'US', description: 'ISO country for numbers that arrive without a country code.' })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code like US' }) defaultRegion?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Non-secret provider settings (base URL, account id, host/port...), exactly the `connection` fields of GET /api/v1/channels/providers; unknown keys are refused. URL settings and an SMPP host follow the lookups\' address policy: a private, loopback or metadata address is refused (400 naming the field) unless on /api/v1/settings/lookup-allowlist. PATCH merges key by key (null removes).' })
  @IsOptional() @IsObject({ message: 'must be a JSON object' }) connection?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Secrets (auth token, API secret, webhook secret): the `credentials` fields of GET /api/v1/channels/providers. Write-only: GET shows only their names in credentialFields. PATCH merges key by key (null removes).' })
  @IsOptional() @IsObject({ message: 'must be a JSON object' }) credentials?: Record<string, unknown>;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto) quietHours?: QuietHoursDto | null;
  @ApiPropertyOptional({ type: RateLimitDto, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rateLimit?: RateLimitDto | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) helpText?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) optOutText?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) optInText?: string;
  @ApiPropertyOptional({ type: KeywordsDto }) @IsOptional() @ValidateNested() @Type(() => KeywordsDto) keywords?: KeywordsDto;
}

export class CreateChannelDto extends UpdateChannelDto {
  @ApiProperty() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(100) declare name: string;
  @ApiProperty({ enum: CHANNEL_PROVIDERS })
  @IsIn(CHANNEL_PROVIDERS, { message: `must be one of ${CHANNEL_PROVIDERS.join(', ')}` }) provider!: ChannelProvider;
  @ApiProperty({ example: '+14155550100', description: 'E.164 number, short code or alphanumeric sender id.' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(32) address!: string;
}
