import { Injectable } from '@nestjs/common';
import { ContactEntity, findRow, insertRows, newId } from '@moflow/data-access';
import type { ContactSnapshot } from '@moflow/flow-engine';
import { timezoneForNumber } from '@moflow/sms';
import { DataSource, QueryFailedError } from 'typeorm';

/** Basic contacts: found or created by E.164 phone when a message or trigger names them. */
@Injectable()
export class ContactsService {
  constructor(private readonly ds: DataSource) {}

  /** The contact with this phone, or null (one plain SELECT: this runs on every trigger and MO). */
  find(phone: string): Promise<ContactEntity | null> {
    return findRow(this.ds, ContactEntity, { phone });
  }

  /**
   * A new contact for `phone`, not yet stored: RunService inserts it in the transaction of the
   * run's first burst (see writeBurst's `newContact`), saving a statement and a commit.
   */
  draft(phone: string, now = Date.now()): ContactEntity {
    return { id: newId(), phone, name: null, fields: {}, subscriptions: [], timezone: timezoneForNumber(phone), createdAt: now, updatedAt: now };
  }

  async findOrCreate(phone: string): Promise<ContactEntity> {
    const existing = await this.find(phone);
    if (existing) return existing;
    const contact = this.draft(phone);
    try {
      await insertRows(this.ds, ContactEntity, [contact]);
      return contact;
    } catch (err) {
      // Two first messages of a new number racing (different API replicas): the other insert won.
      if (err instanceof QueryFailedError) {
        const winner = await this.find(phone);
        if (winner) return winner;
      }
      throw err;
    }
  }

  async byId(id: string): Promise<ContactEntity | null> {
    return findRow(this.ds, ContactEntity, { id });
  }
}

export function contactSnapshot(c: ContactEntity): ContactSnapshot {
  return { id: c.id, phone: c.phone, name: c.name, fields: c.fields, subscriptions: c.subscriptions, timezone: c.timezone };
}
