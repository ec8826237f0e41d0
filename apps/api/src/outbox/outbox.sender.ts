import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { MessageEntity, OutboxStateEntity, newId, type MtAdoption, type EventDeliveryEntity, writeTransaction, row } from '@moflow/data-access';
import { ProviderSendError, type SmsAdapter } from '@moflow/providers';
import { analyzeText, timezoneForNumber } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { ChannelRegistry, type ChannelRuntime } from '../channels/channel-registry.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { EventFanout, statusEvent } from '../events/event-fanout';
import { MetricsService } from '../metrics/metrics.service';
import { ChannelLanes, LaneClosedError } from './channel-lanes';
import { channelRate, gatePolicy } from './outbox.gate';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository, stateKey, type ClaimedMt, type GateData, type Outcome } from './outbox.repository';
import { COMPLIANCE_NODE, type OutboxSenderPort } from './outbox.tokens';
import { OutboxWake } from './outbox-wake';
import { OutcomeWriter } from './outcome-writer';
import { RATE_LIMITER } from './rate-limiter.tokens';
import type { RateLimiter } from './token-bucket';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 6;
const POLL_MS = 250;
const BATCH = 200;
/** Claimed and not finished, all channels together. */
const MAX_IN_FLIGHT = 2_000;
/** Concurrent provider calls per HTTP channel; an SMPP channel uses its bind's window. */
const HTTP_CONCURRENCY = 16;
const STOP_GRACE_MS = 10_000;

export interface NewMt {
  channelId: string;
  contactId: string;
  to: string;
  text: string;
  runId?: string | null;
  nodeId?: string | null;
  inReplyTo?: string | null;
}

/**
 * Drains the outbox, never inside a turn: queued → sending → sent (→ delivered/undelivered by DLR),
 * or suppressed, deferred, failed. It claims due MTs in batches (a lease, in one statement), loads
 * what the gate needs for the whole batch, takes each channel's tokens for the batch at once, marks
 * the ones it will send `sending` in one transaction **before** any provider call, then sends with
 * per-channel concurrency and records the results in group commits. A crash after that mark leaves
 * rows `sending` with an unknown outcome: sent again with the same id where the provider dedupes on
 * it (`SmsAdapter.dedupesById`), otherwise failed rather than sent twice. Only errors where
 * the provider did not accept the message (ProviderSendError.retryable) are retried, with
 * exponential backoff or Retry-After. With MOFLOW_PIPELINE=off this process runs no sender:
 * `queue()` stores the MT and wakes the senders of the workers.
 */
