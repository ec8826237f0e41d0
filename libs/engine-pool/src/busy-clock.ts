/**
 * Which turn a worker thread is executing and for how long, in memory the worker and the pool
 * share. The worker runs many turns at once but executes one at a time (it is single-threaded): it
 * writes the turn it switches to, and the pool's watchdog reads it without a message, so a turn
 * stuck in one synchronous native call is still named and timed while its worker cannot answer.
 *
 * Cells: the task id (IDLE when the worker waits for messages), when its current stretch began
 * (epoch ms) and its busy milliseconds before that stretch. The writer clears the task cell first
 * and sets it last, and the reader checks it did not change while reading: no lock needed.
 */
const TASK = 0;
const SINCE = 1;
const USED = 2;

export const IDLE = -1;

export class BusyClock {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Float64Array;

  /** Without a buffer: a new, idle clock (the pool's side); with one: the worker's view of it. */
  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT);
    this.cells = new Float64Array(this.buffer);
    if (!buffer) this.cells[TASK] = IDLE;
  }

  /** Worker side: `task` executes from `since`, having used `usedBefore` ms already. */
  enter(task: number, since: number, usedBefore: number): void {
    this.cells[TASK] = IDLE;
    this.cells[SINCE] = since;
    this.cells[USED] = usedBefore;
    this.cells[TASK] = task;
  }

  /** Worker side: nothing executes (the thread waits for messages). */
  idle(): void {
    this.cells[TASK] = IDLE;
  }

  /** Pool side: the task executing, since when, and its busy time before and so far; null when idle. */
  read(now: number): { task: number; since: number; usedBefore: number; busyMs: number } | null {
    const task = this.cells[TASK]!;
    if (task === IDLE) return null;
    const since = this.cells[SINCE]!;
    const usedBefore = this.cells[USED]!;
    return this.cells[TASK] === task ? { task, since, usedBefore, busyMs: usedBefore + now - since } : null;
  }

  /** Pool side, after the worker died: the task it was executing, if any. */
  current(): number | null {
    const task = this.cells[TASK]!;
    return task === IDLE ? null : task;
  }
}
