import type { Outcome } from './outbox.repository';

const MAX_BATCH = 500;

/**
 * Group commit for the sender's results: outcomes pushed while a transaction is being written are
 * gathered and written together by the next one, so N provider answers cost about one commit, not
 * N. `push` resolves once its outcome is committed (or rejects with the transaction's error).
 */
export class OutcomeWriter {
  private pending: { outcome: Outcome; done: (err?: Error) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly write: (outcomes: Outcome[]) => Promise<void>, private readonly onError: (err: Error, count: number) => void) {}

  push(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ outcome, done: (err) => (err ? reject(err) : resolve()) });
      this.writing ??= this.loop();
    });
  }

  /** Resolves when everything pushed so far is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async loop(): Promise<void> {
    // Let the outcomes of the same tick join the first transaction.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.write(batch.map((b) => b.outcome));
          for (const b of batch) b.done();
        } catch (err) {
          if (batch.length === 1) {
            this.onError(err as Error, 1);
            batch[0]!.done(err as Error);
            continue;
          }
          // One bad row must not sink the others: write them one by one.
          for (const b of batch) {
            try {
              await this.write([b.outcome]);
              b.done();
            } catch (one) {
              this.onError(one as Error, 1);
              b.done(one as Error);
            }
          }
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
