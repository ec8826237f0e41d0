import { randomUUID } from 'node:crypto';
import { MessageEntity, OutboxStateEntity, writeTransaction } from '@moflow/data-access';
import type { DataSource } from 'typeorm';

export interface QueuedMt { id: string; contactId: string; to: string; text: string }

/**
 * Writes queued MTs the way a turn batch does: message rows and their outbox_state rows in one
 * transaction, `perContact` MTs for each of `contacts` contacts (texts `<contact>-<k>`, created in
 * k order). The contacts need no rows: the gate then guesses the zone from the number.
 */
export async function insertQueued(ds: DataSource, channelId: string, contacts: number, perContact: number, createdAt = Date.now(),
  as: { status: string; attempts: number; leaseOwner: string | null; leaseUntil: number | null } = { status: 'queued', attempts: 0, leaseOwner: null, leaseUntil: null }): Promise<QueuedMt[]> {
  const mts: QueuedMt[] = [];
  for (let k = 0; k < perContact; k++) {
    for (let c = 0; c < contacts; c++) mts.push({ id: randomUUID(), contactId: `contact-${c}`, to: `+1415666${String(c).padStart(4, '0')}`, text: `${c}-${k}` });
  }
  const messages = mts.map((m, i): MessageEntity => ({
    id: m.id, direction: 'out', channelId, contactId: m.contactId, runId: null, nodeId: null, from: '+14155550100', to: m.to, text: m.text,
    status: as.status, encoding: 'GSM-7', segments: 1, provider: null, providerMessageId: null,
    // A contact's k-th MT is created after its (k-1)-th.
    createdAt: createdAt + Math.floor(i / contacts), updatedAt: createdAt,
  }));
  await writeTransaction(ds, async (m) => {
    for (let i = 0; i < messages.length; i += 200) {
      await m.getRepository(MessageEntity).insert(messages.slice(i, i + 200));
      await m.getRepository(OutboxStateEntity).insert(messages.slice(i, i + 200).map((msg) => ({
        messageId: msg.id, nextAttemptAt: 0, attempts: as.attempts, leaseOwner: as.leaseOwner, leaseUntil: as.leaseUntil, detail: null, providerIds: null, inReplyTo: null,
      })));
    }
  });
  return mts;
}
