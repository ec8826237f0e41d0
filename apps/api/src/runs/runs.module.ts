import { Global, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FlowEngine } from '@moflow/flow-engine';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { FLOW_RUN_COUNTER, FLOW_TEST_RUNNER } from '../flows/flow-ports';
import { ContactsService } from '../contacts/contacts.service';
import type { JobQueue } from '../dispatch/dispatch-job';
import { JOB_QUEUE } from '../dispatch/dispatch.tokens';
import { DispatcherService } from '../dispatch/dispatcher.service';
import { KeywordRouter } from '../dispatch/keyword-router';
import { createJobQueue } from '../dispatch/queue.factory';
import { TimeoutPoller } from '../dispatch/timeout.poller';
import { EnginePoolModule } from '../engine-pool/engine-pool.module';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { LookupsModule } from '../lookups/lookups.module';
import { SecretsModule } from '../secrets/secrets.module';
import { SecretsService } from '../secrets/secrets.service';
import { FlowTestRunner } from '../simulation/flow-test.runner';
import { SimulationController } from '../simulation/simulation.controller';
import { SimulationService } from '../simulation/simulation.service';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { FlowSource } from './flow-source';
import { hostPorts } from './host-ports';
import { LookupRetry } from './lookup-retry';
import { RunActionsService } from './run-actions.service';
import { RunAuditLog } from './run-audit';
import { RunEventsBus } from './run-events.bus';
import { RunExportService } from './run-export.service';
import { RunOpsController } from './run-ops.controller';
import { WaitingSessionsService } from './waiting-sessions.service';
import { RunMetrics } from './run-metrics';
import { RunQueryService } from './run-query.service';
import { RUN_ENGINE, RunService } from './run.service';
import { FlowStatsController, RunsController } from './runs.controller';
import { SimulatorOutboxSender } from './simulator-outbox.sender';

/**
 * The run machinery: engine wiring, dispatcher and its queue transport, REST trigger, run logs,
 * simulation and flow tests. Exports what other areas plug into: the queue (inbound webhooks
 * enqueue MOs), RunService, the SSE bus and FlowTestRunner (publish with requireTestsToPublish). Global so FlowsModule finds
 * FLOW_TEST_RUNNER and FLOW_RUN_COUNTER (flows/flow-ports.ts).
 */
@Global()
@Module({
  imports: [SecretsModule, LookupsModule, EnginePoolModule],
  controllers: [ExecutionsController, RunOpsController, RunsController, FlowStatsController, SimulationController],
  providers: [
    ContactsService, FlowSource, RunEventsBus, SimulatorOutboxSender, RunService, RunQueryService, ExecutionsService,
    KeywordRouter, DispatcherService, TimeoutPoller, RunAuditLog, LookupRetry, RunActionsService, WaitingSessionsService, RunExportService, SimulationService, FlowTestRunner, RunMetrics,
    {
      provide: RUN_ENGINE,
      inject: [DataSource, LookupAllowlistService, SecretsService],
      useFactory: (ds: DataSource, lookups: LookupAllowlistService, secrets: SecretsService) =>
        new FlowEngine({ ports: hostPorts(ds, lookups.http, secrets) }),
    },
    { provide: JOB_QUEUE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createJobQueue(config) },
    { provide: FLOW_TEST_RUNNER, useExisting: FlowTestRunner },
    { provide: FLOW_RUN_COUNTER, useExisting: RunQueryService },
  ],
  exports: [KeywordRouter, FlowSource, ExecutionsService, FLOW_TEST_RUNNER, FLOW_RUN_COUNTER, JOB_QUEUE, RunService, RunEventsBus, FlowTestRunner, ContactsService, SimulationService],
})
export class RunsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue, private readonly dispatcher: DispatcherService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.start(this.dispatcher.handle);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
