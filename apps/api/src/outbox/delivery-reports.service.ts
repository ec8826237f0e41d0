import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { deliveryReportsRepository as repo, EventDeliveryEntity, insertRows, newId, type DeliveryPartEntity, type HeldReceiptEntity, type ReportTarget, type RunStepNoteRow, writeTransaction } from '@moflow/data-access';
import { receiptIdCandidates, type DeliveryReport, type ReceiptIdMode } from '@moflow/sms';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from '../channels/channel-registry.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { EventFanout, statusEvent } from '../events/event-fanout';
import { MetricsService } from '../metrics/metrics.service';
import { withSeqRetry } from './run-step-note';
import { nextMessageStatus, nextPartStatus, statusFromParts } from './delivery-status';

/** applied: changed a part or message; duplicate: known, nothing new; held: no message yet, kept; unmatched: still none. */
export type ReportOutcome = 'applied' | 'duplicate' | 'held' | 'unmatched';
export type ReportSource = 'webhook' | 'smpp';

interface Item { channelId: string; report: DeliveryReport; source: ReportSource; heldId?: string; receivedAt?: number }
interface Pending extends Item { resolve: (o: ReportOutcome) => void; reject: (err: unknown) => void }

const MAX_BATCH = 500;
const SWEEP_MS = 1_000;

/**
 * Applies provider delivery reports in group commits: every report that arrives while a batch is
 * being written joins the next one, and its caller (webhook answer, deliver_sm_resp) resolves only
 * after the commit that holds it. A batch costs one lookup of all its ids and one statement per kind
 * of write. Each part of a multipart MT keeps its own status (delivery_parts) and the message status
 * is derived from them (delivery-status.ts). A report for an id no MT carries yet is held durably
 * and retried until the id arrives or the hold window ends (then logged and counted as unmatched).
 */
