import { Global, Module } from '@nestjs/common';
import { LookupsModule } from '../lookups/lookups.module';
import { EventFanout } from './event-fanout';
import { EventSender } from './event-sender';
import { EventSubscriptionsController } from './event-subscriptions.controller';
import { EventSubscriptionsService } from './event-subscriptions.service';

/** Event subscriptions: global, so the pipeline, the sender and compliance can add events to their own writes. */
@Global()
@Module({
  imports: [LookupsModule],
  controllers: [EventSubscriptionsController],
  providers: [EventFanout, EventSender, EventSubscriptionsService],
  exports: [EventFanout, EventSender],
})
export class EventsModule {}
