import { ChannelSettingsEntity } from './channel-settings.entity';
import { ConsentEventEntity } from './consent-event.entity';
import { ContactChannelStateEntity } from './contact-channel-state.entity';
import { InboxMessageEntity } from './inbox-message.entity';
import { MessagingSchema1764150000000 } from './migrations/1764150000000-messaging-schema.migration';
import { InboxPartition1764300000001 } from './migrations/1764300000001-inbox-partition.migration';
import { OutboxProviderIdEntity, OutboxStateEntity } from './outbox-state.entity';
import { DeliveryPartEntity, HeldReceiptEntity } from './delivery-report.entities';
import { DeliveryReports1764300013000 } from './migrations/1764300013000-delivery-reports.migration';
import { InboxPartBytes1765100000000 } from './migrations/1765100000000-inbox-part-bytes.migration';
import { EventSubscriptions1765100000001 } from './migrations/1765100000001-event-subscriptions.migration';
import { EventDeliveryEntity, EventSubscriptionEntity } from './event-subscription.entities';
import { TicketDetailsEntity, TicketThreadEntryEntity } from './ticket-details.entity';

export * from './channel-settings.entity';
export * from './consent-event.entity';
export * from './contact-channel-state.entity';
export * from './inbox-message.entity';
export * from './outbox-state.entity';
export * from './delivery-report.entities';
export * from './delivery-reports.repository';
export * from './ticket-details.entity';
export * from './event-subscription.entities';
export { MessagingSchema1764150000000, InboxPartition1764300000001 };

export const messagingEntities = [ChannelSettingsEntity, InboxMessageEntity, ConsentEventEntity, ContactChannelStateEntity, OutboxStateEntity, OutboxProviderIdEntity,
  TicketDetailsEntity, TicketThreadEntryEntity, DeliveryPartEntity, HeldReceiptEntity, EventSubscriptionEntity, EventDeliveryEntity];

/** After the core and run schemas (it indexes `messages`). */
export const messagingMigrations = [MessagingSchema1764150000000, InboxPartition1764300000001, DeliveryReports1764300013000, InboxPartBytes1765100000000, EventSubscriptions1765100000001];
