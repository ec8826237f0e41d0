import { In, type DataSource } from 'typeorm';
import { InboxMessageEntity } from '../messaging/inbox-message.entity';
import { OutboxStateEntity } from '../messaging/outbox-state.entity';
import { MessageEntity } from '../runs/message.entity';
import { keysetPage, type Cursor, type KeysetPage } from './keyset';

export interface MessageFilter {
  direction?: 'in' | 'out';
  status?: string;
  channelId?: string;
  contactId?: string;
  runId?: string;
  /** The routing rule that took an MO (stored as node_id `$rule:<rule>`). */
  rule?: string;
  after: Cursor | null;
  limit: number;
}

/**
 * A message row, with the provider's id of an MO read from its inbox row when the message row lacks
 * it, and for an MT the sender's last word (why it was suppressed, deferred or failed) and the
 * provider ids of its parts.
 */
export interface MessageRow extends MessageEntity { inboxProviderMessageId: string | null; detail: string | null; partIds: string[] | null }

/** The messages log: newest first, keyset pages, each filter served by an index ending in (created_at, id). */
export class MessageRepository {
  constructor(private readonly ds: DataSource) {}

  async list(f: MessageFilter): Promise<KeysetPage<MessageRow>> {
    const qb = this.ds.getRepository(MessageEntity).createQueryBuilder('m');
    if (f.direction) qb.andWhere('m.direction = :direction', { direction: f.direction });
    if (f.status) qb.andWhere('m.status = :status', { status: f.status });
    if (f.channelId) qb.andWhere('m.channel_id = :channelId', { channelId: f.channelId });
    if (f.contactId) qb.andWhere('m.contact_id = :contactId', { contactId: f.contactId });
    if (f.runId) qb.andWhere('m.run_id = :runId', { runId: f.runId });
    if (f.rule) qb.andWhere('m.node_id = :rule', { rule: `$rule:${f.rule}` });
    const page = await keysetPage(qb, 'm', 'created_at', (m) => m.createdAt, f.after, f.limit);
    return { rows: await this.withDetails(page.rows), next: page.next };
  }

  async byIds(ids: readonly string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.withDetails(await this.ds.getRepository(MessageEntity).findBy({ id: In([...ids]) }));
  }

  /**
   * Two batched reads for a page: the inbox rows of MOs (the provider id when the message row lacks
   * it, and the warning the inbox stored: addressed to another number, incomplete parts), the
   * outbox state of MTs.
   */
  private async withDetails(rows: MessageEntity[]): Promise<MessageRow[]> {
    const missing = rows.filter((m) => m.direction === 'in').map((m) => m.id);
    const outs = rows.filter((m) => m.direction === 'out').map((m) => m.id);
    const [inbox, outbox] = await Promise.all([
      missing.length === 0 ? [] : this.ds.getRepository(InboxMessageEntity).find({ where: { id: In(missing) }, select: { id: true, providerMessageId: true, error: true } }),
      outs.length === 0 ? [] : this.ds.getRepository(OutboxStateEntity).find({ where: { messageId: In(outs) }, select: { messageId: true, detail: true, providerIds: true } }),
    ]);
    const ids = new Map(inbox.map((i) => [i.id, i]));
    const states = new Map(outbox.map((o) => [o.messageId, o]));
    return rows.map((m) => ({
      ...m, inboxProviderMessageId: ids.get(m.id)?.providerMessageId ?? null, detail: states.get(m.id)?.detail ?? ids.get(m.id)?.error ?? null,
      partIds: states.get(m.id)?.providerIds ?? null,
    }));
  }
}
