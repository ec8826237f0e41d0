/**
 * RapidPro router tests as Moflow match cases. Word tests keep RapidPro's tokenised meaning:
 * Moflow's word modes with accent folding, look-alike folding and typo tolerance switched off.
 */
import { excellentToExpression, type ExcellentScope } from '../expressions/excellent';
import { normalised } from '../expressions/jsonata';
import { quote } from '../names';
import type { RpCase } from './rapidpro-model';

export type CaseConfig = Record<string, unknown>;
export type CaseResult = { config: CaseConfig; approximated?: string; numeric?: boolean } | { error: string };

const strict = { foldAccents: false, foldLookalikes: false, typoTolerance: false };
const words = (s: string) => s.split(/[\s,]+/).map((w) => w.trim()).filter(Boolean);

function num(arg: string | undefined): number | null {
  if (arg === undefined || !/^\s*-?\d+(\.\d+)?\s*$/.test(arg)) return null;
  return Number(arg);
}

/** The argument as literal text, or null when it holds an expression we cannot evaluate at design time. */
function literal(arg: string | undefined, scope: ExcellentScope): string | null {
  if (arg === undefined) return null;
  if (!arg.includes('@')) return arg;
  const t = excellentToExpression(arg, scope);
  return t.untranslated.length ? null : `@${t.text}`;
}

/** A JSONata operand for an argument: a quoted literal, or the translated expression. */
function operand(arg: string, scope: ExcellentScope): string | null {
  const l = literal(arg, scope);
  if (l === null) return null;
  return l.startsWith('@') && arg.includes('@') ? l.slice(1) : quote(l);
}

export function rapidProCase(c: RpCase, scope: ExcellentScope): CaseResult {
  const [a, b] = c.arguments;
  const text = a === undefined ? null : literal(a, scope);
  const wordCase = (mode: string, values: string[]): CaseResult =>
    values.length ? { config: { mode, values, ...strict } } : { error: `${c.type} has no words to look for` };
  switch (c.type) {
    case 'has_any_word': return text !== null && !text.startsWith('@') ? wordCase('any_word', words(text)) : { error: `${c.type} on an expression` };
    case 'has_all_words': return text !== null && !text.startsWith('@') ? wordCase('all_words', [words(text).join(' ')].filter(Boolean)) : { error: `${c.type} on an expression` };
    case 'has_phrase': return text !== null && !text.startsWith('@') ? wordCase('phrase', [text.trim()].filter(Boolean)) : { error: `${c.type} on an expression` };
    case 'has_only_phrase': return text !== null && !text.startsWith('@') ? wordCase('exact', [text.trim()].filter(Boolean)) : { error: `${c.type} on an expression` };
    case 'has_only_text': {
      const o = a === undefined ? null : operand(a, scope);
      return o ? { config: { mode: 'expression', expression: `$trim($string(input)) = ${o}` } } : { error: `${c.type} on an untranslatable expression` };
    }
    case 'has_beginning': {
      const o = a === undefined ? null : operand(a, scope);
      return o ? { config: { mode: 'expression', expression: `$substring(${normalised('input')}, 0, $length(${normalised(o)})) = ${normalised(o)}` } } : { error: `${c.type} on an untranslatable expression` };
    }
    case 'has_text': return { config: { mode: 'expression', expression: '$trim($string(input)) != ""' } };
    case 'has_value': return { config: { mode: 'expression', expression: '$exists(input) and input != null and $string(input) != ""' } };
    case 'has_category': return { config: { mode: 'expression', expression: `$string(input) in [${c.arguments.map(quote).join(', ')}]` } };
    case 'has_pattern': return text !== null && !text.startsWith('@') ? { config: { mode: 'regex', pattern: text, foldAccents: false, foldLookalikes: false } } : { error: `${c.type} on an expression` };
    case 'has_number': return { config: { mode: 'number' }, numeric: true };
    case 'has_number_between': {
      const lo = num(a), hi = num(b);
      return lo !== null && hi !== null && lo <= hi ? { config: { mode: 'number_between', min: lo, max: hi }, numeric: true } : { error: `${c.type} with bounds "${a}" and "${b}"` };
    }
    case 'has_number_eq': case 'has_number_gt': case 'has_number_gte': case 'has_number_lt': case 'has_number_lte': {
      const n = num(a);
      if (n === null) return { error: `${c.type} against "${a}"` };
      const op = c.type.slice('has_number_'.length);
      const eps = 1e-9;
      const bounds = op === 'eq' ? { min: n, max: n } : op === 'gt' ? { min: n + eps } : op === 'gte' ? { min: n } : op === 'lt' ? { max: n - eps } : { max: n };
      return { config: { mode: 'number', ...bounds }, numeric: true, ...(op === 'gt' || op === 'lt' ? { approximated: `${c.type} ${n}: Moflow bounds are inclusive, so the bound is ${n} ${op === 'gt' ? '+' : '-'} 0.000000001` } : {}) };
    }
    case 'has_phone':
      return { config: { mode: 'regex', pattern: '\\+?[0-9][0-9 ()-]{5,}[0-9]', foldAccents: false, foldLookalikes: false }, approximated: 'has_phone: matched as "a phone-like run of digits" (no country check)' };
    case 'has_email':
      return { config: { mode: 'regex', pattern: '[^\\s@]+@[^\\s@.]+\\.[^\\s@]+', foldAccents: false, foldLookalikes: false }, approximated: 'has_email: matched by a simple address pattern' };
    default:
      return { error: `test ${c.type.replace(/^legacy /, '')} has no Moflow equivalent` };
  }
}

/** JSONata giving the number a number test found in `x` (legacy `@flow.x` is that number). */
export function numberIn(x: string): string {
  return `$number($replace($match($string(${x}), /-?[0-9]+([.,][0-9]+)?/)[0].match, ",", "."))`;
}

export { normalised, excellentToExpression };
