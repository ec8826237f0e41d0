import type { ContactEntity, MessageEntity, RunEntity, RunNodeDayEntity, RunStepEntity, TurnBatchWrites, WaitingSessionEntity } from '@moflow/data-access';
import { DAY_MS, emptyTurnBatch } from '@moflow/data-access';
import type { RunEvent, RunState } from '@moflow/flow-engine';
import { currentNode } from './run-writer';
import { eventToStep, nodeStatIncrements, scrubSecrets } from './run-recorder';

export const channelKey = (channelId: string | null) => channelId ?? '';

/** What one contact's turns changed: merged with the other contacts' fragments into one batch write. */
export class TurnFragment {
  readonly writes: TurnBatchWrites = emptyTurnBatch();
  private readonly runs = new Map<string, { row: RunEntity; isNew: boolean }>();
  /** The waiting session each touched run ends up with (null: none). */
  private readonly sessions = new Map<string, WaitingSessionEntity | null>();
  private readonly stats = new Map<string, { flowId: string; nodeId: string; handle: string; count: number }>();
  private readonly days = new Map<string, RunNodeDayEntity>();
  /** Runs to announce on the SSE bus and count in metrics once committed. */
  readonly announced = new Map<string, RunEntity>();

  /** Records the run after a turn: row, run-log steps, MTs, tickets, waiting session, node stats. */
  applyRun(args: {
    state: RunState; events: readonly RunEvent[]; isNew: boolean; flowName: string; contact: ContactEntity; channelAddress: (channelId: string | null) => string;
    previous: RunEntity | null; secrets: ReadonlySet<string>; inReplyTo: string | null; now: number;
  }): RunEntity {
    const { events, contact, secrets, now } = args;
    const state = scrubSecrets(args.state, secrets);
    const deadline = state.waiting ? Math.min(state.waiting.deadline, state.waiting.collectUntil ?? Number.POSITIVE_INFINITY) : null;
    const prior = this.runs.get(state.runId);
    const run: RunEntity = {
      id: state.runId, flowId: state.flowId, flowName: args.previous?.flowName ?? args.flowName, flowVersion: state.flowVersion, status: state.status,
      contactId: contact.id, contactPhone: contact.phone, channelId: state.channelId, trigger: state.trigger as unknown as Record<string, unknown>,
      state: state as unknown as Record<string, unknown>, currentNodeId: currentNode(state, events) ?? args.previous?.currentNodeId ?? null,
      error: state.error?.message ?? null, waitDeadline: deadline, startedAt: state.startedAt, updatedAt: now, endedAt: state.endedAt,
      nextSeq: 0,
    };
    this.putRun(run, args.isNew || (prior?.isNew ?? false));
    this.addSteps(run.id, events.map((e) => scrubSecrets(eventToStep(e, 0), secrets)));
    for (const e of events) {
      if (e.type === 'reply_queued') {
        const channelId = e.channelId ?? state.channelId;
        this.queueMessage({
          id: e.messageId, direction: 'out', channelId, contactId: contact.id, runId: run.id, nodeId: e.nodeId, from: args.channelAddress(channelId),
          to: contact.phone, text: scrubSecrets(e.text, secrets), status: 'queued', encoding: e.encoding, segments: e.segments, provider: null,
          providerMessageId: null, createdAt: now, updatedAt: now,
        }, args.inReplyTo);
      } else if (e.type === 'ticket_opened') {
        this.writes.tickets.push({
          id: e.ticketId, runId: run.id, contactId: contact.id, channelId: state.channelId, subject: scrubSecrets(e.subject, secrets),
          body: scrubSecrets(e.body ?? '', secrets), team: e.team, priority: e.priority, status: 'open', createdAt: now,
        });
        this.writes.ticketDetails.push({ ticketId: e.ticketId, assigneeId: null, updatedAt: now, closedAt: null, forwardStatus: e.forward ? 'pending' : 'none', forwardAttempts: 0 });
      }
    }
    this.sessions.set(run.id, state.status === 'waiting' && state.waiting && deadline !== null
      ? { contactId: contact.id, channelKey: channelKey(state.channelId), runId: run.id, nodeId: state.waiting.nodeId, deadline }
      : null);
    for (const inc of nodeStatIncrements(events).values()) this.bumpStat(run.flowId, Math.floor(run.startedAt / DAY_MS), inc.nodeId, inc.handle, inc.count);
    this.announced.set(run.id, run);
    return run;
  }

  /** Ends a waiting run that something else replaced (opt-out, interrupting keyword, a newer run). */
  cancelRun(run: RunEntity, reason: string, now: number): RunEntity {
    const state = { ...(run.state as unknown as RunState), status: 'cancelled' as const, waiting: null, endedAt: now };
    const row: RunEntity = { ...run, status: 'cancelled', endedAt: now, updatedAt: now, waitDeadline: null, state: state as unknown as Record<string, unknown> };
    this.putRun(row, this.runs.get(run.id)?.isNew ?? false);
    this.addSteps(run.id, [step(run.id, 'run_cancelled', reason, now, {}, run.currentNodeId)]);
    this.sessions.set(run.id, null);
    this.announced.set(run.id, row);
    return row;
  }

  endSession(runId: string): void {
    this.sessions.set(runId, null);
  }

