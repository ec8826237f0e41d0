import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROVIDER_SCHEMAS, type ProviderSchema } from '@moflow/providers';
import { Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { CreateChannelDto, ProviderSchemaDto, UpdateChannelDto } from './channel.dto';
import { ChannelsService, type ChannelResponse } from './channels.service';

@ApiTags('channels')
@Controller('api/v1/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @Roles('admin', 'editor', 'ops')
  list(): Promise<ChannelResponse[]> {
    return this.channels.list();
  }

  @Get('providers')
  @Roles('admin', 'editor', 'ops')
  @ApiOperation({
    summary: 'The settings each provider takes, to build a channel form',
    description: 'Per provider: every field of `connection` (plain, returned by GET) and `credentials` (secret, write-only), with label, help text, type, whether it is required and which one verifies webhooks. Channel saves are validated against exactly this.',
  })
  @ApiOkResponse({ type: [ProviderSchemaDto] })
  providers(): readonly ProviderSchema[] {
    return PROVIDER_SCHEMAS;
  }

  @Get(':id')
  @Roles('admin', 'editor', 'ops')
  get(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string): Promise<ChannelResponse> {
    return this.channels.get(id);
  }

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateChannelDto): Promise<ChannelResponse> {
    return this.channels.create(dto);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string, @Body() dto: UpdateChannelDto): Promise<ChannelResponse> {
    return this.channels.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string): Promise<void> {
    return this.channels.remove(id);
  }
}
