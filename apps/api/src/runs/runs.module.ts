import { Global, Module } from '@nestjs/common';
import { FLOW_RUN_COUNTER, FLOW_TEST_RUNNER } from '../flows/flow-ports';
import { ContactsService } from '../contacts/contacts.service';
import { EnginePoolModule } from '../engine-pool/engine-pool.module';
import { LookupsModule } from '../lookups/lookups.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SecretsModule } from '../secrets/secrets.module';
import { FlowTestRunner } from '../simulation/flow-test.runner';
import { SimulationController } from '../simulation/simulation.controller';
import { SimulationService } from '../simulation/simulation.service';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { FlowSource } from '../flows/flow-source';
import { LookupRetry } from './lookup-retry';
import { RunActionsService } from './run-actions.service';
import { RunAuditLog } from './run-audit';
import { RunEventsBus } from '../shared-state/run-events.bus';
import { RunExportService } from './run-export.service';
import { RunOpsController } from './run-ops.controller';
import { WaitingSessionsService } from './waiting-sessions.service';
import { RunMetrics } from './run-metrics';
import { RunQueryService } from './run-query.service';
import { FlowStatsController, RunsController } from './runs.controller';

/**
 * Runs: the REST trigger (through the turn pipeline), run logs, simulation and flow tests. Exports
 * what other areas plug into: the flow source, the SSE bus, contacts and FlowTestRunner (publish
 * with requireTestsToPublish). Global so FlowsModule finds FLOW_TEST_RUNNER and FLOW_RUN_COUNTER
 * (flows/flow-ports.ts) and the pipeline finds the flow source, contacts and the bus.
 */
@Global()
@Module({
  imports: [SecretsModule, LookupsModule, PipelineModule, EnginePoolModule],
  controllers: [ExecutionsController, RunOpsController, RunsController, FlowStatsController, SimulationController],
  providers: [
    ContactsService, FlowSource, RunEventsBus, RunQueryService, ExecutionsService, RunAuditLog, LookupRetry, RunActionsService, WaitingSessionsService,
    RunExportService, SimulationService, FlowTestRunner, RunMetrics,
    { provide: FLOW_TEST_RUNNER, useExisting: FlowTestRunner },
    { provide: FLOW_RUN_COUNTER, useExisting: RunQueryService },
  ],
  exports: [FlowSource, ExecutionsService, FLOW_TEST_RUNNER, FLOW_RUN_COUNTER, RunEventsBus, FlowTestRunner, ContactsService, SimulationService, PipelineModule],
})
export class RunsModule {}
