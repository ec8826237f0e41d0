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
import { outboxStateProviders } from '../outbox/outbox-state.providers';
import { OutboxSender } from '../outbox/outbox.sender';
import { OUTBOX_SENDER } from '../outbox/outbox.tokens';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { HelpdeskForwarder } from '../tickets/helpdesk-forwarder';
import { TicketsController } from '../tickets/tickets.controller';
import { TicketsService } from '../tickets/tickets.service';
import { LookupsModule } from '../lookups/lookups.module';
import { WakeModule } from '../pipeline/wake.module';

/**
 * Channels, provider webhooks and the group-commit inbox, the sender, compliance and tickets.
 * Global so the turn pipeline finds the channel registry and the sender. Conversation rules are
 * the pipeline's (pipeline/contact-turns.ts, libs/flow-engine routeInbound).
 */
@Global()
@Module({
  imports: [WakeModule, LookupsModule],
  controllers: [ChannelsController, InboundController, ConsentController, ContactsController, MessagesController, TicketsController],
  providers: [
    ChannelRegistry, ChannelsService, ComplianceService, ContactPrivacyService, InboxService, InboundService, SmppBindingsService,
    DeliveryReportsService, OutboxSender, TicketsService, HelpdeskForwarder, ConsoleEventsBus,
    { provide: OUTBOX_SENDER, useExisting: OutboxSender }, ...outboxStateProviders,
  ],
  exports: [OUTBOX_SENDER, ChannelRegistry, OutboxSender, InboxService, SmppBindingsService, ContactPrivacyService, ConsoleEventsBus],
})
export class MessagingModule {}
