import { foldCase, foldToken } from './fold';
import { tokenizeFolded } from './tokenize';
import type { NormalizeOptions } from './types';

/**
 * The text as matching sees it: NFKC, case folded, optionally accent- and look-alike-folded (both on by
 * default, like match specs), punctuation and extra whitespace removed, tokens joined by one space.
 * `normalize('  Café, s’il vous plaît! ')` → `"cafe s'il vous plait"`.
 */
export function normalize(text: string, opts: NormalizeOptions = {}): string {
  const foldAccents = opts.foldAccents ?? true;
  const foldLookalikes = opts.foldLookalikes ?? true;
  return tokenizeFolded(foldCase(text))
    .map((t) => foldToken(t, foldAccents, foldLookalikes))
    .filter((t) => t !== '')
    .join(' ');
}
