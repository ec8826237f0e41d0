import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventDeliveryEntity, EventSubscriptionEntity, newId, writeTransaction } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { SecretBox } from '../config/secret-box.service';
import { DomainException, problem } from '../errors/domain.exception';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { ErrorCode } from '../errors/error-codes';
import type { CreateEventSubscriptionDto, EventDeliveryResponse, EventSubscriptionResponse, UpdateEventSubscriptionDto } from './event-subscriptions.controller';
import { EventFanout } from './event-fanout';
import { EventSender } from './event-sender';

const iso = (ms: number) => new Date(ms).toISOString();

@Injectable()
export class EventSubscriptionsService {
  constructor(
    private readonly ds: DataSource, private readonly box: SecretBox, private readonly fanout: EventFanout, private readonly sender: EventSender,
    private readonly allowlist: LookupAllowlistService,
  ) {}

  /** An admin-set URL must not point at an internal service: the lookups' address policy and allow-list. */
  private async refuseInternalUrl(url: string): Promise<void> {
    const reason = await this.allowlist.urlProblem(url);
    if (reason) throw new DomainException(ErrorCode.VALIDATION_FAILED, `url: ${reason}`, { problems: [problem('url', reason)] });
  }

  async list(): Promise<EventSubscriptionResponse[]> {
    const subs = await this.ds.getRepository(EventSubscriptionEntity).find({ order: { createdAt: 'ASC' } });
    const counts = await this.counts();
    return subs.map((s) => this.map(s, counts));
  }

  async get(id: string): Promise<EventSubscriptionResponse> {
    return this.map(await this.load(id), await this.counts(id));
  }

  async create(dto: CreateEventSubscriptionDto): Promise<EventSubscriptionResponse> {
    await this.refuseInternalUrl(dto.url);
    const now = Date.now();
    const row: EventSubscriptionEntity = {
      id: newId(), name: dto.name.trim(), url: dto.url, secretEncrypted: this.box.seal(dto.secret), events: dto.events, active: dto.active ?? true, createdAt: now, updatedAt: now,
    };
    await writeTransaction(this.ds, (m) => m.getRepository(EventSubscriptionEntity).insert(row));
    await this.fanout.refresh();
    return this.map(row, new Map());
  }

  async update(id: string, dto: UpdateEventSubscriptionDto): Promise<EventSubscriptionResponse> {
    const row = await this.load(id);
    if (dto.url !== undefined) await this.refuseInternalUrl(dto.url);
    const next: EventSubscriptionEntity = {
      ...row, ...(dto.name !== undefined ? { name: dto.name.trim() } : {}), ...(dto.url !== undefined ? { url: dto.url } : {}),
      ...(dto.events !== undefined ? { events: dto.events } : {}), ...(dto.active !== undefined ? { active: dto.active } : {}),
      ...(dto.secret !== undefined ? { secretEncrypted: this.box.seal(dto.secret) } : {}), updatedAt: Date.now(),
    };
    await writeTransaction(this.ds, (m) => m.getRepository(EventSubscriptionEntity).save(next));
    await this.fanout.refresh();
    return this.map(next, await this.counts(id));
  }

  /** Deletes the subscription and its delivery log; pending events are dropped with it. */
  async remove(id: string): Promise<void> {
    await this.load(id);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(EventDeliveryEntity).delete({ subscriptionId: id });
      await m.getRepository(EventSubscriptionEntity).delete({ id });
    });
    await this.fanout.refresh();
  }

  async deliveries(id: string, status: string | undefined, limit: number): Promise<EventDeliveryResponse[]> {
    await this.load(id);
    const rows = await this.ds.getRepository(EventDeliveryEntity).find({
      where: { subscriptionId: id, ...(status ? { status: status as EventDeliveryEntity['status'] } : {}) }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit,
    });
    return rows.map((d) => ({
      id: d.id, eventId: d.eventId, eventType: d.eventType, status: d.status, attempts: d.attempts, nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
      lastStatus: d.lastStatus, lastError: d.lastError, payload: JSON.parse(d.body) as Record<string, unknown>, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
    }));
  }

  /** Queues a `test` event for this subscription alone, through the same sender. */
  async test(id: string): Promise<{ deliveryId: string; eventId: string }> {
    const sub = await this.load(id);
    const now = Date.now();
    const eventId = randomUUID();
    const delivery: EventDeliveryEntity = {
      id: newId(), subscriptionId: sub.id, eventId, eventType: 'test', status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, lastStatus: null,
      lastError: null, createdAt: now, updatedAt: now,
      body: JSON.stringify({ id: eventId, type: 'test', createdAt: iso(now), data: { subscriptionId: sub.id, message: 'A test event from Moflow: your endpoint and signature check work.' } }),
    };
    await writeTransaction(this.ds, (m) => m.getRepository(EventDeliveryEntity).insert(delivery));
    this.sender.wake();
    return { deliveryId: delivery.id, eventId };
  }

  private async load(id: string): Promise<EventSubscriptionEntity> {
    const row = await this.ds.getRepository(EventSubscriptionEntity).findOneBy({ id });
    if (!row) throw new DomainException(ErrorCode.EVENT_SUBSCRIPTION_NOT_FOUND);
    return row;
  }

  private async counts(id?: string): Promise<Map<string, Record<string, number>>> {
    const qb = this.ds.getRepository(EventDeliveryEntity).createQueryBuilder('d').select('d.subscription_id', 'sub').addSelect('d.status', 'status')
      .addSelect('COUNT(*)', 'n').groupBy('d.subscription_id').addGroupBy('d.status');
    if (id) qb.where('d.subscription_id = :id', { id });
    const out = new Map<string, Record<string, number>>();
    for (const r of await qb.getRawMany<{ sub: string; status: string; n: string | number }>()) out.set(r.sub, { ...(out.get(r.sub) ?? {}), [r.status]: Number(r.n) });
    return out;
  }

  private map(s: EventSubscriptionEntity, counts: Map<string, Record<string, number>>): EventSubscriptionResponse {
    const c = counts.get(s.id) ?? {};
    return {
      id: s.id, name: s.name, url: s.url, events: s.events, active: s.active,
      deliveries: { pending: c['pending'] ?? 0, delivered: c['delivered'] ?? 0, failed: c['failed'] ?? 0 }, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
    };
  }
}
