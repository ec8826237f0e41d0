import { Brackets, type DataSource } from 'typeorm';
import { ConsentEventEntity } from '../messaging/consent-event.entity';
import { ContactEntity } from '../runs/contact.entity';
import { RunEntity } from '../runs/run.entity';
import { keysetPage, type Cursor, type KeysetPage } from './keyset';

export interface ContactFilter {
  /** Exact E.164 (the caller normalises what a person typed). */
  phone?: string;
  /** Part of a name, or digits of a number. */
  q?: string;
  after: Cursor | null;
  limit: number;
}

/** Contacts, their consent events and runs, as the console reads them: newest first, keyset pages. */
export class ContactRepository {
  constructor(private readonly ds: DataSource) {}

  async list(f: ContactFilter): Promise<KeysetPage<ContactEntity>> {
    const qb = this.ds.getRepository(ContactEntity).createQueryBuilder('c');
    if (f.phone) qb.andWhere('c.phone = :phone', { phone: f.phone });
    const q = f.q?.trim();
    if (q) {
      const digits = q.replace(/\D/g, '');
      qb.andWhere(new Brackets((w) => {
        w.where("LOWER(c.name) LIKE :name ESCAPE '\\'", { name: `%${escapeLike(q.toLowerCase())}%` });
        // A number typed with spaces or dashes still matches the digits stored in E.164.
        if (digits.length >= 3) w.orWhere('c.phone LIKE :digits', { digits: `%${digits}%` });
      }));
    }
    return keysetPage(qb, 'c', 'created_at', (c) => c.createdAt, f.after, f.limit);
  }

  async consent(f: { contactId?: string; channelId?: string; action?: string; after: Cursor | null; limit: number }): Promise<KeysetPage<ConsentEventEntity>> {
    const qb = this.ds.getRepository(ConsentEventEntity).createQueryBuilder('e');
    if (f.contactId) qb.andWhere('e.contact_id = :contactId', { contactId: f.contactId });
    if (f.channelId) qb.andWhere('e.channel_id = :channelId', { channelId: f.channelId });
    if (f.action) qb.andWhere('e.action = :action', { action: f.action });
    return keysetPage(qb, 'e', 'at', (e) => e.at, f.after, f.limit);
  }

  /** The contact's newest runs (IDX_runs_contact_started). */
  runs(contactId: string, limit: number): Promise<RunEntity[]> {
    return this.ds.getRepository(RunEntity).find({
      where: { contactId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit,
      select: { id: true, flowId: true, flowName: true, flowVersion: true, status: true, channelId: true, error: true, startedAt: true, endedAt: true, currentNodeId: true },
    });
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
