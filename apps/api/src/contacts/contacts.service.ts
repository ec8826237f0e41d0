import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ContactEntity } from '@moflow/data-access';
import type { ContactSnapshot } from '@moflow/flow-engine';
import { timezoneForNumber } from '@moflow/sms';
import { DataSource, QueryFailedError } from 'typeorm';
import { row } from '../runs/typeorm-rows';

/** Basic contacts: found or created by E.164 phone when a message or trigger names them. */
@Injectable()
export class ContactsService {
  constructor(private readonly ds: DataSource) {}

  async findOrCreate(phone: string): Promise<ContactEntity> {
    const repo = this.ds.getRepository(ContactEntity);
    const existing = await repo.findOneBy({ phone });
    if (existing) return existing;
    const now = Date.now();
    const contact: ContactEntity = {
      id: randomUUID(), phone, name: null, fields: {}, subscriptions: [], timezone: timezoneForNumber(phone), createdAt: now, updatedAt: now,
    };
    try {
      await repo.insert(row(contact));
      return contact;
    } catch (err) {
      // Two first messages of a new number racing (different API replicas): the other insert won.
      if (err instanceof QueryFailedError) return repo.findOneByOrFail({ phone });
      throw err;
    }
  }

  async byId(id: string): Promise<ContactEntity | null> {
    return this.ds.getRepository(ContactEntity).findOneBy({ id });
  }
}

export function contactSnapshot(c: ContactEntity): ContactSnapshot {
  return { id: c.id, phone: c.phone, name: c.name, fields: c.fields, subscriptions: c.subscriptions, timezone: c.timezone };
}
