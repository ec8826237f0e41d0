import { Module } from '@nestjs/common';
import { ChannelOpsController } from './channel-ops.controller';

/**
 * Routes the ops console needs beyond the domain modules' own (channel reachability and test
 * messages). It uses MessagingModule's and RunsModule's exports (sender, SMPP bindings, contacts).
 */
@Module({ controllers: [ChannelOpsController] })
export class ConsoleModule {}
