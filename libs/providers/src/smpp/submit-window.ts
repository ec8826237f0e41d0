/** Caps the submit_sm PDUs awaiting a response; further submits wait their turn in order. */
export class SubmitWindow {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  /** Highest number of PDUs outstanding at once, for tests and metrics. */
  peak = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`windowSize: must be a positive integer, got ${size}`);
  }

  async acquire(): Promise<void> {
    if (this.inFlight < this.size) {
      this.take();
      return;
    }
    // The releasing PDU hands its slot straight to us (see release), so no take() here.
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Hands the slot to the oldest waiter rather than freeing it: freeing first would let a
   * newcomer take it synchronously before the waiter wakes, and both would then be in flight. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight--;
  }

  get outstanding(): number {
    return this.inFlight;
  }

  private take(): void {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
  }
}
