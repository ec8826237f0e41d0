import type { AnalysedText } from './analyse';
import type { CompiledSpec, CompiledToken, CompiledValue } from './compile';
import { damerauLevenshtein } from './distance';

/**
 * Scores are small integers, lower is better, so the best of several candidates is a plain `<`:
 * level * 100 + typos, where level 0 = exact, 1 = folded, 2 = fuzzy. NO_MATCH means no match.
 */
export const NO_MATCH = -1;
const FOLDED = 100;
const FUZZY = 200;

export function levelOf(score: number): 'exact' | 'folded' | 'fuzzy' {
  return score >= FUZZY ? 'fuzzy' : score >= FOLDED ? 'folded' : 'exact';
}

export function typosOf(score: number): number {
  return score >= FUZZY ? score - FUZZY : 0;
}

/** Several tokens matched together: the weakest level counts, typos add up. */
function combine(a: number, b: number): number {
  return Math.max(a - (a % 100), b - (b % 100)) + (a % 100) + (b % 100);
}

export interface WordMatch {
  value: CompiledValue;
  score: number;
  /** First and one-past-last message token of the match (all_words: first and last matched). */
  from: number;
  to: number;
}

/** One message token against one keyword token. */
function scoreToken(msg: AnalysedText, i: number, kw: CompiledToken, spec: CompiledSpec): number {
  const exact = msg.tokens[i];
  if (exact === undefined) return NO_MATCH;
  if (exact === kw.exact) return 0;
  let candidate = exact;
  if (spec.folding) {
    candidate = msg.folded(spec.foldKey, spec.foldAccents, spec.foldLookalikes)[i] ?? exact;
    if (candidate === kw.folded) return FOLDED;
  }
  if (kw.maxTypos === 0 || msg.hasDigit(i)) return NO_MATCH;
  const d = damerauLevenshtein(candidate, kw.folded, kw.maxTypos);
  return d <= kw.maxTypos ? FUZZY + d : NO_MATCH;
}

/** The value's tokens against the message's tokens starting at `start`, contiguously. */
function scoreAt(msg: AnalysedText, start: number, value: CompiledValue, spec: CompiledSpec): number {
  if (start + value.tokens.length > msg.tokens.length) return NO_MATCH;
  let total = 0;
  for (let k = 0; k < value.tokens.length; k++) {
    const s = scoreToken(msg, start + k, value.tokens[k]!, spec);
    if (s === NO_MATCH) return NO_MATCH;
    total = k === 0 ? s : combine(total, s);
  }
  return total;
}

function matchValue(msg: AnalysedText, value: CompiledValue, spec: CompiledSpec): WordMatch | undefined {
  const n = msg.tokens.length;
  const len = value.tokens.length;
  switch (spec.mode) {
    case 'first_word':
    case 'starts_with': {
      const score = scoreAt(msg, 0, value, spec);
      return score === NO_MATCH ? undefined : { value, score, from: 0, to: len };
    }
    case 'only_word':
    case 'exact': {
      if (n !== len) return undefined;
      const score = scoreAt(msg, 0, value, spec);
      return score === NO_MATCH ? undefined : { value, score, from: 0, to: len };
    }
    case 'any_word':
    case 'phrase': {
      let best: WordMatch | undefined;
      for (let start = 0; start + len <= n; start++) {
        const score = scoreAt(msg, start, value, spec);
        if (score !== NO_MATCH && (!best || score < best.score)) best = { value, score, from: start, to: start + len };
        if (score === 0) break;
      }
      return best;
    }
    case 'all_words':
      return matchAllWords(msg, value, spec);
    default:
      return undefined;
  }
}

/** Every token of the value somewhere in the message, in any order; each at its best position. */
function matchAllWords(msg: AnalysedText, value: CompiledValue, spec: CompiledSpec): WordMatch | undefined {
  let total = 0;
  let from = msg.tokens.length;
  let to = 0;
  for (let k = 0; k < value.tokens.length; k++) {
    let best = NO_MATCH;
    let at = -1;
    for (let i = 0; i < msg.tokens.length && best !== 0; i++) {
      const s = scoreToken(msg, i, value.tokens[k]!, spec);
      if (s !== NO_MATCH && (best === NO_MATCH || s < best)) {
        best = s;
        at = i;
      }
    }
    if (best === NO_MATCH) return undefined;
    total = k === 0 ? best : combine(total, best);
    from = Math.min(from, at);
    to = Math.max(to, at + 1);
  }
  return { value, score: total, from, to };
}

/** The best value: lowest score, the earliest configured value on ties. */
export function bestWordMatch(msg: AnalysedText, spec: CompiledSpec): WordMatch | undefined {
  let best: WordMatch | undefined;
  for (const value of spec.values) {
    const m = matchValue(msg, value, spec);
    if (m && (!best || m.score < best.score)) {
      best = m;
      if (m.score === 0) break;
    }
  }
  return best;
}
