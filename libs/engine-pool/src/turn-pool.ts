/**
 * Runs engine turns in worker threads with a watchdog, so one runaway evaluation (a JSONata native
 * call over a huge array, anything the in-engine 250 ms budget cannot interrupt) is stopped by
 * terminating its worker: that turn fails with a clear reason, the worker is replaced, and every
 * other turn goes on. The unit of work is plain data (a TurnJob in, a RunResult out); the ports stay
 * with the host, which answers the worker's port calls.
 *
 * The watchdog counts a turn's busy time only: while the worker waits on a port (an HTTP lookup, a
 * backoff sleep, a data-table read) the clock is paused, so slow services never look like runaways.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EnginePorts, RunEvent, RunResult } from './engine-types';
import { toWire, type FromWorker, type ToWorker, type TurnJob, type TurnSettings } from './protocol';
import { turnWorkerScript } from './worker-script';

export interface TurnPoolOptions {
  /** Worker threads (default: available cores, at least 1, at most 4). */
  workers?: number;
  /** Processing time one turn may use, port waits excluded (default 2000 ms). */
  busyBudgetMs?: number;
  /** Heap limit of each worker (default 256 MB): a memory bomb kills its worker, not the process. */
  maxHeapMb?: number;
}

export type TurnStopReason = 'busy_budget' | 'memory' | 'crashed' | 'closed';

/** The turn was stopped by the pool: the reason names the limit. */
export class TurnStoppedError extends Error {
  constructor(readonly reason: TurnStopReason, message: string) {
    super(message);
    this.name = 'TurnStoppedError';
  }
}

interface Task {
  id: number;
  job: TurnJob;
  settings: TurnSettings;
  ports: EnginePorts;
  resolve: (r: RunResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded and waiting for work (loading is not charged to any turn). */
  ready: boolean;
  task: Task | null;
  /** Busy milliseconds used by the current task before the last pause. */
  used: number;
  /** When the current busy stretch began (null while paused on port calls). */
  since: number | null;
  openCalls: number;
  timer: NodeJS.Timeout | null;
}

export class TurnPool {
  readonly size: number;
  readonly busyBudgetMs: number;
  readonly maxHeapMb: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: TurnPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
    this.busyBudgetMs = options.busyBudgetMs ?? 2000;
    this.maxHeapMb = options.maxHeapMb ?? 256;
  }

  /** Runs one turn; rejects with TurnStoppedError when the watchdog or a limit stopped it. */
  runTurn(job: TurnJob, ports: EnginePorts, settings: TurnSettings = {}): Promise<RunResult> {
    if (this.closed) return Promise.reject(new TurnStoppedError('closed', 'the engine pool is closed'));
    return new Promise<RunResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, settings, ports, resolve, reject });
      this.pump();
    });
  }

  /** Turns waiting for a worker, and turns running. */
  stats(): { queued: number; running: number; workers: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.task).length, workers: this.slots.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new TurnStoppedError('closed', 'the engine pool closed before the turn ran'));
    await Promise.all(this.slots.splice(0).map((s) => {
      this.clearTimer(s);
      s.task?.reject(new TurnStoppedError('closed', 'the engine pool closed while the turn ran'));
      return s.worker.terminate();
    }));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.task);
      if (!slot) {
        // a new worker starts only when none is loading: it asks for work once ready
        if (this.slots.length < this.size && this.slots.every((s) => s.ready)) this.spawn();
        return;
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(turnWorkerScript(), { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    worker.unref();
    const slot: Slot = { worker, ready: false, task: null, used: 0, since: null, openCalls: 0, timer: null };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, memory
        ? new TurnStoppedError('memory', `the turn used more than the ${this.maxHeapMb} MB of memory a turn may use and was stopped`)
        : new TurnStoppedError('crashed', `the turn's worker crashed: ${err.message}`));
    });
    worker.on('exit', () => this.retire(slot, new TurnStoppedError('crashed', "the turn's worker exited")));
    this.slots.push(slot);
    return slot;
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    slot.used = 0;
    slot.openCalls = 0;
    this.resume(slot);
    const msg: ToWorker = { type: 'job', id: task.id, job: task.job, settings: task.settings };
    slot.worker.postMessage(msg);
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.pump();
      return;
    }
    const task = slot.task;
    if (!task || msg.id !== task.id) return;
    if (msg.type === 'port_call') {
      if (slot.openCalls++ === 0) this.pause(slot);
      void this.answer(slot, task, msg);
      return;
    }
    this.finish(slot);
    if (msg.type === 'done') task.resolve({ state: msg.state, events: msg.events as RunEvent[] });
    else task.reject(Object.assign(new Error(msg.error.message), msg.error));
  }

  private async answer(slot: Slot, task: Task, msg: Extract<FromWorker, { type: 'port_call' }>): Promise<void> {
    let reply: ToWorker;
    try {
      const target = (task.ports as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[msg.port];
      const fn = target?.[msg.method];
      if (typeof fn !== 'function') throw new Error(`no port ${msg.port}.${msg.method}`);
      const value = await fn.apply(target, msg.args);
      reply = { type: 'port_reply', id: msg.id, call: msg.call, ok: true, value };
    } catch (err) {
      reply = { type: 'port_reply', id: msg.id, call: msg.call, ok: false, error: toWire(err) };
    }
    if (slot.task !== task) return; // stopped meanwhile
    if (--slot.openCalls === 0) this.resume(slot);
    slot.worker.postMessage(reply);
  }

  private pause(slot: Slot): void {
    if (slot.since !== null) slot.used += performance.now() - slot.since;
    slot.since = null;
    this.clearTimer(slot);
  }

  private resume(slot: Slot): void {
    slot.since = performance.now();
    this.clearTimer(slot);
    const left = Math.max(0, this.busyBudgetMs - slot.used);
    slot.timer = setTimeout(() => this.stop(slot), left);
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }

  /** The watchdog: the turn ran past its busy budget, so its worker goes. */
  private stop(slot: Slot): void {
    const used = Math.round(slot.used + (slot.since === null ? 0 : performance.now() - slot.since));
    this.retire(slot, new TurnStoppedError('busy_budget',
      `the turn ran for ${used} ms of processing, more than the ${this.busyBudgetMs} ms a turn may use (a runaway expression?), and was stopped`));
  }

  /** Removes a worker that is being stopped or has died; its task (if any) fails with `error`. */
  private retire(slot: Slot, error: TurnStoppedError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.clearTimer(slot);
    const task = slot.task;
    slot.task = null;
    slot.worker.removeAllListeners('exit');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    task?.reject(error);
    // a worker that dies while loading would die again: fail what waits instead of respawning forever
    if (!slot.ready) for (const t of this.queue.splice(0)) t.reject(error);
    if (!this.closed) this.pump();
  }

  private finish(slot: Slot): void {
    this.clearTimer(slot);
    slot.task = null;
    slot.since = null;
    this.pump();
  }
}