@Injectable()
export class DeliveryReportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryReports');
  private readonly queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private readonly counter: Counter<'outcome'>;

  constructor(
    private readonly ds: DataSource,
    private readonly registry: ChannelRegistry,
    metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly live: ConsoleEventsBus,
    @Optional() private readonly events?: EventFanout,
  ) {
    this.counter = new Counter({
      name: 'moflow_delivery_reports_total',
      help: 'Delivery reports by outcome: applied, duplicate, held (id not known yet), unmatched (no message within the hold window: dropped)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    const source = this.ds;
    new Gauge({
      name: 'moflow_delivery_reports_held', help: 'Delivery reports held because no message carries their id yet', registers: [metrics.registry],
      async collect() {
        this.set(await repo.countHeld(source.manager));
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweepHeld().catch((err: Error) => this.logger.error(`held receipts sweep: ${err.message}`)), SWEEP_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.flushing;
  }

  /** Resolves once the batch holding these reports is committed (applied or held). */
  submit(channelId: string, reports: DeliveryReport[], source: ReportSource): Promise<ReportOutcome[]> {
    return this.enqueue(reports.map((report) => ({ channelId, report, source })));
  }

  /** Everything goes through one queue (held retries too): one writer per process, batches never race each other. */
  private enqueue(items: Item[]): Promise<ReportOutcome[]> {
    const done = Promise.all(items.map((item) => new Promise<ReportOutcome>((resolve, reject) => this.queue.push({ ...item, resolve, reject }))));
    this.kick();
    return done;
  }

  /**
   * Retries held reports against the ids known now; drops (logged, counted) those past the hold
   * window. Runs every second; the sender writes provider ids without calling here, so this is
   * also what applies a receipt that overtook submit_sm_resp.
   */
  async sweepHeld(now = Date.now()): Promise<{ applied: number; dropped: number }> {
    if (this.sweeping) return { applied: 0, dropped: 0 };
    this.sweeping = true;
    try {
      const held = await repo.held(this.ds.manager, MAX_BATCH);
      if (!held.length) return { applied: 0, dropped: 0 };
      const items: Item[] = held.map((h) => ({ channelId: h.channelId, report: h.report as DeliveryReport, source: h.source as ReportSource, heldId: h.id, receivedAt: h.receivedAt }));
      const outcomes = await this.enqueue(items);
      const expired = items.filter((it, i) => outcomes[i] === 'unmatched' && (it.receivedAt ?? now) <= now - this.config.deliveryReportHoldMs);
      if (expired.length) {
        await writeTransaction(this.ds, (m) => repo.release(m, expired.map((it) => it.heldId!)));
        for (const it of expired) {
          this.logger.warn(`delivery report dropped: channel ${it.channelId} (${it.source}) reported ${it.report.providerStatus} for provider message id `
            + `"${it.report.providerMessageId}", which no message Moflow sent carries (held ${Math.round((now - (it.receivedAt ?? now)) / 1000)} s)`);
        }
        this.counter.inc({ outcome: 'unmatched' }, expired.length);
      }
      return { applied: outcomes.filter((o) => o === 'applied' || o === 'duplicate').length, dropped: expired.length };
    } finally {
      this.sweeping = false;
    }
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // One turn of the event loop lets reports arriving together share the commit.
    await new Promise((resolve) => setImmediate(resolve));
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      const outcomes = await this.applyBatch(batch, Date.now());
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  private async applyBatch(items: Item[], now: number): Promise<ReportOutcome[]> {
    const modes = new Map<string, ReceiptIdMode>();
    for (const channelId of new Set(items.map((it) => it.channelId))) modes.set(channelId, await this.idMode(channelId));
    const candidates = items.map((it) => receiptIdCandidates(it.report.providerMessageId, modes.get(it.channelId)));
    const { outcomes, changes } = await withSeqRetry(() => writeTransaction(this.ds, async (m) => {
      const targets = await repo.lookup(m, [...modes.keys()], [...new Set(candidates.flat())]);
      const plan = planWrites(items, candidates, targets, now);
      await repo.upsertParts(m, [...plan.parts.values()]);
      await repo.setOutcomes(m, plan.messages, now);
      await repo.appendSteps(m, plan.steps);
      await repo.hold(m, plan.hold);
      await repo.release(m, plan.release);
      if (this.events?.anyActive && plan.statusChanges.length) {
        const events = this.events.deliveries(plan.statusChanges.map((c) => statusEvent(c, c.status, c, now)));
        if (events.length) await insertRows(m, EventDeliveryEntity, events);
      }
      return { outcomes: plan.outcomes, changes: plan.statusChanges };
    }));
    this.live.statusChanges(changes.map((c) => ({ message: c, status: c.status, providerMessageId: c.providerMessageId, detail: c.detail })), now);
    for (const o of outcomes) if (o !== 'unmatched') this.counter.inc({ outcome: o });
    items.forEach((it, i) => {
      if (outcomes[i] === 'held') this.logger.log(`delivery report held: channel ${it.channelId} (${it.source}) id "${it.report.providerMessageId}" matches no message yet`);
    });
    return outcomes;
  }

  /** SMPP channels choose how receipt ids relate to submit_sm_resp ids; HTTP providers echo the id as given. */
  private async idMode(channelId: string): Promise<ReceiptIdMode> {
    const runtime = await this.registry.get(channelId);
    if (runtime?.channel.provider !== 'smpp') return 'same';
    const mode = runtime.provider['receiptIds'];
    return typeof mode === 'string' ? (mode as ReceiptIdMode) : 'auto';
  }
}

interface Plan {
  outcomes: ReportOutcome[];
  parts: Map<string, DeliveryPartEntity>;
  messages: Map<string, { status?: string; detail: string }>;
  steps: RunStepNoteRow[];
  hold: HeldReceiptEntity[];
  release: string[];
  /** Messages whose status this batch changed (delivered, undelivered, failed): message.status events. */
  statusChanges: Array<{ id: string; channelId: string; runId: string | null; status: string; providerMessageId: string; detail: string }>;
}

/** Decides every write of a batch in memory, in arrival order, so later receipts see earlier ones. */
function planWrites(items: Item[], candidates: string[][], targets: ReportTarget[], now: number): Plan {
  const byKey = new Map(targets.map((t) => [`${t.channelId}\u0000${t.providerId}`, t]));
  const plan: Plan = { outcomes: [], parts: new Map(), messages: new Map(), steps: [], hold: [], release: [], statusChanges: [] };
  items.forEach((it, i) => {
    const target = candidates[i]!.map((id) => byKey.get(`${it.channelId}\u0000${id}`)).find((t) => t !== undefined);
    if (!target) {
      if (it.heldId) {
        plan.outcomes.push('unmatched');
        return;
      }
      const { providerMessageId, status, providerStatus, errorCode } = it.report;
      plan.hold.push({ id: newId(), channelId: it.channelId, providerMessageId, report: { providerMessageId, status, providerStatus, ...(errorCode ? { errorCode } : {}) },
        source: it.source, receivedAt: now });
      plan.outcomes.push('held');
      return;
    }
    if (it.heldId) plan.release.push(it.heldId);
    plan.outcomes.push(applyToTarget(plan, target, it.report, now) ? 'applied' : 'duplicate');
  });
  return plan;
}

function applyToTarget(plan: Plan, target: ReportTarget, report: DeliveryReport, now: number): boolean {
  const msg = target.message;
  const total = msg.providerIds.length;
  const part = Math.max(1, msg.providerIds.indexOf(target.providerId) + 1);
  const partStatus = nextPartStatus(msg.parts.get(part), report.status);
  if (!partStatus) return false;
  msg.parts.set(part, partStatus);
  plan.parts.set(`${msg.id}:${part}`, {
    messageId: msg.id, part, total, providerMessageId: target.providerId, status: partStatus, providerStatus: report.providerStatus,
    errorCode: report.errorCode ?? null, updatedAt: now,
  });
  const status = nextMessageStatus(msg.status, statusFromParts(msg.parts, total));
  if (status) msg.status = status;
  const detail = `${report.providerStatus}${report.errorCode ? ` (error ${report.errorCode})` : ''}`;
  const partNote = total > 1 ? `part ${part}/${total}: ` : '';
  const previous = plan.messages.get(msg.id);
  plan.messages.set(msg.id, { status: status ?? previous?.status, detail: `${partNote}${detail}` });
  if (status) plan.statusChanges.push({ id: msg.id, channelId: target.channelId, runId: msg.runId, status, providerMessageId: target.providerId, detail: `${partNote}${detail}` });
  if (msg.runId) {
    plan.steps.push({
      runId: msg.runId, type: 'delivery_report', nodeId: msg.nodeId, at: now,
      reason: `${partNote}provider reports ${detail}${total > 1 && status ? `; message ${status}` : ''}`,
      data: {
        messageId: msg.id, status: msg.status, providerStatus: report.providerStatus, providerMessageId: target.providerId,
        ...(total > 1 ? { part, parts: total, partStatus } : {}), ...(report.errorCode ? { errorCode: report.errorCode } : {}),
      },
    });
  }
  return true;
}
