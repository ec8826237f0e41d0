import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ContactEntity, MessageEntity, OutboxProviderIdEntity, OutboxStateEntity, newId } from '@moflow/data-access';
import { ProviderSendError } from '@moflow/providers';
import { analyzeText, timezoneForNumber } from '@moflow/sms';
import { Brackets, DataSource, In, IsNull, LessThan, Or } from 'typeorm';
import { ChannelRegistry } from '../channels/channel-registry.service';
import { ComplianceService } from '../compliance/compliance.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row } from '../runs/typeorm-rows';
import { OutboxGate } from './outbox.gate';
import { COMPLIANCE_NODE, type OutboxSenderPort } from './outbox.tokens';
import { insertRunStep, withSeqRetry } from './run-step-note';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 6;
const POLL_MS = 250;

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
 * Drains the outbox: queued → sending → sent (→ delivered/undelivered by DLR), or suppressed,
 * deferred, failed. A row is claimed with a lease before anything happens, and marked `sending`
 * before the provider call: a crash after that call leaves it `sending`, and such rows are failed
 * as "outcome unknown" rather than sent twice. Only errors where the provider did not accept the
 * message (ProviderSendError.retryable) are retried, with exponential backoff or Retry-After.
 */
@Injectable()
export class OutboxSender implements OutboxSenderPort, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxSender');
  private readonly owner = randomUUID();
  private readonly gate = new OutboxGate();
  private readonly working = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly channels: ChannelRegistry,
    private readonly compliance: ComplianceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    let ticks = 0;
    this.timer = setInterval(() => {
      // Every 2 s: rows another process left `sending` when it died (their lease ran out).
      if (ticks++ % 8 === 0) void this.recoverUnknown();
      void this.poll();
    }, POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** RunService hands over a burst's committed outbox rows. */
  async send(messages: readonly MessageEntity[]): Promise<void> {
    if (messages.length === 0) return;
    await Promise.all(messages.map((m) => this.process(m.id)));
  }

  /** Queues an MT that no flow produced (compliance answer, ops reply from a ticket) and sends it. */
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
      await m.getRepository(OutboxStateEntity).insert(row<OutboxStateEntity>(newState(message.id, mt.inReplyTo ?? null)));
    });
    await this.process(message.id);
    return (await this.ds.getRepository(MessageEntity).findOneBy({ id: message.id })) ?? message;
  }

  /** One pass over due rows (also what the timer does). Exposed for tests and shutdown. */
  async poll(now = Date.now()): Promise<number> {
    if (this.polling || this.stopped) return 0;
    this.polling = true;
    try {
      const due = await this.ds.getRepository(MessageEntity).createQueryBuilder('m')
        .leftJoin(OutboxStateEntity, 's', 's.message_id = m.id')
        .select('m.id', 'id')
        .where('m.direction = :out', { out: 'out' })
        .andWhere('m.status IN (:...statuses)', { statuses: ['queued', 'deferred'] })
        .andWhere(new Brackets((w) => w.where('s.next_attempt_at IS NULL').orWhere('s.next_attempt_at <= :now', { now })))
        .andWhere(new Brackets((w) => w.where('s.lease_until IS NULL').orWhere('s.lease_until < :now', { now })))
        .orderBy('m.created_at', 'ASC').limit(100).getRawMany<{ id: string }>();
      const ids = due.map((d) => d.id).filter((id) => !this.working.has(id));
      if (ids.length === 0) return 0;
      await Promise.all(ids.map((id) => this.process(id)));
      return ids.length;
    } catch (err) {
      this.logger.error(`outbox poll failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.polling = false;
    }
  }

  /** Creates the bookkeeping row if the run writer did not, and takes the lease, in one transaction. */
  private async claim(id: string, now: number): Promise<boolean> {
    const res = await writeTransaction(this.ds, async (m) => {
      await m.createQueryBuilder().insert().into(OutboxStateEntity).values(row<OutboxStateEntity>(newState(id, null))).orIgnore().execute();
      return m.getRepository(OutboxStateEntity).update(
        { messageId: id, leaseUntil: Or(IsNull(), LessThan(now)) },
        { leaseOwner: this.owner, leaseUntil: now + LEASE_MS },
      );
    });
    return (res.affected ?? 0) === 1;
  }

  /** Every path of attempt() ends with one write that also drops the lease; this is for the exceptions. */
  private async release(id: string): Promise<void> {
    await writeTransaction(this.ds, (m) => m.getRepository(OutboxStateEntity).update({ messageId: id, leaseOwner: this.owner }, { leaseOwner: null, leaseUntil: null }));
  }

  private async process(id: string): Promise<void> {
    if (this.working.has(id) || this.stopped) return;
    this.working.add(id);
    try {
      const now = Date.now();
      if (!(await this.claim(id, now))) return;
      try {
        await this.attempt(id, now);
      } catch (err) {
        await this.release(id);
        throw err;
      }
    } catch (err) {
      this.logger.error(`sending message ${id} failed: ${(err as Error).message}`);
    } finally {
      this.working.delete(id);
    }
  }

  private async attempt(id: string, now: number): Promise<void> {
    const msg = await this.ds.getRepository(MessageEntity).findOneBy({ id });
    const state = await this.ds.getRepository(OutboxStateEntity).findOneBy({ messageId: id });
    if (!msg || !state || (msg.status !== 'queued' && msg.status !== 'deferred') || state.nextAttemptAt > now) return this.release(id);
    if (!msg.channelId) {
      // No channel (a REST start without one): nothing to send through; recorded as the simulator did.
      await this.finish(msg, 'sent', { provider: 'simulator' }, 'no channel: recorded by the simulator', false);
      return;
    }
    const runtime = await this.channels.get(msg.channelId);
    if (!runtime) {
      await this.finish(msg, 'failed', {}, `channel ${msg.channelId} does not exist`);
      return;
    }
    const contact = msg.contactId ? await this.ds.getRepository(ContactEntity).findOneBy({ id: msg.contactId }) : null;
    const channelState = contact ? await this.compliance.state(contact.id, msg.channelId) : null;
    const decision = this.gate.decide({
      now, settings: runtime.settings, compliance: msg.nodeId === COMPLIANCE_NODE, optedOut: channelState?.optedOut ?? false,
      timeZone: contact?.timezone ?? timezoneForNumber(msg.to), lastInboundAt: channelState?.lastInboundAt ?? null,
    });
    if (decision.action === 'suppress') return this.finish(msg, 'suppressed', {}, decision.reason);
    if (decision.action === 'throttle') {
      await writeTransaction(this.ds, (m) => m.getRepository(OutboxStateEntity).update({ messageId: id }, { nextAttemptAt: decision.until, ...UNLEASED }));
      return;
    }
    if (decision.action === 'defer') {
      if (msg.status === 'deferred') {
        await writeTransaction(this.ds, (m) => m.getRepository(OutboxStateEntity).update({ messageId: id }, { nextAttemptAt: decision.until, ...UNLEASED }));
        return;
      }
      return this.finish(msg, 'deferred', {}, `${decision.reason}: held until ${new Date(decision.until).toISOString()}`, true, decision.until);
    }
    const adapter = await this.channels.adapter(runtime);
    if (!adapter) return this.finish(msg, 'sent', { provider: 'simulator' }, 'sent by the simulator provider', false);

    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(MessageEntity).update({ id }, { status: 'sending', updatedAt: Date.now() });
      await m.getRepository(OutboxStateEntity).update({ messageId: id }, { attempts: state.attempts + 1 });
    });
    try {
      const result = await adapter.send({ id, from: msg.from || runtime.channel.address, to: msg.to, text: msg.text, dlrUrl: this.statusUrl(msg.channelId) });
      await this.finish(msg, 'sent', {
        provider: adapter.provider, providerMessageId: result.providerMessageIds[0] ?? null, ...(result.segments ? { segments: result.segments } : {}),
      }, `accepted by ${adapter.provider}`, true, undefined, result.providerMessageIds);
    } catch (err) {
      const retryable = err instanceof ProviderSendError && err.retryable && state.attempts + 1 < MAX_ATTEMPTS;
      if (retryable) {
        const backoff = (err as ProviderSendError).retryAfterMs ?? Math.min(60_000, 500 * 2 ** state.attempts);
        await writeTransaction(this.ds, async (m) => {
          await m.getRepository(MessageEntity).update({ id }, { status: 'queued', updatedAt: Date.now() });
          await m.getRepository(OutboxStateEntity).update({ messageId: id }, { nextAttemptAt: Date.now() + backoff, detail: (err as Error).message, ...UNLEASED });
        });
        return;
      }
      await this.finish(msg, 'failed', { provider: adapter.provider }, (err as Error).message);
    }
  }

  /** `note`: also record the outcome in the run log (not for the simulator, which never left the machine). */
  private async finish(msg: MessageEntity, status: string, patch: Partial<MessageEntity>, detail: string, note = true, nextAttemptAt?: number,
    providerIds?: string[]): Promise<void> {
    // Status, bookkeeping, provider ids and the run-log note commit together: the log never lags the status.
    await withSeqRetry(() => writeTransaction(this.ds, async (m) => {
      await m.getRepository(MessageEntity).update({ id: msg.id }, { ...patch, status, updatedAt: Date.now() });
      await m.getRepository(OutboxStateEntity).update({ messageId: msg.id }, row<OutboxStateEntity>({
        detail, ...UNLEASED, ...(nextAttemptAt !== undefined ? { nextAttemptAt } : {}), ...(providerIds ? { providerIds } : {}),
      }));
      if (providerIds?.length && msg.channelId) {
        await m.createQueryBuilder().insert().into(OutboxProviderIdEntity)
          .values([...new Set(providerIds)].map((providerMessageId) => ({ channelId: msg.channelId!, providerMessageId, messageId: msg.id }))).orIgnore().execute();
      }
      if (note && msg.runId) {
        await insertRunStep(m, msg.runId, { type: 'message_status', nodeId: msg.nodeId, reason: detail, data: { messageId: msg.id, status } });
      }
    }));
  }

  /** Rows left `sending` by a crash: the provider may have accepted them, so they are not resent. */
  private async recoverUnknown(): Promise<void> {
    try {
      const stuck = await this.ds.getRepository(OutboxStateEntity).findBy({ leaseUntil: LessThan(Date.now()) });
      const rows = stuck.length ? await this.ds.getRepository(MessageEntity).findBy({ id: In(stuck.map((s) => s.messageId)), status: 'sending' }) : [];
      for (const msg of rows) await this.finish(msg, 'failed', {}, 'outcome unknown after a restart during the provider call: not resent, to avoid a duplicate');
    } catch (err) {
      this.logger.error(`outbox recovery failed: ${(err as Error).message}`);
    }
  }

  private statusUrl(channelId: string): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/api/v1/inbound/${channelId}/status`;
  }
}

const UNLEASED = { leaseOwner: null, leaseUntil: null };

function newState(messageId: string, inReplyTo: string | null): OutboxStateEntity {
  return { messageId, nextAttemptAt: 0, attempts: 0, leaseOwner: null, leaseUntil: null, detail: null, providerIds: null, inReplyTo };
}
