import { Injectable, Logger, Optional } from '@nestjs/common';
import { ContactConflictError, HandledElsewhereError, claimStoredInbox, dueTimeouts, loadTurnBatch, markInboxFailed, writeTurnBatch, type MessageEntity, type MtAdoption, type TurnBatchWrites, writeTransaction } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { TurnStoppedError } from '@moflow/engine-pool';
import { ContactTurns, type SubmittedItem, type TurnHost, type TurnItem, type TurnOutcome } from './contact-turns';
import { PartitionOwnership } from './partition-ownership';
import { BatchQuiet } from './batch-quiet';
import { stoppedReason } from './stopped-turn';
import { mergeFragments } from './turn-fragment';
import { EventFanout, eventsOfBatch } from '../events/event-fanout';

/** How many stored MOs (and due timeouts) one batch claims. */
const BATCH = 400;
/** Idle poll: due timeouts, and MOs another process stored when no wake-up arrived. */
const IDLE_MS = 200;
/**
 * A batch is written once every contact's turns have finished or wait on slow I/O, or when none
 * has finished for this long: a turn stuck in a worker (until the watchdog stops it) or queued
 * behind one is written with a later batch instead of holding everyone's.
 */
const STALL_MS = 100;

export interface PumpListener {
  /** After each committed batch: runs to announce, whether MTs were queued, the MTs leased to this process's sender in the batch. */
  committed(fragments: readonly ContactTurns[], queuedMts: number, adopted: readonly MessageEntity[]): void;
  /** Whether (and how many of) a batch's MTs this process's sender takes in the batch's own write. */
  adoption?(): MtAdoption | null;
}

interface PendingStart { item: SubmittedItem; resolve: (o: TurnOutcome) => void; reject: (e: Error) => void }

/**
 * The batched turn pipeline. Each cycle claims a batch of stored MOs, due wait timeouts and REST
 * starts, groups them by contact (one contact's items in arrival order), loads what they need in
 * a few bulk reads, runs every contact's turns in memory and writes the whole batch in ONE
 * transaction. The turns run in the engine pool's worker threads (turn-engine.ts), so this thread
 * only routes and writes. A contact whose turn waits on slow I/O (a lookup to a slow CRM, its
 * backoff) or is stuck does not hold the batch: it is written with a later batch, and its later MOs
 * wait for it (the contact stays busy).
 */
@Injectable()
export class TurnPump {
  private readonly logger = new Logger('TurnPump');
  private readonly busy = new Set<string>();
  private readonly finishedLate: ContactTurns[] = [];
  /** Contacts whose turn threw after their batch was written without them (a lookup, then a bug). */
  private readonly failedLate: { turns: ContactTurns; items: TurnItem[]; error: Error }[] = [];
  private readonly starts: PendingStart[] = [];
  /** Starts taken into a batch, answered when the batch holding their run commits. */
  private readonly startsInFlight = new Map<string, PendingStart>();
  private readonly claimedTimeouts = new Set<string>();
  private running: Promise<void> | null = null;
  /** The batch being written (the next one is claimed and turned meanwhile). */
  private committing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private consumeInbox = true;
  private listener: PumpListener | null = null;
  private host: TurnHost | null = null;

  constructor(private readonly ds: DataSource, private readonly partitions: PartitionOwnership, @Optional() private readonly events?: EventFanout) {}

  /** Adds the event-subscription deliveries of what the batch did to its one write. */
  private withEvents(w: TurnBatchWrites): TurnBatchWrites {
    if (this.events?.anyActive) w.eventDeliveries.push(...this.events.deliveries(eventsOfBatch(w)));
    return w;
  }

  /** Starts cycling. `consumeInbox: false` on API replicas of a scaled setup: REST starts only. */
  start(host: TurnHost, listener: PumpListener, consumeInbox: boolean): void {
    this.host = host;
    this.listener = listener;
    this.consumeInbox = consumeInbox;
    this.stopped = false;
    if (consumeInbox) {
      this.timer = setInterval(() => this.wake(), IDLE_MS);
      this.timer.unref();
      this.wake();
    }
  }

