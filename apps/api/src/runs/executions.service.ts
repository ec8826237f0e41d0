import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ExecuteFlowResponse, RunStatusDto } from '@moflow/api-contract';
import { ChannelEntity, IdempotencyKeyEntity, RunEntity, placeholder, tableOf, newId } from '@moflow/data-access';
import { normalizeAddress, PayloadError } from '@moflow/sms';
import { DataSource, LessThan } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { ExecuteFlowDto } from './executions.dto';
import { FlowSource } from '../flows/flow-source';
import { RunService } from '../pipeline/run.service';

/**
 * The REST trigger. The run starts through the turn pipeline; an Idempotency-Key is written in
 * the same transaction as the run it starts, so a key that exists always names a run that exists
 * (a crash in between leaves neither). Concurrent retries of one key in this process share one
 * start. Keys are scoped per caller and flow, the same key with another body is refused, and keys
 * expire after IDEMPOTENCY_KEY_TTL_HOURS (24 by default).
 */
@Injectable()
export class ExecutionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly inFlight = new Map<string, Promise<ExecuteFlowResponse>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource, private readonly flows: FlowSource, private readonly runs: RunService,
    @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge().catch(() => undefined), 3_600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes expired keys; returns how many. */
  async purge(now = Date.now()): Promise<number> {
    const res = await this.ds.getRepository(IdempotencyKeyEntity).delete({ createdAt: LessThan(now - this.config.idempotencyTtlMs) });
    return res.affected ?? 0;
  }

  async execute(flowId: string, body: ExecuteFlowDto, idempotencyKey: string | undefined, caller: Principal): Promise<ExecuteFlowResponse> {
    const to = this.phone(body.to);
    if (body.channelId !== undefined && !(await this.channelExists(body.channelId))) {
      throw invalid('channelId', `no channel with id ${body.channelId}`);
    }
    const flow = await this.flows.live(flowId);
    if (flow.trigger && !flow.trigger.rest) {
      throw new DomainException(ErrorCode.REST_TRIGGER_DISABLED, `Flow "${flow.name}" does not accept REST starts: its trigger has rest: false.`);
    }
    const channelId = body.channelId ?? (await this.defaultChannel(flow.name, flow.trigger?.channels ?? ['*']));
    const start = (idempotency: IdempotencyKeyEntity | null) => this.runs.start({
      runId: idempotency?.runId ?? newId(), flow, phone: to, channelId, parameters: body.parameters ?? {}, idempotency,
    }).then((o) => ({ runId: o.runId ?? idempotency?.runId ?? '', status: o.status as RunStatusDto, flowId, flowVersion: flow.version }));
    if (idempotencyKey === undefined) return start(null);
    if (idempotencyKey.length === 0 || idempotencyKey.length > 200) throw invalid('Idempotency-Key', 'must be 1 to 200 characters');
    const scope = scopeOf(caller, flowId);
    const requestHash = hashBody(to, body);
    const slot = `${scope}\u0000${idempotencyKey}`;
    const running = this.inFlight.get(slot);
    if (running) return running.then((r) => this.replay(r, requestHash, hashOf.get(slot), idempotencyKey));
    // Registered before the first await: concurrent retries of one key share one start.
    const promise = this.existing(scope, idempotencyKey, requestHash)
      .then((replay) => replay ?? start({ scope, key: idempotencyKey, requestHash, runId: newId(), createdAt: Date.now() }))
      .finally(() => {
        this.inFlight.delete(slot);
        hashOf.delete(slot);
      });
    this.inFlight.set(slot, promise);
    hashOf.set(slot, requestHash);
    return promise;
  }

  private replay(first: ExecuteFlowResponse, requestHash: string, firstHash: string | undefined, key: string): ExecuteFlowResponse {
    if (firstHash !== undefined && firstHash !== requestHash) {
      throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED, undefined, { details: { idempotencyKey: key, runId: first.runId } });
    }
    return first;
  }

  /** The run an earlier call with this key started (its key and run were committed together). */
  private async existing(scope: string, key: string, requestHash: string): Promise<ExecuteFlowResponse | null> {
    const repo = this.ds.getRepository(IdempotencyKeyEntity);
    const first = await repo.findOneBy({ scope, key });
    if (!first) return null;
    if (first.createdAt < Date.now() - this.config.idempotencyTtlMs) {
      await repo.delete({ scope, key });
      return null;
    }
    if (first.requestHash !== requestHash) {
      throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED, undefined, { details: { idempotencyKey: key, runId: first.runId } });
    }
    const run = await this.ds.getRepository(RunEntity).findOneBy({ id: first.runId });
    if (!run) return null;
    return { runId: run.id, status: run.status as RunStatusDto, flowId: run.flowId, flowVersion: run.flowVersion };
  }

  /**
   * Without `channelId`, the channel is chosen so that a REST start never slips onto the built-in
   * simulator while a real channel exists (an MT "sent" that never left the machine):
   * - the channels the trigger names (else every channel) are the candidates;
   * - one candidate: it; several with exactly one real (non-simulator) channel among them: that one;
   *   several real ones: refused with 400 asking for `channelId` (the choice would be a guess);
   * - only simulator channels: the oldest (nothing leaves the machine either way);
   * - no channel at all (a fresh install without the demo seed): null, replies are recorded through
   *   the built-in simulator.
   * Every MT needs a channel so that it passes the opt-out / quiet-hours / rate gate and the
   * contact's answer reaches the waiting run (sessions are per contact and channel).
   */
  private async defaultChannel(flowName: string, triggerChannels: string[]): Promise<string | null> {
    // Plain SQL on the hot path (every trigger without channelId): the query builder cost more than the query.
    const rows = (await this.ds.query(`SELECT "id", "name", "address", "provider" FROM ${tableOf(this.ds, ChannelEntity)} ORDER BY "created_at" ASC, "id" ASC`)) as
      { id: string; name: string; address: string; provider: string }[];
    const named = triggerChannels.filter((c) => c !== '*');
    const listed = rows.filter((r) => named.includes(r.id));
    const candidates = listed.length > 0 ? listed : rows;
    if (candidates.length <= 1) return candidates[0]?.id ?? null;
    const real = candidates.filter((r) => r.provider !== 'simulator');
    if (real.length === 1) return real[0]!.id;
    if (real.length === 0) return candidates[0]!.id;
    const shown = real.slice(0, 5).map((r) => `"${r.name}" (${r.address}, ${r.id})`).join(', ');
    throw invalid('channelId', `is required: flow "${flowName}" can reply from ${real.length} channels (${shown}${real.length > 5 ? ', …' : ''}); ` +
      'name the one to send from, or limit the trigger to one channel');
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
}

const hashOf = new Map<string, string>();

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
