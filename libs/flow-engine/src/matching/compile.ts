import { compileLinearRegex, MATCH_REGEX_FLAGS, type LinearRegex } from '@moflow/flow-spec';
import { foldCase, foldToken } from './fold';
import { tokenizeFolded } from './tokenize';
import { TextMatchSpecError, type TextMatchMode, type TextMatchSpec } from './types';

export const WORD_MODES: ReadonlySet<TextMatchMode> = new Set([
  'first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact',
]);
const ALL_MODES: readonly TextMatchMode[] = [...WORD_MODES, 'regex', 'number', 'number_between'];
const HAS_DIGIT = /\p{N}/u;

export interface CompiledToken {
  /** NFKC + case folded. */
  exact: string;
  /** `exact` with the spec's accent / look-alike folding. */
  folded: string;
  /** Edits allowed by typo tolerance: 0, 1 (5+ letters) or 2 (9+ letters); always 0 with digits. */
  maxTypos: number;
}

export interface CompiledValue {
  configured: string;
  tokens: CompiledToken[];
}

export interface CompiledSpec {
  mode: TextMatchMode;
  foldAccents: boolean;
  foldLookalikes: boolean;
  folding: boolean;
  typoTolerance: boolean;
  /** Index of the folding combination, to cache folded message tokens per combination. */
  foldKey: 0 | 1 | 2 | 3;
  values: CompiledValue[];
  /** "JOIN, SUBSCRIBE" for reasons. */
  valueList: string;
  regex?: LinearRegex;
  min?: number;
  max?: number;
}

// Specs come from published, immutable flow versions: compiling once per spec object keeps the hot path
// to tokenising the message. A spec mutated after its first use is not seen again (documented).
const cache = new WeakMap<TextMatchSpec, CompiledSpec>();

export function compileSpec(spec: TextMatchSpec): CompiledSpec {
  let compiled = cache.get(spec);
  if (!compiled) {
    compiled = compile(spec);
    cache.set(spec, compiled);
  }
  return compiled;
}

function compile(spec: TextMatchSpec): CompiledSpec {
  if (!ALL_MODES.includes(spec.mode)) {
    throw new TextMatchSpecError('mode', `unknown match mode ${JSON.stringify(spec.mode)} (expected one of ${ALL_MODES.join(', ')})`);
  }
  const foldAccents = spec.foldAccents ?? true;
  const foldLookalikes = spec.foldLookalikes ?? true;
  const typoTolerance = spec.typoTolerance ?? false;
  const compiled: CompiledSpec = {
    mode: spec.mode,
    foldAccents,
    foldLookalikes,
    folding: foldAccents || foldLookalikes,
    typoTolerance,
    foldKey: ((foldAccents ? 1 : 0) + (foldLookalikes ? 2 : 0)) as CompiledSpec['foldKey'],
    values: [],
    valueList: '',
  };
  if (WORD_MODES.has(spec.mode)) {
    compiled.values = compileValues(spec, foldAccents, foldLookalikes, typoTolerance);
    compiled.valueList = listValues(compiled.values.map((v) => v.configured));
  } else if (spec.mode === 'regex') {
    compiled.regex = compileRegex(spec.pattern);
  } else {
    compileRange(spec, compiled);
  }
  return compiled;
}

function compileValues(spec: TextMatchSpec, foldAccents: boolean, foldLookalikes: boolean, typos: boolean): CompiledValue[] {
  if (!Array.isArray(spec.values) || spec.values.length === 0) {
    throw new TextMatchSpecError('values', `must list at least one keyword for mode "${spec.mode}"`);
  }
  return spec.values.map((configured, i) => {
    if (typeof configured !== 'string') throw new TextMatchSpecError(`values[${i}]`, 'must be text');
    const tokens = tokenizeFolded(foldCase(configured)).map((exact) => {
      const folded = foldToken(exact, foldAccents, foldLookalikes);
      return { exact, folded, maxTypos: typos ? typoLimit(folded) : 0 };
    });
    if (tokens.length === 0) {
      throw new TextMatchSpecError(`values[${i}]`, `${JSON.stringify(configured)} has no letters, digits, symbols or emoji to match`);
    }
    return { configured, tokens };
  });
}

/** Damerau-Levenshtein 1 for words of 5+ letters, 2 for 9+; never for words with digits (codes, amounts). */
export function typoLimit(word: string): number {
  if (HAS_DIGIT.test(word)) return 0;
  const length = Array.from(word).length;
  return length >= 9 ? 2 : length >= 4 ? 1 : 0;
}

/** User patterns run on the linear-time engine: no SMS can make one backtrack for seconds. */
function compileRegex(pattern: string | undefined): LinearRegex {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new TextMatchSpecError('pattern', 'is required for mode "regex"');
  }
  const result = compileLinearRegex(pattern, MATCH_REGEX_FLAGS);
  if (result.ok) return result.regex;
  const detail = result.kind === 'invalid' ? `is not a valid regular expression: ${result.message.replace(/^regex does not compile: /, '')}` : `cannot be used: ${result.message}`;
  throw new TextMatchSpecError('pattern', detail);
}

function compileRange(spec: TextMatchSpec, compiled: CompiledSpec): void {
  for (const field of ['min', 'max'] as const) {
    const v = spec[field];
    if (v === undefined) {
      if (spec.mode === 'number_between') throw new TextMatchSpecError(field, 'is required for mode "number_between"');
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TextMatchSpecError(field, 'must be a finite number');
    compiled[field] = v;
  }
  if (compiled.min !== undefined && compiled.max !== undefined && compiled.min > compiled.max) {
    throw new TextMatchSpecError('max', `must be at least min (${compiled.min})`);
  }
}

function listValues(values: string[]): string {
  const shown = values.slice(0, 6).join(', ');
  return values.length > 6 ? `${shown}, … ${values.length - 6} more` : shown;
}
