import { analyse } from './analyse';
import { compileSpec, WORD_MODES, type CompiledSpec } from './compile';
import { extractNumber } from './numbers';
import { quote, wordMatchReason, wordMissReason } from './reasons';
import type { TextMatchResult, TextMatchSpec } from './types';
import { bestWordMatch, levelOf } from './word-match';

/**
 * Matches one inbound text against one trigger or match-case spec. Never throws for any text; throws a
 * `TextMatchSpecError` naming the field when the spec itself cannot be applied (no values, bad regex).
 *
 * Mode semantics (M = message tokens, V = a value's tokens; punctuation and whitespace never count):
 * - first_word: M starts with V (for a one-word value: the first word is the keyword).
 * - only_word: M is exactly V ("JOIN!" yes, "join now" no).
 * - any_word: V appears anywhere in M (contiguously, for multi-word values).
 * - all_words: every word of any ONE value appears in M, in any order ("now join" matches "JOIN NOW").
 * - phrase: V appears contiguously in M.
 * - starts_with: M starts with V at a token boundary ("JOIN" matches "join now", not "joined").
 * - exact: M equals V.
 * - regex: the pattern (case-insensitive, unicode) searched in the NFKC text.
 * - number / number_between: the first number in the text, within min..max (inclusive) when set.
 */
export function matchText(text: string, spec: TextMatchSpec): TextMatchResult {
  const compiled = compileSpec(spec);
  const input = typeof text === 'string' ? text : '';
  if (WORD_MODES.has(compiled.mode)) return matchWords(input, compiled);
  if (compiled.mode === 'regex') return matchRegex(input, compiled);
  return matchNumber(input, compiled);
}

function matchWords(text: string, spec: CompiledSpec): TextMatchResult {
  const msg = analyse(text);
  const m = bestWordMatch(msg, spec);
  if (!m) return { matched: false, reason: wordMissReason(spec, text, msg.tokens) };
  return {
    matched: true,
    value: m.value.configured,
    matchedBy: levelOf(m.score),
    reason: wordMatchReason(spec, msg.tokens, m),
  };
}

function matchRegex(text: string, spec: CompiledSpec): TextMatchResult {
  const regex = spec.regex!;
  const m = regex.exec(analyse(text).nfkc);
  const shown = `/${regex.source}/`;
  if (!m) return { matched: false, reason: `message ${quote(text)} does not match ${shown}` };
  const result: TextMatchResult = {
    matched: true,
    value: m[0],
    matchedBy: 'exact',
    reason: `message matches ${shown} at ${quote(m[0])}`,
  };
  if (m.groups) {
    const captures: Record<string, string> = {};
    for (const [name, v] of Object.entries(m.groups)) if (v !== undefined) captures[name] = v;
    result.captures = captures;
  }
  return result;
}

function matchNumber(text: string, spec: CompiledSpec): TextMatchResult {
  const found = extractNumber(analyse(text).nfkc);
  const range = describeRange(spec);
  if (!found) return { matched: false, reason: `no number in ${quote(text)}${range ? ` (expected ${range})` : ''}` };
  const inRange = (spec.min === undefined || found.value >= spec.min) && (spec.max === undefined || found.value <= spec.max);
  if (!inRange) return { matched: false, number: found.value, reason: `number ${found.text} is not ${range}` };
  return {
    matched: true,
    value: found.text,
    number: found.value,
    matchedBy: 'exact',
    reason: range ? `number ${found.text} is ${range}` : `found number ${found.text}`,
  };
}

function describeRange(spec: CompiledSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `between ${spec.min} and ${spec.max}`;
  if (spec.min !== undefined) return `at least ${spec.min}`;
  if (spec.max !== undefined) return `at most ${spec.max}`;
  return '';
}
