import type { RunEvent, RunState } from '@moflow/flow-engine';
import {
  ContactEntity, MessageEntity, RunEntity, RunNodeStatEntity, RunStepEntity, TicketDetailsEntity, TicketEntity, WaitingSessionEntity,
} from '@moflow/data-access';
import type { DataSource, EntityManager } from 'typeorm';
import type { BurstContext } from './burst-context';
import { eventToStep, nodeStatIncrements, scrubSecrets } from './run-recorder';
import { writeTransaction } from './sqlite-write-lock';
import { insertRows } from './fast-sql';
import { row } from './typeorm-rows';

export interface BurstRecord {
  isNew: boolean;
  flowName: string;
  contact: ContactEntity;
  /** The contact is not stored yet: insert it first, in this transaction (ContactRaceError if its phone exists by now). */
  newContact?: boolean;
  /** The channel's own address, the `from` of outbound messages ('' when unknown). */
  channelAddress: string;
  state: RunState;
  events: RunEvent[];
  ctx: BurstContext;
  /** A waiting run of the same (contact, channel) this new run replaces: cancelled in the same transaction. */
  supersedes?: RunEntity | null;
}

export const channelKey = (channelId: string | null) => channelId ?? '';

/** A new contact's phone was stored by someone else meanwhile: the burst wrote nothing, run it again. */
export class ContactRaceError extends Error {
  constructor(phone: string) {
    super(`contact ${phone} was created concurrently`);
  }
}

/** Where the run currently is, for the run list: the waiting node, the failing node, or the last entered. */
export function currentNode(state: RunState, events: readonly RunEvent[]): string | null {
  if (state.waiting) return state.waiting.nodeId;
  if (state.error?.nodeId) return state.error.nodeId;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'step_entered') return e.nodeId;
  }
  return null;
}

/** Writes one burst (run, steps, outbox, tickets, contact, waiting session, node stats) in one transaction. */
export async function writeBurst(ds: DataSource, b: BurstRecord): Promise<{ run: RunEntity; outbound: MessageEntity[] }> {
  const secrets = b.ctx.secretValues;
  const state = scrubSecrets(b.state, secrets);
  const now = Date.now();
  const deadline = state.waiting ? Math.min(state.waiting.deadline, state.waiting.collectUntil ?? Number.POSITIVE_INFINITY) : null;
  return writeTransaction(ds, async (m) => {
    if (b.newContact) {
      const inserted = await insertRows(m, ContactEntity, [b.contact], 'ON CONFLICT ("phone") DO NOTHING RETURNING "id"');
      if (!Array.isArray(inserted) || inserted.length === 0) throw new ContactRaceError(b.contact.phone);
    }
    if (b.supersedes) await cancelRun(m, b.supersedes, `superseded by run ${state.runId}`);
    const runs = m.getRepository(RunEntity);
    const previous = b.isNew ? null : await runs.findOneBy({ id: state.runId });
    const run: RunEntity = {
      id: state.runId,
      flowId: state.flowId,
      flowName: previous?.flowName ?? b.flowName,
      flowVersion: state.flowVersion,
      status: state.status,
      contactId: b.contact.id,
      contactPhone: b.contact.phone,
      channelId: state.channelId,
      trigger: state.trigger as unknown as Record<string, unknown>,
      state: state as unknown as Record<string, unknown>,
      currentNodeId: currentNode(state, b.events) ?? previous?.currentNodeId ?? null,
      error: state.error?.message ?? null,
      waitDeadline: deadline,
      startedAt: state.startedAt,
      updatedAt: now,
      endedAt: state.endedAt,
      nextSeq: 0,
    };
    // insert/update, not save(): save() would SELECT the row first on every burst.
    if (b.isNew) await insertRows(m, RunEntity, [run]);
    else await runs.update({ id: run.id }, row(run));

    const seq = b.isNew ? 0 : await nextSeq(m, run.id);
    const steps = b.events.map((e, i) => scrubSecrets(eventToStep(e, seq + i), secrets));
    await m.getRepository(RunEntity).update({ id: run.id }, { nextSeq: seq + steps.length });
    // One multi-row INSERT per 100 steps (13 parameters a row stays far below both databases' limits).
    for (let i = 0; i < steps.length; i += 100) await insertRows(m, RunStepEntity, steps.slice(i, i + 100));

    const outbound: MessageEntity[] = b.ctx.outbound.map((o) => ({
      id: o.id, direction: 'out', channelId: o.channelId, contactId: b.contact.id, runId: run.id, nodeId: o.nodeId,
      from: b.channelAddress, to: o.to, text: scrubSecrets(o.text, secrets), status: 'queued', encoding: o.encoding, segments: o.segments,
      provider: null, providerMessageId: null, createdAt: now, updatedAt: now,
    }));
    if (outbound.length) await insertRows(m, MessageEntity, outbound);
    if (b.ctx.tickets.length) {
      await insertRows(m, TicketEntity, b.ctx.tickets.map((t): TicketEntity => ({
        id: t.id, runId: t.runId, contactId: b.contact.id, channelId: t.channelId, subject: scrubSecrets(t.subject, secrets),
        body: scrubSecrets(t.body, secrets), team: t.team, priority: t.priority, status: 'open', createdAt: now,
      })));
      // tickets/ reads forward_status to post `forward: true` tickets to the helpdesk webhook.
      await insertRows(m, TicketDetailsEntity, b.ctx.tickets.map((t): TicketDetailsEntity => ({
        ticketId: t.id, assigneeId: null, updatedAt: now, closedAt: null, forwardStatus: t.forward ? 'pending' : 'none', forwardAttempts: 0,
      })));
    }
    await applyContactChanges(m, b.contact, b.ctx, now);

    const sessions = m.getRepository(WaitingSessionEntity);
    if (!b.isNew) await sessions.delete({ runId: run.id });
    if (state.status === 'waiting' && state.waiting && deadline !== null) {
      await insertRows(m, WaitingSessionEntity, [{ contactId: b.contact.id, channelKey: channelKey(state.channelId), runId: run.id, nodeId: state.waiting.nodeId, deadline }]);
    }
    await bumpNodeStats(m, run.flowId, b.events);
    return { run, outbound };
  });
}

