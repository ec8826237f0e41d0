import { Module } from '@nestjs/common';
import { EnginePoolModule } from '../engine-pool/engine-pool.module';
import { LookupsModule } from '../lookups/lookups.module';
import { RunService } from './run.service';
import { SecretsModule } from '../secrets/secrets.module';
import { PartitionOwnership } from './partition-ownership';
import { PipelineService } from './pipeline.service';
import { RouteTable } from './route-table';
import { TurnPump } from './turn-pump';
import { WakeModule } from './wake.module';

/**
 * The batched turn pipeline (ARCHITECTURE: inbox → turns → one write per batch → outbox). Mounted
 * by the API in embedded mode and by apps/worker; the channel registry, flow source, contacts,
 * run bus and sender come from the messaging and runs modules.
 */
@Module({
  imports: [LookupsModule, SecretsModule, WakeModule, EnginePoolModule],
  providers: [RouteTable, PartitionOwnership, TurnPump, PipelineService, RunService],
  exports: [TurnPump, RunService],
})
export class PipelineModule {}
