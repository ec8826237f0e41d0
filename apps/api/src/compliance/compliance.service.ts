import { Injectable, Optional } from '@nestjs/common';
import { ConsentEventEntity, ContactChannelStateEntity, EventDeliveryEntity, newId, RunEntity, WaitingSessionEntity, type ContactEntity, writeTransaction, row } from '@moflow/data-access';
import { csvCell } from '../common/csv-cell';
import { EventFanout, optedOut } from '../events/event-fanout';
import { DataSource, type EntityManager } from 'typeorm';
import { cancelRun, channelKey } from '../pipeline/run-writer';

export interface ConsentChange {
  contact: ContactEntity;
  channelId: string;
  optedOut: boolean;
  source: 'keyword' | 'api' | 'flow';
  keyword?: string | null;
  messageId?: string | null;
  actorId?: string | null;
  at?: number;
}

/**
 * Opt-out state per (contact, channel) and the append-only consent log. Every state change writes
 * one log row in the same transaction; a repeated STOP changes nothing and logs nothing.
 */
@Injectable()
export class ComplianceService {
  constructor(private readonly ds: DataSource, @Optional() private readonly events?: EventFanout) {}

  async isOptedOut(contactId: string, channelId: string): Promise<boolean> {
    const state = await this.ds.getRepository(ContactChannelStateEntity).findOneBy({ contactId, channelId });
    return state?.optedOut ?? false;
  }

  async state(contactId: string, channelId: string): Promise<ContactChannelStateEntity | null> {
    return this.ds.getRepository(ContactChannelStateEntity).findOneBy({ contactId, channelId });
  }

  /** Returns true when the state changed (and a consent row was written). */
  async change(c: ConsentChange): Promise<boolean> {
    return (await this.changeAndCancel(c)).changed;
  }

  /**
   * An opt-out from outside a turn (an operator, the API): as a STOP does, it also cancels the
   * contact's waiting run on that channel, in the same transaction, so the flow sends nothing more.
   */
  async changeAndCancel(c: ConsentChange, reason = 'the contact was opted out'): Promise<{ changed: boolean; cancelledRunId: string | null }> {
    const at = c.at ?? Date.now();
    return writeTransaction(this.ds, async (m) => {
      const repo = m.getRepository(ContactChannelStateEntity);
      const current = await repo.findOneBy({ contactId: c.contact.id, channelId: c.channelId });
      if ((current?.optedOut ?? false) === c.optedOut) return { changed: false, cancelledRunId: null };
      let cancelledRunId: string | null = null;
      if (c.optedOut) {
        const session = await m.getRepository(WaitingSessionEntity).findOneBy({ contactId: c.contact.id, channelKey: channelKey(c.channelId) });
        const run = session ? await m.getRepository(RunEntity).findOneBy({ id: session.runId }) : null;
        if (run?.status === 'waiting') {
          await cancelRun(m, run, reason);
          cancelledRunId = run.id;
        }
      }
      await repo.save({ contactId: c.contact.id, channelId: c.channelId, optedOut: c.optedOut, optChangedAt: at, lastInboundAt: current?.lastInboundAt ?? null });
      await m.getRepository(ConsentEventEntity).insert(row<ConsentEventEntity>({
        id: newId(), contactId: c.contact.id, phone: c.contact.phone, channelId: c.channelId, action: c.optedOut ? 'opt_out' : 'opt_in',
        source: c.source, keyword: c.keyword ?? null, messageId: c.messageId ?? null, actorId: c.actorId ?? null, at,
      }));
      const events = c.optedOut && this.events?.anyActive
        ? this.events.deliveries([optedOut({ contactId: c.contact.id, phone: c.contact.phone, channelId: c.channelId, source: c.source, keyword: c.keyword ?? null, at })])
        : [];
      if (events.length) await m.getRepository(EventDeliveryEntity).insert(events);
      return { changed: true, cancelledRunId };
    });
  }

  /** Remembers when the contact last wrote on a channel: replies within the window skip quiet hours. */
  async touchInbound(contactId: string, channelId: string, at: number, m?: EntityManager): Promise<void> {
    const run = async (em: EntityManager) => {
      const repo = em.getRepository(ContactChannelStateEntity);
      const current = await repo.findOneBy({ contactId, channelId });
      if (current) await repo.update({ contactId, channelId }, { lastInboundAt: Math.max(at, current.lastInboundAt ?? 0) });
      else await repo.insert({ contactId, channelId, optedOut: false, optChangedAt: null, lastInboundAt: at });
    };
    if (m) await run(m);
    else await writeTransaction(this.ds, run);
  }

  async log(filter: { contactId?: string; channelId?: string; limit: number }): Promise<ConsentEventEntity[]> {
    return this.ds.getRepository(ConsentEventEntity).find({
      where: { ...(filter.contactId ? { contactId: filter.contactId } : {}), ...(filter.channelId ? { channelId: filter.channelId } : {}) },
      order: { at: 'ASC', id: 'ASC' }, take: filter.limit,
    });
  }
}

const CSV_COLUMNS = ['at', 'action', 'channelId', 'contactId', 'phone', 'source', 'keyword', 'messageId', 'actorId'] as const;

export function consentCsv(rows: readonly ConsentEventEntity[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(CSV_COLUMNS.map((k) => csvCell(k === 'at' ? new Date(r.at).toISOString() : r[k])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