  /** Stops taking work and lets the batch in flight finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.running || this.committing) await (this.running ?? this.committing);
    for (const s of this.starts.splice(0)) s.reject(new Error('the server is shutting down'));
  }

  /** Contacts with turns claimed or in flight here (partition hand-back skips theirs). */
  busyContacts(): ReadonlySet<string> {
    return this.busy;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** A REST start or an operator's retry through the same pipeline; resolves once its batch is committed. */
  submit(item: SubmittedItem): Promise<TurnOutcome> {
    if (this.stopped) return Promise.reject(new Error('the turn pipeline is not running'));
    const done = new Promise<TurnOutcome>((resolve, reject) => this.starts.push({ item, resolve, reject }));
    this.wake();
    return done;
  }

  /** Resolves when nothing is claimed, running or waiting to be written (tests, shutdown). */
  async drain(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      if (!this.running && !this.committing && this.busy.size === 0 && this.starts.length === 0 && this.startsInFlight.size === 0 && this.finishedLate.length === 0 && this.failedLate.length === 0) return;
      this.wake();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        while (!this.stopped && (await this.cycle())) this.again = false;
      } catch (err) {
        this.logger.error(`turn batch failed: ${(err as Error).stack ?? (err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } while (this.again && !this.stopped);
  }

  /** One batch; false when there was nothing to do. */
  private async cycle(): Promise<boolean> {
    const host = this.host!;
    await host.routes.refresh();
    const items: TurnItem[] = [];
    if (this.consumeInbox) {
      const owned = await this.partitions.owned();
      for (const row of await claimStoredInbox(this.ds, owned, this.busy, BATCH)) items.push({ kind: 'mo', phone: row.from, inbox: row });
      for (const t of await dueTimeouts(this.ds, owned, Date.now(), BATCH)) {
        if (this.busy.has(t.phone) || this.claimedTimeouts.has(t.runId)) continue;
        items.push({ kind: 'timeout', phone: t.phone, runId: t.runId });
      }
    }
    const starts = this.starts.splice(0, BATCH).filter((s) => {
      if (!this.busy.has(s.item.phone)) return true;
      this.starts.push(s);
      return false;
    });
    for (const s of starts) {
      items.push(s.item);
      this.startsInFlight.set(s.item.runId, s);
    }
    await this.fail(this.failedLate.splice(0));
    if (items.length === 0 && this.finishedLate.length === 0) return false;

    const byPhone = new Map<string, TurnItem[]>();
    for (const item of items) byPhone.set(item.phone, [...(byPhone.get(item.phone) ?? []), item]);
    for (const phone of byPhone.keys()) this.busy.add(phone);
    for (const i of items) if (i.kind === 'timeout') this.claimedTimeouts.add(i.runId);

    const ctx = await loadTurnBatch(this.ds, [...byPhone.keys()], items.flatMap((i) => (i.kind === 'timeout' || i.kind === 'retry' ? [i.runId] : [])));
    const done: ContactTurns[] = [];
    const failed: { turns: ContactTurns; items: TurnItem[]; error: Error }[] = [];
    let deciding = true;
    const quiet = new BatchQuiet(byPhone.size, STALL_MS);
    const pending = [...byPhone].map(([phone, list]) => {
      const turns = new ContactTurns(host, ctx, phone);
      let settled = false;
      turns.onSlowIo = (waiting) => quiet.waiting(waiting);
      const settle = () => {
        settled = true;
        turns.onSlowIo = null;
        if (turns.waitingOnSlowIo) quiet.waiting(false);
        quiet.finished();
      };
      const p = turns.run(list).then(
        () => {
          settle();
          return turns;
        },
        (err: unknown) => {
          settle();
          const failure = { turns, items: list, error: err instanceof Error ? err : new Error(String(err)) };
          // Detached (it outlived this batch): the next cycle marks its MOs failed and frees the contact.
          if (deciding) failed.push(failure);
          else {
            this.failedLate.push(failure);
            this.wake();
          }
          return null;
        },
      );
      return { phone, list, turns, p, isSettled: () => settled };
    });
    // Turns finish after a round trip to the engine pool; those waiting on a lookup (or stuck) are
    // written by a later batch, so one slow API or one runaway turn slows only its own contacts.
    await quiet.reached;
    deciding = false;
    for (const x of pending) {
      if (x.isSettled()) {
        if (!failed.some((f) => f.turns === x.turns)) done.push(x.turns);
        continue;
      }
      void x.p.then((turns) => {
        if (turns) this.finishedLate.push(turns);
        this.wake();
      });
    }
    const late = this.finishedLate.splice(0);
    const batch = [...done, ...late];
    // The write goes on while the next batch is claimed and its turns run (their contacts are not
    // busy here, so nothing they read is being written): the engine pool's threads work while this
    // thread writes. Commits stay in order, at most two batches are in flight.
    const previous = this.committing;
    const written: Promise<void> = (async () => {
      if (previous) await previous;
      try {
        await this.commit(batch);
        await this.fail(failed);
      } catch (err) {
        this.logger.error(`turn batch write failed: ${(err as Error).stack ?? (err as Error).message}`);
      }
    })().finally(() => {
      if (this.committing === written) this.committing = null;
      this.wake();
    });
    this.committing = written;
    if (previous) await previous;
    return true;
  }

  private startsOf(turns: ContactTurns): PendingStart[] {
    return turns.startRunIds.flatMap((id) => {
      const s = this.startsInFlight.get(id);
      this.startsInFlight.delete(id);
      return s ? [s] : [];
    });
  }

  private async commit(batch: ContactTurns[]): Promise<void> {
    if (batch.length === 0) return;
    const writes: TurnBatchWrites = this.withEvents(mergeFragments(batch.map((t) => t.fragment.finish())));
    let adopted: MessageEntity[] = [];
    try {
      const adoption = this.listener?.adoption?.() ?? undefined;
      adopted = await writeTransaction(this.ds, (m) => writeTurnBatch(m, writes, adoption));
    } catch (err) {
      if (err instanceof ContactConflictError || err instanceof HandledElsewhereError) {
        // Nothing was written: the MOs are still stored and the starts are queued again.
        this.release(batch);
        this.logger.warn(`batch retried: ${err.message}`);
        for (const t of batch) this.starts.push(...this.startsOf(t));
        return;
      }
      // One contact's writes must not wedge everyone's: write them one by one, and fail only the
      // contact whose writes the database refuses (its MOs are marked failed with the reason).
      this.logger.error(`batch write failed, writing contacts one by one: ${(err as Error).message}`);
      const written: ContactTurns[] = [];
      for (const t of batch) {
        try {
          await writeTransaction(this.ds, (m) => writeTurnBatch(m, this.withEvents(mergeFragments([t.fragment.finish()]))));
          written.push(t);
        } catch (one) {
          await this.fail([{ turns: t, items: [], inboxIds: t.fragment.writes.handledInbox, error: one as Error }]);
        }
      }
      this.release(written);
      for (const t of written) for (const s of this.startsOf(t)) s.resolve(t.outcomeOfStart(s.item.runId) ?? { runId: s.item.runId, status: 'running' });
      this.listener?.committed(written, written.reduce((n, t) => n + t.fragment.writes.messages.filter((m) => m.direction === 'out').length, 0), []);
      return;
    }
    this.release(batch);
    for (const t of batch) for (const s of this.startsOf(t)) s.resolve(t.outcomeOfStart(s.item.runId) ?? { runId: s.item.runId, status: 'running' });
    this.listener?.committed(batch, writes.messages.filter((m) => m.direction === 'out').length, adopted);
  }

  /** Frees contacts (and their claimed timeouts) for later batches. */
  private release(turns: readonly ContactTurns[]): void {
    for (const t of turns) {
      this.busy.delete(t.phone);
      for (const id of t.timeoutRunIds) this.claimedTimeouts.delete(id);
    }
  }

  /** A contact whose turn threw (a bug, not a flow failure): its MOs are marked failed, not retried forever. */
  private async fail(failed: { turns: ContactTurns; items: TurnItem[]; inboxIds?: string[]; error: Error }[]): Promise<void> {
    if (failed.length === 0) return;
    for (const f of failed) {
      if (f.error instanceof TurnStoppedError && stoppedReason(f.error) === null) {
        // the engine pool closed (shutdown): the MOs stay stored and are handled after the restart
        this.release([f.turns]);
        for (const s of this.startsOf(f.turns)) s.reject(f.error);
        continue;
      }
      this.logger.error(`turns of a contact failed: ${f.error.stack ?? f.error.message}`);
      const ids = f.inboxIds ?? f.items.flatMap((i) => (i.kind === 'mo' ? [i.inbox.id] : []));
      await writeTransaction(this.ds, (m) => markInboxFailed(m, ids, f.error.message)).catch(() => undefined);
      this.release([f.turns]);
      for (const s of this.startsOf(f.turns)) s.reject(f.error);
    }
  }
}
