/**
 * When a batch's turns are far enough along to write the batch: every contact has finished or waits
 * on slow I/O (an HTTP lookup, its backoff), or nothing has finished or parked for `stallMs` (a turn
 * stuck in a worker until the watchdog stops it, or queued behind it). Those not done are written
 * with a later batch. Counts only: the pump reports each contact's changes.
 */
export class BatchQuiet {
  /** Contacts neither finished nor waiting on slow I/O. */
  private active: number;
  private timer: NodeJS.Timeout | null = null;
  private last = 0;
  private done = false;
  private resolve!: () => void;
  readonly reached = new Promise<void>((r) => (this.resolve = r));

  constructor(contacts: number, private readonly stallMs: number) {
    this.active = contacts;
    this.moved();
  }

  finished(): void {
    this.active--;
    this.moved();
  }

  /** A contact began (true) or stopped (false) waiting on slow I/O. */
  waiting(on: boolean): void {
    this.active += on ? -1 : 1;
    if (on) this.moved();
  }

  private moved(): void {
    if (this.done) return;
    if (this.active <= 0) return this.end();
    this.last = Date.now();
    this.timer ??= setTimeout(() => this.check(), this.stallMs);
  }

  /** One timer, moved on lazily: progress only stamps the time. */
  private check(): void {
    this.timer = null;
    if (this.done) return;
    const left = this.last + this.stallMs - Date.now();
    if (left <= 0) return this.end();
    this.timer = setTimeout(() => this.check(), left);
  }

  private end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.done = true;
    this.resolve();
  }
}
