import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EVENT_TYPES } from '@moflow/data-access';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { EventSubscriptionsService } from './event-subscriptions.service';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true };

export class CreateEventSubscriptionDto {
  @ApiProperty({ example: 'CRM' }) @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(120) name!: string;
  @ApiProperty({ example: 'https://crm.example.com/moflow-events', description: 'Where each event is POSTed (http or https). Follows the lookups\' address policy: a private, loopback or metadata address is refused (400 naming url) unless on /api/v1/settings/lookup-allowlist, and every connection is judged on what the host resolves to then.' })
  @IsUrl(URL_RULE, { message: 'must be an absolute http(s) URL' }) @MaxLength(2048) url!: string;
  @ApiProperty({ description: 'HMAC-SHA256 key of X-Moflow-Signature; stored encrypted and never returned. At least 16 characters.' })
  @IsString() @MinLength(16, { message: 'must be at least 16 characters' }) @MaxLength(256) secret!: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['message.received', 'run.completed'] })
  @IsArray() @ArrayMinSize(1, { message: 'must name at least one event' }) @ArrayMaxSize(EVENT_TYPES.length) @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `each must be one of ${EVENT_TYPES.join(', ')}` }) events!: string[];
  @ApiPropertyOptional({ default: true, description: 'false pauses deliveries (events are kept and sent once active again).' })
  @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateEventSubscriptionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(120) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_RULE, { message: 'must be an absolute http(s) URL' }) @MaxLength(2048) url?: string;
  @ApiPropertyOptional({ description: 'Replaces the signing secret.' }) @IsOptional() @IsString() @MinLength(16, { message: 'must be at least 16 characters' }) @MaxLength(256) secret?: string;
  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1, { message: 'must name at least one event' }) @ArrayMaxSize(EVENT_TYPES.length) @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `each must be one of ${EVENT_TYPES.join(', ')}` }) events?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] }) @IsOptional() @IsIn(['pending', 'delivered', 'failed']) status?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class EventSubscriptionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Deliveries by status.' }) deliveries!: { pending: number; delivered: number; failed: number };
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class EventDeliveryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'One of the event types, or `test`.' }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'When the next attempt is due (pending only).' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the last attempt.' }) lastStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The JSON body as POSTed.' }) payload!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/**
 * Event subscriptions (admin): the business's own systems get MOs and outcomes as signed JSON
 * POSTs, delivered at least once (docs/webhooks.md).
 */
@ApiTags('event subscriptions')
@Roles('admin')
@Controller('api/v1/event-subscriptions')
export class EventSubscriptionsController {
  constructor(private readonly subs: EventSubscriptionsService) {}

  @Get()
  @ApiOkResponse({ type: EventSubscriptionResponse, isArray: true })
  list() {
    return this.subs.list();
  }

  @Post()
  @ApiOkResponse({ type: EventSubscriptionResponse })
  create(@Body() dto: CreateEventSubscriptionDto) {
    return this.subs.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: EventSubscriptionResponse })
  get(@Param('id', uuidPipe('EVENT_SUBSCRIPTION_NOT_FOUND')) id: string) {
    return this.subs.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EventSubscriptionResponse })
  update(@Param('id', uuidPipe('EVENT_SUBSCRIPTION_NOT_FOUND')) id: string, @Body() dto: UpdateEventSubscriptionDto) {
    return this.subs.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidPipe('EVENT_SUBSCRIPTION_NOT_FOUND')) id: string): Promise<void> {
    await this.subs.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: newest first, with status, attempts and the last error' })
  @ApiOkResponse({ type: EventDeliveryResponse, isArray: true })
  deliveries(@Param('id', uuidPipe('EVENT_SUBSCRIPTION_NOT_FOUND')) id: string, @Query() q: DeliveriesQuery) {
    return this.subs.deliveries(id, q.status, q.limit ?? 50);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a `test` event for this subscription (signed and retried like any other); answers its delivery id' })
  test(@Param('id', uuidPipe('EVENT_SUBSCRIPTION_NOT_FOUND')) id: string) {
    return this.subs.test(id);
  }
}