@Injectable()
export class OutboxSender implements OutboxSenderPort, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxSender');
  private readonly owner = randomUUID();
  private readonly repo: OutboxRepository;
  private readonly lanes = new ChannelLanes();
  private readonly writer: OutcomeWriter;
  private readonly metrics: OutboxMetrics;
  /** Claimed by this sender and not recorded yet (their leases are kept alive). */
  private readonly held = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly laneLimits = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private again = false;
  private stopped = false;
  private ticks = 0;
  private recovered = false;
  private scheduled = false;

  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChannelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMITER) private readonly rates: RateLimiter,
    private readonly wakes: OutboxWake,
    metrics: MetricsService,
    private readonly live: ConsoleEventsBus,
    @Optional() private readonly events?: EventFanout,
  ) {
    this.repo = new OutboxRepository(ds);
    // A recorded result may free the next MT of the same contact (one at a time per contact): look again.
    this.writer = new OutcomeWriter(async (batch) => {
      await this.repo.record(batch, Date.now(), this.statusEvents(batch));
      this.live.statusChanges(batch.flatMap((o) => (o.status === undefined ? [] : [{ ...o, status: o.status }])), Date.now());
      if (!this.stopped) this.wake();
    }, (err, n) => this.logger.error(`recording ${n} outbox result(s) failed: ${err.message}`));
    this.metrics = new OutboxMetrics(metrics, (now) => this.repo.backlog(now));
  }

  /** message.status deliveries for the results that set a status (a retry keeps `queued`: no event). */
  private statusEvents(batch: readonly Outcome[]): EventDeliveryEntity[] {
    if (!this.events?.anyActive) return [];
    const now = Date.now();
    return this.events.deliveries(batch.filter((o) => o.status !== undefined && o.status !== 'queued' && o.status !== 'sending')
      .map((o) => statusEvent(o.message, o.status!, { providerMessageId: o.providerMessageId, detail: o.detail }, now)));
  }

  /** Whether this process sends (MOFLOW_PIPELINE=embedded) or only stores and wakes others (off). */
  get active(): boolean {
    return this.config.pipeline === 'embedded';
  }

  onApplicationBootstrap(): void {
    if (!this.active) return;
    this.wakes.listen(() => this.wake());
    this.timer = setInterval(() => this.tick(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // Hand back what has not reached a provider; let calls in progress finish and be recorded.
    this.lanes.close();
    const deadline = new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
    await this.writer.flush();
  }

  /** Something was queued: look for due MTs now rather than at the next poll. Never waits for a send. */
  wake(): void {
    if (!this.active) {
      this.wakes.publish();
      return;
    }
    if (this.stopped || this.scheduled) return;
    // Wake-ups in the same turn of the event loop (a batch's outcomes, a turn batch) make one poll.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.poll();
    });
  }

  /**
   * Compatibility with RunService, which hands over a burst's committed outbox rows: a wake-up,
   * never a wait for the provider. Rows written without their bookkeeping row get one first.
   */
  send(messages: readonly MessageEntity[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    void this.repo.ensureStates(messages.map((m) => m.id))
      .then(() => this.wake(), (err: Error) => this.logger.error(`outbox bookkeeping failed: ${err.message}`));
    return Promise.resolve();
  }

  /** Stores an MT that no flow produced (compliance answer, ops reply from a ticket) and wakes a sender; returns it queued. */
  async queue(mt: NewMt): Promise<MessageEntity> {
    const runtime = await this.channels.get(mt.channelId);
    const now = Date.now();
    const analysis = analyzeText(mt.text);
    const message: MessageEntity = {
      id: newId(), direction: 'out', channelId: mt.channelId, contactId: mt.contactId, runId: mt.runId ?? null, nodeId: mt.nodeId ?? null,
      from: runtime?.channel.address ?? '', to: mt.to, text: mt.text, status: 'queued', encoding: analysis.encoding, segments: analysis.segments,
      provider: null, providerMessageId: null, createdAt: now, updatedAt: now,
    };
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(MessageEntity).insert(message);
      await m.getRepository(OutboxStateEntity).insert(row<OutboxStateEntity>({
        messageId: message.id, nextAttemptAt: 0, attempts: 0, leaseOwner: null, leaseUntil: null, detail: null, providerIds: null, inReplyTo: mt.inReplyTo ?? null,
      }));
    });
    this.live.newMessages([message]);
    this.wake();
    return message;
  }

  /** Claims and dispatches due MTs until none is due or the in-flight cap is reached. Exposed for tests and benchmarks. */
  async poll(): Promise<number> {
    if (this.pumping) {
      this.again = true;
      return 0;
    }
    this.pumping = true;
    let total = 0;
    try {
      do {
        this.again = false;
        for (;;) {
          const room = Math.min(BATCH, MAX_IN_FLIGHT - this.held.size);
          if (this.stopped || room <= 0) break;
          const n = await this.claimBatch(room);
          total += n;
          if (n < room) break;
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.error(`outbox poll failed: ${(err as Error).message}`);
    } finally {
      this.pumping = false;
    }
    return total;
  }

  /** Resolves when everything claimed so far is sent (or rescheduled) and recorded. For tests and benchmarks. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.pumping) {
      await Promise.allSettled([...this.inFlight]);
      if (this.pumping) await new Promise((r) => setTimeout(r, 5));
    }
    await this.writer.flush();
  }

  private tick(): void {
    // Every 2 s: rows another process left `sending` when it died, queued rows without bookkeeping, lease renewal.
    if (this.ticks++ % 8 === 0) void this.housekeeping();
    void this.poll();
  }

  /**
   * The lease a turn batch may write on its own MTs for this sender (MOFLOW_PIPELINE=embedded or a
   * worker): those MTs then need no claim and no commit of their own. Null when this process does not send.
   */
  adoption(): MtAdoption | null {
    if (!this.active || this.stopped) return null;
    const room = MAX_IN_FLIGHT - this.held.size;
    return room > 0 ? { owner: this.owner, leaseUntil: Date.now() + LEASE_MS, max: room } : null;
  }

  /** MTs a committed turn batch leased to this sender (see `adoption`): gated and sent like claimed ones. */
  adopt(messages: readonly MessageEntity[]): void {
    const batch = messages.map((message) => ({ message, attempts: 0 }));
    for (const b of batch) this.held.add(b.message.id);
    this.track(this.run(batch, Date.now()));
  }

  private async claimBatch(limit: number): Promise<number> {
    const now = Date.now();
    const skip = this.lanes.saturated((id) => 4 * (this.laneLimits.get(id) ?? HTTP_CONCURRENCY));
    const batch = await this.repo.claim(this.owner, now, now + LEASE_MS, limit, skip);
    if (batch.length === 0) return 0;
    for (const b of batch) this.held.add(b.message.id);
    await this.run(batch, now);
    return batch.length;
  }

  private async run(batch: readonly ClaimedMt[], now: number): Promise<void> {
    try {
      await this.dispatch(batch, now);
    } catch (err) {
      // Nothing of the batch reached a provider: hand it all back (leases dropped, tried again at the next poll).
      this.logger.error(`outbox batch failed: ${(err as Error).message}`);
      await Promise.allSettled(batch.filter((b) => this.held.has(b.message.id)).map((b) => this.settle({ message: b.message })));
    }
  }

  /** Gate, rate and adapter for the whole batch; immediate outcomes go to the writer, sends to the lanes. */
  private async dispatch(batch: readonly ClaimedMt[], now: number): Promise<void> {
    const gate = await this.repo.gateData(batch);
    const runtimes = new Map<string, ChannelRuntime | null>();
    for (const id of new Set(batch.map((b) => b.message.channelId).filter((c): c is string => c !== null))) runtimes.set(id, await this.channels.get(id));
    const passed = new Map<string, ClaimedMt[]>();
    for (const item of batch) {
      const runtime = item.message.channelId ? runtimes.get(item.message.channelId) ?? null : null;
      const early = this.decide(item, runtime, gate, now);
      if (early) void this.settle(early);
      else passed.set(item.message.channelId!, [...(passed.get(item.message.channelId!) ?? []), item]);
    }
    const sends: { item: ClaimedMt; adapter: SmsAdapter; runtime: ChannelRuntime }[] = [];
    for (const [channelId, items] of passed) {
      const runtime = runtimes.get(channelId)!;
      let allowed = items;
      const rate = channelRate(runtime.settings);
      if (rate) {
        const grant = await this.rates.take(channelId, rate.perSecond, rate.burst, items.length);
        allowed = items.slice(0, grant.granted);
        // Not a status change: tried again when a token is there.
        for (const item of items.slice(grant.granted)) void this.settle({ message: item.message, nextAttemptAt: now + grant.waitMs }, 'throttled');
      }
      let adapter: SmsAdapter | null;
      try {
        adapter = await this.channels.adapter(runtime);
      } catch (err) {
        for (const item of allowed) void this.settle({ message: item.message, status: 'failed', detail: `channel connection: ${(err as Error).message}`, note: true });
        continue;
      }
      if (!adapter) {
        for (const item of allowed) void this.settle({ message: item.message, status: 'sent', provider: 'simulator', detail: 'sent by the simulator provider' });
        continue;
      }
      this.laneLimits.set(channelId, laneLimit(adapter));
      for (const item of allowed) sends.push({ item, adapter, runtime });
    }
    await this.repo.markSending(sends.map((s) => s.item.message.id));
    this.live.statusChanges(sends.map((s) => ({ message: s.item.message, status: 'sending' })), Date.now());
    for (const s of sends) this.track(this.sendOne(s.item, s.adapter, s.runtime));
  }

  /** The gate's verdict when it stops the MT here; null when it may go on to the rate limit. */
  private decide(item: ClaimedMt, runtime: ChannelRuntime | null, gate: GateData, now: number): Outcome | null {
    const msg = item.message;
    // No channel (a REST start without one): nothing to send through; recorded as the simulator did.
    if (!msg.channelId) return { message: msg, status: 'sent', provider: 'simulator', detail: 'no channel: recorded by the simulator' };
    if (!runtime) return { message: msg, status: 'failed', detail: `channel ${msg.channelId} does not exist`, note: true };
    const state = msg.contactId ? gate.states.get(stateKey(msg.contactId, msg.channelId)) : undefined;
    const timeZone = msg.contactId && gate.timeZones.get(msg.contactId) ? gate.timeZones.get(msg.contactId)! : timezoneForNumber(msg.to);
    const decision = gatePolicy({
      now, settings: runtime.settings, compliance: msg.nodeId === COMPLIANCE_NODE, optedOut: state?.optedOut ?? false,
      timeZone, lastInboundAt: state?.lastInboundAt ?? null,
    });
    if (decision.action === 'suppress') return { message: msg, status: 'suppressed', detail: decision.reason, note: true };
    if (decision.action === 'defer') {
      // Already deferred once: only the time moves, no second note.
      if (msg.status === 'deferred') return { message: msg, nextAttemptAt: decision.until };
      return { message: msg, status: 'deferred', detail: `${decision.reason}: held until ${new Date(decision.until).toISOString()}`, nextAttemptAt: decision.until, note: true };
    }
    return null;
  }

  private async sendOne(item: ClaimedMt, adapter: SmsAdapter, runtime: ChannelRuntime): Promise<void> {
    const msg = item.message;
    let result;
    try {
      result = await this.lanes.run(runtime.channel.id, laneLimit(adapter), () => adapter.send({
        id: msg.id, from: msg.from || runtime.channel.address, to: msg.to, text: msg.text, dlrUrl: this.statusUrl(runtime.channel.id),
      }));
    } catch (err) {
      if (err instanceof LaneClosedError) {
        // Stopping before the call: the provider never saw it, so it goes back to the queue for another sender.
        await this.settle({ message: msg, status: 'queued', detail: 'handed back at shutdown before the provider call' }, 'handed_back');
        return;
      }
      const attempts = item.attempts + 1;
      if (err instanceof ProviderSendError && err.retryable && attempts < MAX_ATTEMPTS) {
        const backoff = err.retryAfterMs ?? Math.min(60_000, 500 * 2 ** item.attempts);
        await this.settle({ message: msg, status: 'queued', nextAttemptAt: Date.now() + backoff, detail: err.message }, 'retry');
        return;
      }
      await this.settle({ message: msg, status: 'failed', provider: adapter.provider, detail: (err as Error).message, note: true });
      return;
    }
    await this.settle({
      message: msg, status: 'sent', provider: adapter.provider, providerMessageId: result.providerMessageIds[0] ?? null,
      ...(result.segments ? { segments: result.segments } : {}), detail: `accepted by ${adapter.provider}`, providerIds: result.providerMessageIds, note: true,
    });
  }

  /** Hands an outcome to the group commit; the MT leaves this sender's hands once it is written. */
  private async settle(outcome: Outcome, label?: string): Promise<void> {
    try {
      await this.writer.push(outcome);
      this.metrics.count(outcome.message.channelId, label ?? outcome.status ?? 'rescheduled');
    } catch {
      // Logged by the writer; the lease runs out and the row is claimed again (or failed as unknown if it was `sending`).
    } finally {
      this.held.delete(outcome.message.id);
    }
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async housekeeping(): Promise<void> {
    try {
      const now = Date.now();
      if (this.held.size) await this.repo.extendLeases(this.owner, [...this.held], now + LEASE_MS);
      await this.repo.ensureStates();
      // Rows left `sending` by a dead process (their lease ran out): the provider may have accepted them.
      // A SQLite file has one process (embedded mode), so at start-up every other owner's row is such a row.
      const starting = !this.recovered && this.config.database.type === 'sqlite';
      const leaseCutoff = starting ? Number.MAX_SAFE_INTEGER : now;
      this.recovered = true;
      // Queued MTs a turn batch had leased to the dead process's sender go out now, not when the lease runs out.
      if (starting) await this.repo.releaseForeignLeases(this.owner);
      for (const msg of await this.repo.unknownOutcomes(leaseCutoff, this.owner)) {
        if (this.held.has(msg.id)) continue;
        void this.settle(await this.unknownOutcome(msg, now), 'unknown');
      }
    } catch (err) {
      this.logger.error(`outbox housekeeping failed: ${(err as Error).message}`);
    }
  }

  /**
   * An MT that was `sending` when its process died: sent again with the same id when the channel's
   * provider dedupes on it (it answers the copy as the message it may already have), so the
   * contact still gets exactly one reply; otherwise failed, never sent twice.
   */
  private async unknownOutcome(msg: MessageEntity, now: number): Promise<Outcome> {
    let adapter: SmsAdapter | null = null;
    try {
      const runtime = msg.channelId ? await this.channels.get(msg.channelId) : null;
      adapter = runtime ? await this.channels.adapter(runtime) : null;
    } catch {
      adapter = null; // no connection now: the safe answer is the same as for a provider that does not dedupe
    }
    if (adapter?.dedupesById) {
      return { message: msg, status: 'queued', nextAttemptAt: now, detail: 'outcome unknown after a restart during the provider call: sent again with the same id, which the provider treats as the same message', note: true };
    }
    return { message: msg, status: 'failed', detail: 'outcome unknown after a restart during the provider call: not resent, to avoid a duplicate', note: true };
  }

  private statusUrl(channelId: string): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/api/v1/inbound/${channelId}/status`;
  }
}

function laneLimit(adapter: SmsAdapter): number {
  const esme = (adapter as { esme?: { window?: { size?: number } } }).esme;
  return esme?.window?.size ?? HTTP_CONCURRENCY;
}
