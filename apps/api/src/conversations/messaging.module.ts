import { Global, Module } from '@nestjs/common';
import { ChannelRegistry } from '../channels/channel-registry.service';
import { ChannelsController } from '../channels/channels.controller';
import { ChannelsService } from '../channels/channels.service';
import { ComplianceService } from '../compliance/compliance.service';
import { ConsentController, ContactsController, MessagesController } from '../compliance/compliance.controller';
import { ContactPrivacyService } from '../compliance/contact-privacy.service';
import { InboundController } from '../inbound/inbound.controller';
import { InboundService } from '../inbound/inbound.service';
import { InboxService } from '../inbound/inbox.service';
import { SmppBindingsService } from '../inbound/smpp-bindings.service';
import { DeliveryReportsService } from '../outbox/delivery-reports.service';
import { OutboxSender } from '../outbox/outbox.sender';
import { OUTBOX_SENDER } from '../outbox/outbox.tokens';
import { HelpdeskForwarder } from '../tickets/helpdesk-forwarder';
import { TicketsController } from '../tickets/tickets.controller';
import { TicketsService } from '../tickets/tickets.service';
import { ConversationRouter } from './conversation-router';
import { INBOUND_ROUTER } from './conversation.tokens';
import { ReplyCollector } from './reply-collector';

/**
 * Channels, provider webhooks, the sender, conversation rules, compliance and tickets. Global so
 * the run machinery (RunsModule) finds the two ports it delegates to: INBOUND_ROUTER (dispatcher)
 * and OUTBOX_SENDER (after each burst).
 */
@Global()
@Module({
  controllers: [ChannelsController, InboundController, ConsentController, ContactsController, MessagesController, TicketsController],
  providers: [
    ChannelRegistry, ChannelsService, ComplianceService, ContactPrivacyService, InboxService, InboundService, SmppBindingsService,
    DeliveryReportsService, OutboxSender, TicketsService, HelpdeskForwarder, ReplyCollector, ConversationRouter,
    { provide: INBOUND_ROUTER, useExisting: ConversationRouter },
    { provide: OUTBOX_SENDER, useExisting: OutboxSender },
  ],
  exports: [INBOUND_ROUTER, OUTBOX_SENDER, ChannelRegistry, OutboxSender, InboxService, SmppBindingsService, ContactPrivacyService],
})
export class MessagingModule {}
