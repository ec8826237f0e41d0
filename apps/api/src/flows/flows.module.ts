import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelEntity, ChannelSettingsEntity, FlowEntity, FlowKeywordEntity, FlowSaveEntity, FlowVersionEntity, UserEntity } from '@moflow/data-access';
import { SecretsModule } from '../secrets/secrets.module';
import { FlowImportService } from './flow-import.service';
import { FlowPublisher } from './flow-publisher.service';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { FlowValidator } from './flow-validation';
import { KeywordClashService } from './keyword-clash.service';

/**
 * Flows, drafts, versions, keyword index. FLOW_TEST_RUNNER and FLOW_RUN_COUNTER (flow-ports.ts) are
 * optional: provide them from a @Global module (simulation/, runs/) and they are picked up.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FlowEntity, FlowVersionEntity, FlowKeywordEntity, FlowSaveEntity, UserEntity, ChannelEntity, ChannelSettingsEntity]), SecretsModule],
  controllers: [FlowsController],
  providers: [FlowsService, FlowPublisher, FlowImportService, KeywordClashService, FlowValidator],
  exports: [FlowsService, FlowPublisher],
})
export class FlowsModule {}
