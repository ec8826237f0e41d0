import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { afterAll, describe, expect, it } from 'vitest';
import { dbTargets, openTarget } from '../../test/support/db-targets';
import type { OutboxStateEntity } from '../messaging/outbox-state.entity';
import type { MessageEntity } from '../runs/message.entity';
import { emptyTurnBatch, writeTurnBatch } from './turn-batch.repository';

const dir = mkdtempSync(join(tmpdir(), 'moflow-turn-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const targets = dbTargets('turn_batch', dir);

const mt = (id: string, contactId: string, createdAt: number, status = 'queued'): MessageEntity => ({
  id, direction: 'out', channelId: 'ch', contactId, runId: null, nodeId: 'reply', from: '+15550000', to: `+1555${contactId}`, text: 'hi', status,
  encoding: 'GSM-7', segments: 1, provider: null, providerMessageId: null, createdAt, updatedAt: createdAt,
});
const state = (messageId: string): OutboxStateEntity => ({
  messageId, nextAttemptAt: 0, attempts: 0, leaseOwner: null, leaseUntil: null, detail: null, providerIds: null, inReplyTo: null,
});

describe.each(targets)('writeTurnBatch on %s: MTs leased to the sender in the batch', (_kind, options) => {
  // On SQLite the query names IDX_messages_contact (INDEXED BY): it fails if that index goes away.
  it('leases the first MT of each contact with nothing older queued or sending', async () => {
    const { ds, schema, close } = await openTarget(options());
    try {
      // a carrier's rate limit left a backlog: 300 contacts with an MT still queued, one still sending
      const backlog = emptyTurnBatch();
      for (let i = 0; i < 300; i++) backlog.messages.push(mt(`old-${i}`, `${1000 + i}`, 1_000 + i));
      backlog.messages.push(mt('old-sending', '2000', 1_500, 'sending'));
      backlog.messages.push(mt('old-sent', '3000', 1_600, 'sent'));
      backlog.outboxStates = backlog.messages.map((m) => state(m.id));
      await ds.transaction((m) => writeTurnBatch(m, backlog));

      const batch = emptyTurnBatch();
      const contacts = ['1000', '1299', '2000', '3000', '4000'];
      for (const [i, c] of contacts.entries()) batch.messages.push(mt(`new-${c}-b`, c, 10_001 + i), mt(`new-${c}-a`, c, 10_000));
      batch.outboxStates = batch.messages.map((m) => state(m.id));
      const adopted = await ds.transaction((m) => writeTurnBatch(m, batch, { owner: 'sender-1', leaseUntil: 99_999, max: 10 }));
      // 1000 and 1299 have older MTs queued, 2000 one sending; 3000's older MT is done; 4000 is new
      expect(adopted.map((m) => m.id).sort()).toEqual(['new-3000-a', 'new-4000-a']);
      const leased = (await ds.query(`SELECT "message_id" FROM ${schema ? `"${schema}".` : ''}"outbox_state" WHERE "lease_owner" = 'sender-1' ORDER BY "message_id"`)) as { message_id: string }[];
      expect(leased.map((r) => r.message_id)).toEqual(['new-3000-a', 'new-4000-a']);
    } finally {
      await close();
    }
  });
});