  /** A run-log note that is not an engine event (which rule routed an MO...). */
  note(runId: string, type: string, reason: string, data: Record<string, unknown>, now: number): void {
    this.addSteps(runId, [step(runId, type, reason, now, data, null)]);
  }

  queueMessage(message: MessageEntity, inReplyTo: string | null): void {
    // The sender sends one contact's MTs oldest first: replies of one turn keep their order.
    const last = this.writes.messages.filter((m) => m.direction === 'out').at(-1);
    if (last && message.createdAt <= last.createdAt) message.createdAt = message.updatedAt = last.createdAt + 1;
    this.writes.messages.push(message);
    this.writes.outboxStates.push({ messageId: message.id, nextAttemptAt: 0, attempts: 0, leaseOwner: null, leaseUntil: null, detail: null, providerIds: null, inReplyTo });
  }

  /** Closes the fragment: runs, sessions and stats into the write set. */
  finish(): TurnBatchWrites {
    const w = this.writes;
    w.runs = [...this.runs.values()];
    w.endedSessions = [...this.sessions.keys()];
    w.newSessions = [...this.sessions.values()].filter((s): s is WaitingSessionEntity => s !== null);
    w.nodeStats = [...this.stats.values()];
    w.nodeDays = [...this.days.values()];
    return w;
  }

  private putRun(row: RunEntity, isNew: boolean): void {
    this.runs.set(row.id, { row: { ...row, nextSeq: isNew ? 0 : row.nextSeq }, isNew });
  }

  private addSteps(runId: string, steps: Omit<RunStepEntity, 'seq'>[]): void {
    const list = this.writes.steps.get(runId) ?? [];
    list.push(...steps);
    this.writes.steps.set(runId, list);
  }

  private bumpStat(flowId: string, day: number, nodeId: string, handle: string, count: number): void {
    const key = `${flowId}\u0000${nodeId}\u0000${handle}`;
    const cur = this.stats.get(key);
    if (cur) cur.count += count;
    else this.stats.set(key, { flowId, nodeId, handle, count });
    const dayKey = `${key}\u0000${day}`;
    const perDay = this.days.get(dayKey);
    if (perDay) perDay.count += count;
    else this.days.set(dayKey, { flowId, day, nodeId, handle, count });
  }

}

function step(runId: string, type: string, reason: string, at: number, data: Record<string, unknown>, nodeId: string | null): Omit<RunStepEntity, 'seq'> {
  return { runId, type, nodeId, nodeType: null, handle: null, reason, input: null, output: null, durationMs: null, error: null, at, data };
}

/** Many contacts' fragments as one batch write; new runs get `next_seq` = their number of steps. */
export function mergeFragments(fragments: readonly TurnBatchWrites[]): TurnBatchWrites {
  const out = emptyTurnBatch();
  const stats = new Map<string, { flowId: string; nodeId: string; handle: string; count: number }>();
  const days = new Map<string, RunNodeDayEntity>();
  const touches = new Map<string, { contactId: string; channelId: string; at: number }>();
  const opts = new Map<string, { contactId: string; channelId: string; optedOut: boolean; at: number }>();
  const details = new Map<string, TurnBatchWrites['ticketDetails'][number]>();
  for (const f of fragments) {
    out.newContacts.push(...f.newContacts);
    out.contactUpdates.push(...f.contactUpdates);
    out.runs.push(...f.runs);
    for (const [runId, steps] of f.steps) out.steps.set(runId, [...(out.steps.get(runId) ?? []), ...steps]);
    out.messages.push(...f.messages);
    out.outboxStates.push(...f.outboxStates);
    out.handledInbox.push(...f.handledInbox);
    out.endedSessions.push(...f.endedSessions);
    out.newSessions.push(...f.newSessions);
    for (const t of f.inboundTouches) {
      const key = `${t.contactId}|${t.channelId}`;
      if ((touches.get(key)?.at ?? -1) < t.at) touches.set(key, t);
    }
    for (const o of f.optChanges) opts.set(`${o.contactId}|${o.channelId}`, o);
    out.consentEvents.push(...f.consentEvents);
    out.tickets.push(...f.tickets);
    for (const d of f.ticketDetails) details.set(d.ticketId, d);
    out.threadEntries.push(...f.threadEntries);
    for (const s of f.nodeStats) {
      const key = `${s.flowId}\u0000${s.nodeId}\u0000${s.handle}`;
      const cur = stats.get(key);
      if (cur) cur.count += s.count;
      else stats.set(key, { ...s });
    }
    for (const d of f.nodeDays) {
      const key = `${d.flowId}\u0000${d.nodeId}\u0000${d.handle}\u0000${d.day}`;
      const cur = days.get(key);
      if (cur) cur.count += d.count;
      else days.set(key, { ...d });
    }
    out.idempotencyKeys.push(...f.idempotencyKeys);
  }
  out.inboundTouches = [...touches.values()];
  out.optChanges = [...opts.values()];
  out.ticketDetails = [...details.values()];
  out.nodeStats = [...stats.values()];
  out.nodeDays = [...days.values()];
  for (const r of out.runs) if (r.isNew) r.row.nextSeq = out.steps.get(r.row.id)?.length ?? 0;
  return out;
}
