import type { CompiledSpec } from './compile';
import { levelOf, typosOf, type WordMatch } from './word-match';

/** Long messages are cut in the run log: the reason must stay one readable line. */
export function quote(text: string): string {
  const oneLine = /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
  if (oneLine.length <= 60) return JSON.stringify(oneLine);
  const chars = Array.from(oneLine);
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : oneLine);
}

function how(score: number): string {
  const level = levelOf(score);
  if (level === 'exact') return '';
  if (level === 'folded') return ' (after folding accents/look-alike letters)';
  const typos = typosOf(score);
  return ` with ${typos} typo${typos === 1 ? '' : 's'}`;
}

export function wordMatchReason(spec: CompiledSpec, tokens: readonly string[], m: WordMatch): string {
  const found = quote(tokens.slice(m.from, m.to).join(' '));
  const kw = JSON.stringify(m.value.configured);
  const suffix = how(m.score);
  switch (spec.mode) {
    case 'first_word':
      return m.value.tokens.length === 1
        ? `first word ${found} matches keyword ${kw}${suffix}`
        : `message starts with ${found}, keyword ${kw}${suffix}`;
    case 'only_word':
      return `message is only ${found}, keyword ${kw}${suffix}`;
    case 'any_word':
      return `word ${found} matches keyword ${kw}${suffix}`;
    case 'all_words':
      return `all words of ${kw} appear in the message${suffix}`;
    case 'phrase':
      return `phrase ${kw} appears as ${found}${suffix}`;
    case 'starts_with':
      return `message starts with ${found}, value ${kw}${suffix}`;
    default:
      return `message ${found} equals ${kw}${suffix}`;
  }
}

export function wordMissReason(spec: CompiledSpec, text: string, tokens: readonly string[]): string {
  const list = `(${spec.valueList})`;
  if (tokens.length === 0) return `message ${quote(text)} has no words to compare with ${list}`;
  switch (spec.mode) {
    case 'first_word':
      return `first word ${quote(tokens[0] ?? '')} is not a keyword ${list}`;
    case 'only_word':
      return `message ${quote(text)} is not a single keyword ${list}`;
    case 'any_word':
      return `no word of ${quote(text)} is a keyword ${list}`;
    case 'all_words':
      return `no keyword has all its words in ${quote(text)} ${list}`;
    case 'phrase':
      return `no phrase ${list} appears in ${quote(text)}`;
    case 'starts_with':
      return `message ${quote(text)} does not start with any of ${list}`;
    default:
      return `message ${quote(text)} is not exactly any of ${list}`;
  }
}
