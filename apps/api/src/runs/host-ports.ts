import { randomUUID } from 'node:crypto';
import type { EnginePorts, HttpPort } from '@moflow/flow-engine';
import { DataRowEntity } from '@moflow/data-access';
import type { DataSource } from 'typeorm';
import { currentBurst } from './burst-context';

export interface SecretReader {
  reveal(name: string): Promise<string | undefined>;
}

/**
 * The server's engine ports. Writes (messages, tickets, contact changes) are buffered in the
 * current burst and persisted by RunWriter in the burst's transaction; reads go to the database.
 */
export function hostPorts(ds: DataSource, http: HttpPort, secrets: SecretReader): EnginePorts {
  return {
    http,
    tables: {
      async find(table, key) {
        const row = await ds.getRepository(DataRowEntity).findOneBy({ table, key });
        return row?.row ?? null;
      },
    },
    tickets: {
      async open(req) {
        const id = randomUUID();
        currentBurst().tickets.push({ ...req, id });
        return { ticketId: id };
      },
    },
    messages: {
      async send(msg) {
        const id = randomUUID();
        currentBurst().outbound.push({ ...msg, id });
        return { messageId: id };
      },
    },
    contacts: {
      async update(_contactId, patch) {
        const ctx = currentBurst();
        const prev = ctx.contactPatch ?? {};
        ctx.contactPatch = {
          ...prev,
          ...('name' in patch ? { name: patch.name ?? null } : {}),
          ...(patch.fields ? { fields: { ...prev.fields, ...patch.fields } } : {}),
        };
      },
      async setSubscription(_contactId, list, subscribed) {
        currentBurst().subscriptions.set(list, subscribed);
      },
    },
    secrets: {
      async get(name) {
        const value = await secrets.reveal(name);
        if (value) currentBurst().secretValues.add(value);
        return value;
      },
    },
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    ids: { newId: () => randomUUID() },
    random: { next: () => Math.random() },
  };
}
