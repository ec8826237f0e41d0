/**
 * Runs engine turns in worker threads with a watchdog, so one runaway evaluation (a JSONata native
 * call over a large input, anything the in-engine 250 ms budget cannot interrupt) is stopped by
 * terminating its worker: that turn fails with a clear reason, the worker is replaced, and every
 * other turn goes on. The unit of work is plain data (a TurnJob in, a RunResult out); the ports stay
 * with the host, which answers the worker's port calls.
 *
 * A worker runs many turns at once: a turn waiting on a port (an HTTP lookup that may take 30 s)
 * holds no slot, and at most `turnsPerWorker` turns that are not waiting are given to one worker.
 * The worker executes one turn at a time and writes which on a shared busy clock (busy-clock.ts);
 * the watchdog reads it, so it counts each turn's busy time only (port waits excluded) and names the
 * turn that ran away even while its worker cannot answer.
 *
 * When a worker is stopped, the other turns it held did nothing wrong. They are run again from
 * scratch on a fresh worker, and their port calls are answered from the record of the first run, by
 * position (a call still in flight, an HTTP lookup say, is awaited, not made again): so no port call
 * — with whatever effect it has on the host or outside — is made twice. A re-run that takes another
 * path (its calls differ from the record) makes the calls that differ for real. A turn that has lost
 * its worker twice fails with the reason.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BusyClock } from './busy-clock';
import { threadCpuMs } from './thread-cpu';
import type { EnginePorts, RunEvent, RunResult } from './engine-types';
import { toWire, type FromWorker, type ToWorker, type TurnJob, type TurnSettings, type WireJob } from './protocol';
import { turnWorkerScript } from './worker-script';

export interface TurnPoolOptions {
  /** Worker threads (default: available cores, at least 1, at most 4). */
  workers?: number;
  /** Processing time one turn may use, port waits excluded (default 2000 ms). */
  busyBudgetMs?: number;
  /** Heap limit of each worker (default 256 MB): a memory bomb kills its worker, not the process. */
  maxHeapMb?: number;
  /** Turns not waiting on a port given to one worker at once (default 32); the rest queue here. */
  turnsPerWorker?: number;
  /**
   * How much nicer than the process the worker threads run (Linux; default 0 = same priority): busy
   * turns then yield the cores to the thread that answers HTTP and writes. JSONata's per-evaluation
   * budget is wall time, so a starved worker may see expressions time out.
   */
  workerNice?: number;
}

export type TurnStopReason = 'busy_budget' | 'memory' | 'crashed' | 'evicted' | 'closed';

/** The turn was stopped by the pool: the reason names the limit. */
export class TurnStoppedError extends Error {
  constructor(readonly reason: TurnStopReason, message: string) {
    super(message);
    this.name = 'TurnStoppedError';
  }
}

/** Times a turn is run again after its worker was stopped for another turn. */
const MAX_RERUNS = 2;

interface Task {
  id: number;
  job: TurnJob;
  settings: TurnSettings;
  ports: EnginePorts;
  resolve: (r: RunResult) => void;
  reject: (e: unknown) => void;
  /** Port calls made so far, in order: a re-run is answered from them. */
  calls: { key: string; value: Promise<unknown> }[];
  openCalls: number;
  reruns: number;
}

interface Slot {
  worker: Worker;
  clock: BusyClock;
  /** Loaded and taking work (loading is not charged to any turn). */
  ready: boolean;
  tasks: Map<number, Task>;
  /** Tasks not waiting on a port call. */
  active: number;
  /** Flow keys this worker was sent a definition for. */
  flows: Set<string>;
  /** The worker thread's Linux id (its CPU time is read from /proc), null elsewhere. */
  tid: number | null;
  /** The stretch the watchdog is timing: first seen at `cpu` ms of thread CPU, `lag` ms after it began. */
  watched: { task: number; since: number; cpu: number; lag: number } | null;
}

export class TurnPool {
  readonly size: number;
  readonly busyBudgetMs: number;
  readonly maxHeapMb: number;
  readonly turnsPerWorker: number;
  readonly workerNice: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(options: TurnPoolOptions = {}) {
    this.size = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
    this.busyBudgetMs = options.busyBudgetMs ?? 2000;
    this.maxHeapMb = options.maxHeapMb ?? 256;
    this.turnsPerWorker = Math.max(1, options.turnsPerWorker ?? 32);
    this.workerNice = Math.min(19, Math.max(0, options.workerNice ?? 0));
  }

