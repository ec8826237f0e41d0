import { foldCase, foldToken } from './fold';
import { tokenizeFolded } from './tokenize';

const HAS_DIGIT = /\p{N}/u;

/** One inbound text, tokenised once and folded lazily per folding combination. */
export class AnalysedText {
  readonly tokens: readonly string[];
  private nfkcText: string | undefined;
  private readonly foldedByKey: (string[] | undefined)[] = [undefined, undefined, undefined, undefined];
  private digitFlags: boolean[] | undefined;

  constructor(readonly text: string) {
    this.tokens = tokenizeFolded(foldCase(text));
  }

  /** The raw text in NFKC (regex and number modes read it; case is handled by the regex flag). */
  get nfkc(): string {
    return (this.nfkcText ??= this.text.normalize('NFKC'));
  }

  folded(foldKey: number, foldAccents: boolean, foldLookalikes: boolean): string[] {
    let folded = this.foldedByKey[foldKey];
    if (!folded) {
      folded = this.tokens.map((t) => foldToken(t, foldAccents, foldLookalikes));
      this.foldedByKey[foldKey] = folded;
    }
    return folded;
  }

  hasDigit(index: number): boolean {
    this.digitFlags ??= this.tokens.map((t) => HAS_DIGIT.test(t));
    return this.digitFlags[index] ?? false;
  }
}

// A dispatcher tries every trigger against the same message: remembering the last text makes that one
// tokenisation instead of one per trigger.
let last: AnalysedText | undefined;

export function analyse(text: string): AnalysedText {
  if (last?.text !== text) last = new AnalysedText(text);
  return last;
}
