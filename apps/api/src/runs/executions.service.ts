import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ExecuteFlowResponse, RunStatusDto } from '@moflow/api-contract';
import { ChannelEntity, IdempotencyKeyEntity, RunEntity } from '@moflow/data-access';
import { normalizeAddress, PayloadError } from '@moflow/sms';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { JobQueue } from '../dispatch/dispatch-job';
import { JOB_QUEUE } from '../dispatch/dispatch.tokens';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { ExecuteFlowDto } from './executions.dto';
import { placeholder, tableOf } from './fast-sql';
import { FlowSource } from './flow-source';

/**
 * The REST trigger. An Idempotency-Key is claimed (inserted) BEFORE the run starts, so two
 * concurrent retries cannot both start a run: the loser of the primary-key race answers with the
 * winner's run. Keys are scoped per caller and flow; the same key with another body is refused.
 */
@Injectable()
export class ExecutionsService {
  constructor(private readonly ds: DataSource, private readonly flows: FlowSource, @Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  async execute(flowId: string, body: ExecuteFlowDto, idempotencyKey: string | undefined, caller: Principal): Promise<ExecuteFlowResponse> {
    const to = this.phone(body.to);
    if (body.channelId !== undefined && !(await this.channelExists(body.channelId))) {
      throw invalid('channelId', `no channel with id ${body.channelId}`);
    }
    const flow = await this.flows.live(flowId);
    if (flow.trigger && !flow.trigger.rest) {
      throw new DomainException(ErrorCode.REST_TRIGGER_DISABLED, `Flow "${flow.name}" does not accept REST starts: its trigger has rest: false.`);
    }
    const channelId = body.channelId ?? (await this.defaultChannel(flow.trigger?.channels ?? ['*']));
    const runId = randomUUID();
    if (idempotencyKey !== undefined) {
      const replay = await this.claim(scopeOf(caller, flowId), idempotencyKey, hashBody(to, body), runId, flow.version);
      if (replay) return replay;
    }
    try {
      const result = await this.queue.dispatch({
        kind: 'start', key: to, runId, flowId, flowVersion: flow.version, flowName: flow.name, to, channelId, parameters: body.parameters ?? {},
      });
      return { runId, status: result.status as RunStatusDto, flowId, flowVersion: flow.version };
    } catch (err) {
      // The run did not start: free the key so the client's retry can start it.
      if (idempotencyKey !== undefined) {
        await this.ds.getRepository(IdempotencyKeyEntity).delete({ scope: scopeOf(caller, flowId), key: idempotencyKey });
      }
      throw err;
    }
  }

  /**
   * Without `channelId`, replies leave from the flow trigger's only channel, else the oldest channel:
   * every MT needs a channel so that it passes the opt-out / quiet-hours / rate gate and the
   * contact's answer reaches the waiting run (sessions are per contact and channel). With no
   * channel at all (a fresh install without the demo seed), replies go to the built-in simulator:
   * there is nothing to send from and no channel anyone could have opted out of.
   */
  private async defaultChannel(triggerChannels: string[]): Promise<string | null> {
    const named = triggerChannels.filter((c) => c !== '*');
    if (named.length === 1 && named[0] && (await this.channelExists(named[0]))) return named[0];
    // Plain SQL on the hot path (every trigger without channelId): the query builder cost more than the query.
    const rows = (await this.ds.query(`SELECT "id" FROM ${tableOf(this.ds, ChannelEntity)} ORDER BY "created_at" ASC, "id" ASC LIMIT 1`)) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  private async channelExists(id: string): Promise<boolean> {
    const rows = (await this.ds.query(`SELECT 1 AS "one" FROM ${tableOf(this.ds, ChannelEntity)} WHERE "id" = ${placeholder(this.ds, 0)}`, [id])) as unknown[];
    return rows.length > 0;
  }

  private phone(raw: string): string {
    try {
      const address = normalizeAddress(raw, undefined, 'to');
      if (address.kind !== 'e164') throw invalid('to', `must be a phone number in E.164 (+14155550100), got a ${address.kind.replace('_', ' ')}`);
      return address.value;
    } catch (err) {
      if (err instanceof PayloadError) throw invalid('to', err.reason);
      throw err;
    }
  }

  /** Claims the key for `runId`, or returns the run an earlier identical call started. */
  private async claim(scope: string, key: string, requestHash: string, runId: string, version: number): Promise<ExecuteFlowResponse | null> {
    if (key.length === 0 || key.length > 200) throw invalid('Idempotency-Key', 'must be 1 to 200 characters');
    const repo = this.ds.getRepository(IdempotencyKeyEntity);
    try {
      await repo.insert({ scope, key, requestHash, runId, createdAt: Date.now() });
      return null;
    } catch (err) {
      if (!(err instanceof QueryFailedError)) throw err;
    }
    const first = await repo.findOneBy({ scope, key });
    if (!first) throw new DomainException(ErrorCode.INTERNAL, 'idempotency key vanished while reading it');
    if (first.requestHash !== requestHash) {
      throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED, undefined, { details: { idempotencyKey: key, runId: first.runId } });
    }
    // The first call may still be running its first burst: wait (bounded) for its run row.
    for (let i = 0; i < 100; i++) {
      const run = await this.ds.getRepository(RunEntity).findOneBy({ id: first.runId });
      if (run) return { runId: run.id, status: run.status as RunStatusDto, flowId: run.flowId, flowVersion: run.flowVersion };
      await new Promise((r) => setTimeout(r, 50));
    }
    return { runId: first.runId, status: 'running', flowId: scope.slice(scope.lastIndexOf(':') + 1), flowVersion: version };
  }
}

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, `${path}: ${message}`, { problems: [problem(path, message)] });
}

function scopeOf(caller: Principal, flowId: string): string {
  const who = caller.kind === 'apiKey' ? `key:${caller.apiKey.id}` : caller.kind === 'user' ? `user:${caller.user.id}` : 'metrics';
  return `${who}:${flowId}`;
}

function hashBody(to: string, body: ExecuteFlowDto): string {
  return createHash('sha256').update(canonical({ to, channelId: body.channelId ?? null, parameters: body.parameters ?? {} })).digest('hex');
}

/** JSON with sorted keys, so {a,b} and {b,a} are the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
