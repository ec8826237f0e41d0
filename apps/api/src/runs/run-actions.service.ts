import { Injectable } from '@nestjs/common';
import type { CancelRunsResultDto, RunActionResultDto, RunStatusDto } from '@moflow/api-contract';
import { RunEntity, RunStepEntity, writeTransaction, newId } from '@moflow/data-access';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { FlowSource } from '../flows/flow-source';
import { failedLookup, LookupRetry } from './lookup-retry';
import { actorOf, RunAuditLog } from './run-audit';
import { RunEventsBus } from '../shared-state/run-events.bus';
import { mapRunSummary } from '../mappers/run.mapper';
import { cancelRun } from '../pipeline/run-writer';
import { RunService } from '../pipeline/run.service';

/**
 * What an operator may do to a run, each recorded with who did it (run_actions): cancel a waiting
 * run, run a failed lookup again and let the run go on, start the flow again for the contact with
 * the same parameters.
 */
@Injectable()
export class RunActionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: RunAuditLog,
    private readonly retrier: LookupRetry,
    private readonly flows: FlowSource,
    private readonly bus: RunEventsBus,
    private readonly runs: RunService,
  ) {}

  async cancel(runId: string, by: Principal): Promise<RunActionResultDto> {
    const result = await this.cancelMany([runId], by);
    const skipped = result.skipped[0];
    if (skipped) throw new DomainException(ErrorCode.RUN_NOT_ACTIONABLE, skipped.reason, { details: { runId } });
    const run = await this.load(runId);
    const actions = await this.audit.forRun(runId);
    return { action: actions[actions.length - 1]!, run: mapRunSummary(run) };
  }

  /** Cancels every listed run that is still waiting; says why the others were left alone. */
  async cancelMany(runIds: string[], by: Principal): Promise<CancelRunsResultDto> {
    const unique = [...new Set(runIds.map((id) => id.toLowerCase()))];
    const runs = new Map((await this.ds.getRepository(RunEntity).findBy({ id: In(unique) })).map((r) => [r.id, r]));
    const out: CancelRunsResultDto = { cancelled: [], skipped: [] };
    for (const id of unique) {
      const run = runs.get(id);
      if (!run) { out.skipped.push({ runId: id, reason: `No run with id ${id}.` }); continue; }
      if (run.status !== 'waiting') { out.skipped.push({ runId: id, reason: `The run is ${run.status}: only a waiting run can be cancelled.` }); continue; }
      await writeTransaction(this.ds, (m) => cancelRun(m, run, `cancelled by ${actorOf(by).name}`));
      await this.audit.record(id, 'cancel', by, { nodeId: run.currentNodeId });
      this.bus.publish({ ...mapRunSummary(run), status: 'cancelled', updatedAt: new Date().toISOString() });
      out.cancelled.push(id);
    }
    return out;
  }

  async retry(runId: string, by: Principal): Promise<RunActionResultDto> {
    const run = await this.load(runId);
    if (run.status === 'running') throw new DomainException(ErrorCode.RUN_NOT_ACTIONABLE, 'The run is running: wait until it stops before retrying.');
    const steps = await this.ds.getRepository(RunStepEntity).find({ where: { runId }, order: { seq: 'ASC' } });
    const failed = failedLookup(steps);
    if (!failed?.nodeId) throw new DomainException(ErrorCode.RUN_NOT_ACTIONABLE, 'The run has no failed lookup to retry: its last lookup succeeded or it made none.');
    const actor = actorOf(by).name;
    const after = await this.retrier.retry(run, failed.nodeId, `lookup retried by ${actor}`);
    const action = await this.audit.record(runId, 'retry', by, { nodeId: failed.nodeId, previousStatus: run.status, status: after.status });
    return { action, run: mapRunSummary(after) };
  }

  /** Starts the flow's live version again for the same contact, channel and REST parameters. */
  async restart(runId: string, by: Principal): Promise<RunActionResultDto> {
    const run = await this.load(runId);
    const flow = await this.flows.live(run.flowId);
    const newRunId = newId();
    const parameters = (run.trigger['parameters'] as Record<string, unknown> | undefined) ?? {};
    const result = await this.runs.start({ runId: newRunId, flow, phone: run.contactPhone, channelId: run.channelId, parameters });
    const action = await this.audit.record(runId, 'restart', by, { newRunId, flowVersion: flow.version, status: result.status });
    const started = await this.ds.getRepository(RunEntity).findOneBy({ id: newRunId });
    if (started) return { action, run: mapRunSummary(started) };
    return { action, run: { ...mapRunSummary(run), id: newRunId, status: result.status as RunStatusDto, flowVersion: flow.version } };
  }

  private async load(runId: string): Promise<RunEntity> {
    const run = await this.ds.getRepository(RunEntity).findOneBy({ id: runId });
    if (!run) throw new DomainException(ErrorCode.RUN_NOT_FOUND, `No run with id ${runId}.`);
    return run;
  }
}
