import { Module } from '@nestjs/common';
import { ChannelAnalyticsController, FlowAnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';

/** Read-only aggregates over runs, steps, messages and the consent log for the console's charts. */
@Module({ controllers: [FlowAnalyticsController, ChannelAnalyticsController], providers: [AnalyticsService] })
export class AnalyticsModule {}