  /** Runs one turn; rejects with TurnStoppedError when the watchdog or a limit stopped it. */
  runTurn(job: TurnJob, ports: EnginePorts, settings: TurnSettings = {}): Promise<RunResult> {
    if (this.closed) return Promise.reject(new TurnStoppedError('closed', 'the engine pool is closed'));
    return new Promise<RunResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, settings, ports, resolve, reject, calls: [], openCalls: 0, reruns: 0 });
      this.pump();
    });
  }

  /** Starts the workers now, so the first turns do not wait for them to load. */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /** Turns waiting for a worker, turns in workers (running or waiting on a port), workers. */
  stats(): { queued: number; running: number; workers: number } {
    return { queued: this.queue.length, running: this.slots.reduce((n, s) => n + s.tasks.size, 0), workers: this.slots.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setWatchdog(false);
    for (const t of this.queue.splice(0)) t.reject(new TurnStoppedError('closed', 'the engine pool closed before the turn ran'));
    await Promise.all(this.slots.splice(0).map((s) => {
      for (const t of s.tasks.values()) t.reject(new TurnStoppedError('closed', 'the engine pool closed while the turn ran'));
      s.tasks.clear();
      return s.worker.terminate();
    }));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (s.ready && s.active < this.turnsPerWorker && (!slot || s.active < slot.active)) slot = s;
      if (!slot) {
        // a new worker starts only when none is loading: it asks for work once ready
        if (this.slots.length < this.size && this.slots.every((s) => s.ready)) this.spawn();
        break;
      }
      this.assign(slot, this.queue.shift()!);
    }
    this.setWatchdog(this.slots.some((s) => s.tasks.size > 0));
  }

  private spawn(): void {
    const clock = new BusyClock();
    const worker = new Worker(turnWorkerScript(), { workerData: { clock: clock.buffer, nice: this.workerNice }, resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    worker.unref();
    const slot: Slot = { worker, clock, ready: false, tasks: new Map(), active: 0, flows: new Set(), tid: null, watched: null };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, slot.clock.current(), memory
        ? new TurnStoppedError('memory', `the turn used more than the ${this.maxHeapMb} MB of memory a turn may use and was stopped`)
        : new TurnStoppedError('crashed', `the turn's worker crashed: ${err.message}`));
    });
    worker.on('exit', () => this.retire(slot, slot.clock.current(), new TurnStoppedError('crashed', "the turn's worker exited")));
    this.slots.push(slot);
  }

  private assign(slot: Slot, task: Task): void {
    slot.tasks.set(task.id, task);
    task.openCalls = 0;
    slot.active++;
    this.post(slot, { type: 'job', id: task.id, job: this.wire(slot, task.job, false), settings: task.settings });
  }

  /** The job as sent to this worker: without its definition when the worker holds it by key. */
  private wire(slot: Slot, job: TurnJob, force: boolean): WireJob {
    const key = job.flowKey;
    if (!key) return job;
    if (force || !slot.flows.has(key)) {
      if (slot.flows.size >= 1000) slot.flows.clear();
      slot.flows.add(key);
      return job;
    }
    return job.kind === 'start' ? { ...job, params: { ...job.params, definition: undefined } } : { ...job, definition: undefined };
  }

  private post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      slot.tid = msg.tid;
      this.pump();
      return;
    }
    const task = slot.tasks.get(msg.id);
    if (!task) return;
    if (msg.type === 'port_call') {
      const wasFull = slot.active >= this.turnsPerWorker;
      if (task.openCalls++ === 0) slot.active--;
      this.answer(slot, task, msg);
      // a turn waiting on a port leaves its place to a queued one
      if (wasFull) this.pump();
      return;
    }
    if (msg.type === 'missing_flow') {
      this.post(slot, { type: 'job', id: task.id, job: this.wire(slot, task.job, true), settings: task.settings });
      return;
    }
    slot.tasks.delete(task.id);
    if (task.openCalls === 0) slot.active--;
    if (msg.type === 'done') task.resolve({ state: msg.state, events: msg.events as RunEvent[] });
    else task.reject(Object.assign(new Error(msg.error.message), msg.error));
    this.pump();
  }

  private answer(slot: Slot, task: Task, msg: Extract<FromWorker, { type: 'port_call' }>): void {
    const key = `${msg.port}.${msg.method}`;
    let record = task.calls[msg.call];
    if (!record || record.key !== key) {
      task.calls.length = msg.call; // a re-run that went another way: from here its calls are its own
      record = { key, value: invoke(task.ports, msg.port, msg.method, msg.args) };
      task.calls.push(record);
    }
    const reply = (r: { ok: true; value: unknown } | { ok: false; error: unknown }) => {
      if (slot.tasks.get(task.id) !== task) return; // stopped meanwhile (and maybe re-run elsewhere)
      if (--task.openCalls === 0) slot.active++;
      this.post(slot, r.ok
        ? { type: 'port_reply', id: task.id, call: msg.call, ok: true, value: r.value }
        : { type: 'port_reply', id: task.id, call: msg.call, ok: false, error: toWire(r.error) });
    };
    record.value.then((value) => reply({ ok: true, value }), (error: unknown) => reply({ ok: false, error }));
  }

  private setWatchdog(on: boolean): void {
    if (on && !this.watchdog) {
      const every = Math.min(250, Math.max(10, Math.floor(this.busyBudgetMs / 5)));
      this.watchdog = setInterval(() => this.patrol(), every);
      this.watchdog.unref();
    } else if (!on && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = null;
    }
  }

  /**
   * The watchdog: a turn past its busy budget has its worker stopped. The worker's clock is wall
   * time; where the thread's CPU time can be read, the current stretch counts the CPU it used since
   * the watchdog first saw it (plus the lag before that), so a starved worker is not taken for a
   * runaway one.
   */
  private patrol(): void {
    const now = Date.now();
    for (const slot of [...this.slots]) {
      const busy = slot.clock.read(now);
      if (!busy) {
        slot.watched = null;
        continue;
      }
      let used = busy.busyMs;
      if (slot.tid !== null) {
        const w = slot.watched;
        if (!w || w.task !== busy.task || w.since !== busy.since) {
          const cpu = threadCpuMs(slot.tid);
          slot.watched = cpu === null ? null : { task: busy.task, since: busy.since, cpu, lag: now - busy.since };
          if (cpu !== null) continue;
        } else {
          const cpu = threadCpuMs(slot.tid);
          if (cpu !== null) used = busy.usedBefore + w.lag + (cpu - w.cpu);
        }
      }
      if (used <= this.busyBudgetMs) continue;
      this.retire(slot, busy.task, new TurnStoppedError('busy_budget',
        `the turn ran for ${Math.round(used)} ms of processing, more than the ${this.busyBudgetMs} ms a turn may use (a runaway expression?), and was stopped`));
    }
  }

  /**
   * Removes a worker that is being stopped or has died. The turn it was executing (`culprit`) fails
   * with `error`; the others it held run again on another worker.
   */
  private retire(slot: Slot, culprit: number | null, error: TurnStoppedError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.worker.removeAllListeners('exit');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    const tasks = [...slot.tasks.values()];
    slot.tasks.clear();
    const again: Task[] = [];
    for (const task of tasks) {
      if (task.id === culprit) task.reject(error);
      else if (this.closed) task.reject(new TurnStoppedError('closed', 'the engine pool closed while the turn ran'));
      else if (task.reruns >= MAX_RERUNS) {
        task.reject(new TurnStoppedError('evicted', `the turn's worker was stopped ${task.reruns + 1} times because of other turns (last: ${error.message}); it was not run again`));
      } else {
        task.reruns++;
        again.push(task);
      }
    }
    this.queue.unshift(...again);
    // a worker that dies while loading would die again: fail what waits instead of respawning forever
    if (!slot.ready) for (const t of this.queue.splice(0)) t.reject(error);
    if (!this.closed) this.pump();
  }
}

function invoke(ports: EnginePorts, port: string, method: string, args: unknown[]): Promise<unknown> {
  try {
    const target = (ports as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[port];
    const fn = target?.[method];
    if (typeof fn !== 'function') throw new Error(`no port ${port}.${method}`);
    return Promise.resolve(fn.apply(target, args));
  } catch (err) {
    return Promise.reject(err);
  }
}