export async function cancelRun(m: EntityManager, run: RunEntity, reason: string): Promise<void> {
  const now = Date.now();
  await m.getRepository(WaitingSessionEntity).delete({ runId: run.id });
  await m.getRepository(RunEntity).update({ id: run.id }, row<RunEntity>({
    status: 'cancelled', endedAt: now, updatedAt: now, waitDeadline: null,
    state: { ...run.state, status: 'cancelled', waiting: null, endedAt: now },
  }));
  await m.getRepository(RunStepEntity).insert(row<RunStepEntity>({
    runId: run.id, seq: await nextSeq(m, run.id), type: 'run_cancelled', nodeId: run.currentNodeId,
    nodeType: null, handle: null, reason, input: null, output: null, durationMs: null, error: null, at: now, data: {},
  }));
}

async function nextSeq(m: EntityManager, runId: string): Promise<number> {
  const max = await m.getRepository(RunStepEntity).createQueryBuilder('s').select('MAX(s.seq)', 'max')
    .where('s.run_id = :runId', { runId }).getRawOne<{ max: number | string | null }>();
  return max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1;
}

async function applyContactChanges(m: EntityManager, contact: ContactEntity, ctx: BurstContext, now: number): Promise<void> {
  if (!ctx.contactPatch && ctx.subscriptions.size === 0) return;
  const fresh = (await m.getRepository(ContactEntity).findOneBy({ id: contact.id })) ?? contact;
  const subs = new Set(fresh.subscriptions);
  for (const [list, on] of ctx.subscriptions) {
    if (on) subs.add(list);
    else subs.delete(list);
  }
  const patch = scrubSecrets(ctx.contactPatch ?? {}, ctx.secretValues);
  await m.getRepository(ContactEntity).update({ id: contact.id }, row<ContactEntity>({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    fields: { ...fresh.fields, ...patch.fields },
    subscriptions: [...subs],
    updatedAt: now,
  }));
}

async function bumpNodeStats(m: EntityManager, flowId: string, events: readonly RunEvent[]): Promise<void> {
  const rows = [...nodeStatIncrements(events).values()].map((r) => ({ flowId, ...r }));
  if (rows.length === 0) return;
  // Portable upsert (SQLite ≥ 3.24 and PostgreSQL share ON CONFLICT ... DO UPDATE).
  await insertRows(m, RunNodeStatEntity, rows, 'ON CONFLICT ("flow_id", "node_id", "handle") DO UPDATE SET "count" = "run_node_stats"."count" + EXCLUDED."count"');
}
