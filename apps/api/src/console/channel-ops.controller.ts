import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChannelEntity } from '@moflow/data-access';
import { normalizeAddress } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { publicUrlProblem } from '../channels/public-url-check';
import { uuidPipe } from '../common/uuid.pipe';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ContactsService } from '../contacts/contacts.service';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SmppBindingsService } from '../inbound/smpp-bindings.service';
import { OutboxSender } from '../outbox/outbox.sender';
import { ChannelStatusDto, TestMessageDto } from './channel-ops.dto';

/** What the channel settings page shows and does beyond CRUD: reachability, SMPP bind, a test message. */
@ApiTags('channels')
@Roles('admin')
@Controller('api/v1/channels')
export class ChannelOpsController {
  constructor(
    private readonly ds: DataSource,
    private readonly smpp: SmppBindingsService,
    private readonly sender: OutboxSender,
    private readonly contacts: ContactsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':id/status')
  @ApiOperation({ summary: 'Whether the provider can reach this server, and for SMPP the live bind state and last bind error' })
  @ApiOkResponse({ type: ChannelStatusDto })
  async status(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string): Promise<ChannelStatusDto> {
    const channel = await this.channel(id);
    return {
      channelId: id, publicUrlWarning: publicUrlProblem(this.config.publicUrl, channel.provider),
      ...(channel.provider === 'smpp' ? { smpp: this.smpp.status(id) } : {}),
    };
  }

  /** An MT like any other: through the opt-out, quiet-hours and rate gate, then the provider. */
  @Post(':id/test-message')
  @HttpCode(201)
  @ApiOperation({ summary: 'Queue a test SMS on this channel; follow it in GET /messages/:messageId' })
  async testMessage(@Param('id', uuidPipe('CHANNEL_NOT_FOUND')) id: string, @Body() dto: TestMessageDto): Promise<{ messageId: string; status: string }> {
    const channel = await this.channel(id);
    let to: string;
    try {
      const address = normalizeAddress(dto.to, channel.defaultRegion ?? undefined, 'to');
      if (address.kind === 'alphanumeric') throw new Error('alphanumeric');
      to = address.value;
    } catch {
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('to', 'must be a phone number, e.g. +44 7700 900123')] });
    }
    const contact = await this.contacts.findOrCreate(to);
    const message = await this.sender.queue({ channelId: id, contactId: contact.id, to, text: dto.text ?? 'Test message from Moflow.' });
    return { messageId: message.id, status: message.status };
  }

  private async channel(id: string): Promise<ChannelEntity> {
    const channel = await this.ds.getRepository(ChannelEntity).findOneBy({ id });
    if (!channel) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    return channel;
  }
}
