/**
 * Matches MTs at the fake provider to the MOs they answer. Every benchmark reply repeats the MO's
 * text ("Re: <MO text>") and every MO text is unique in the run, so the match is exact; it also
 * shows a reply that came twice.
 */
import type { FakeProvider, ReceivedMt } from './fake-provider';

export const replyTo = (moText: string) => `Re: ${moText}`;

export class ReplyLog {
  /** MO text → arrival times of its replies (more than one = sent twice). */
  readonly arrivals = new Map<string, number[]>();
  lastAt = 0;
  private readonly waiting = new Map<string, () => void>();
  private readonly unsubscribe: () => void;

  /** `tag` picks this phase's MOs: their texts carry " <tag><n>" after the keyword. */
  constructor(provider: FakeProvider, private readonly tag: string) {
    this.unsubscribe = provider.onMt((mt) => this.add(mt));
  }

  get handled(): number {
    return this.arrivals.size;
  }

  get duplicates(): number {
    let n = 0;
    for (const times of this.arrivals.values()) n += times.length - 1;
    return n;
  }

  firstArrival(moText: string): number | undefined {
    return this.arrivals.get(moText)?.[0];
  }

  /** Resolves with the arrival time of the reply to `moText`, or undefined after `timeoutMs`. */
  waitFor(moText: string, timeoutMs: number): Promise<number | undefined> {
    const seen = this.firstArrival(moText);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(moText);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(moText, () => {
        clearTimeout(timer);
        resolve(this.firstArrival(moText));
      });
    });
  }

  close(): void {
    this.unsubscribe();
  }

  private add(mt: ReceivedMt): void {
    if (!mt.text.startsWith('Re: ')) return;
    const moText = mt.text.slice(4);
    if (!moText.includes(` ${this.tag}`)) return;
    const times = this.arrivals.get(moText);
    if (times) times.push(mt.at);
    else this.arrivals.set(moText, [mt.at]);
    this.lastAt = Math.max(this.lastAt, mt.at);
    this.waiting.get(moText)?.();
    this.waiting.delete(moText);
  }
}
