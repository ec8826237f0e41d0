/**
 * Studio split conditions as Moflow match cases. Studio compares whole values, ignoring case and
 * surrounding spaces (`starts_with` is a plain prefix), so most become JSONata expression cases
 * rather than Moflow's forgiving word matching.
 */
import { liquidToExpression } from '../expressions/liquid';
import { normalised } from '../expressions/jsonata';
import { quote } from '../names';
import type { StudioScope } from './studio-scope';

export interface StudioCondition {
  type?: string;
  value?: string;
  arguments?: string[];
  friendly_name?: string;
}

export type CaseResult = { expression: string } | { regex: string } | { error: string };

/** Studio compares numbers only when the text is a number; anything else never matches. */
const compareNumber = (t: string, op: '>' | '<', n: string) => `($match(${t}, /^-?[0-9]+([.][0-9]+)?$/) ? $number(${t}) ${op} $number(${n}) : false)`;

/** The JSONata condition for one Studio condition over `subject` (already JSONata). */
export function conditionCase(cond: StudioCondition, subject: string, scope: StudioScope): CaseResult {
  const raw = cond.value ?? '';
  const dynamic = raw.includes('{{');
  const value = dynamic ? liquidToExpression(raw, scope) : null;
  if (value?.untranslated.length) return { error: `its value ${value.untranslated.join(', ')} has no Moflow equivalent` };
  const v = value ? normalised(value.text) : quote(raw.trim().toLowerCase());
  const s = normalised(subject);
  const trimmed = `$trim($string(${subject}))`;
  const not = (e: string) => `$not(${e})`;
  const blank = `($exists(${subject}) and ${subject} != null ? ${trimmed} = "" : true)`;
  const anyOf = () => (dynamic ? `${s} in $map($split(${v}, ","), $trim)` : `${s} in [${raw.split(',').map((x) => quote(x.trim().toLowerCase())).join(', ')}]`);
  const prefix = () => (dynamic ? `$substring(${s}, 0, $length(${v})) = ${v}` : `$substring(${s}, 0, ${[...raw.trim()].length}) = ${v}`);
  switch (cond.type) {
    case 'equal_to': return { expression: `${s} = ${v}` };
    case 'not_equal_to': return { expression: `${s} != ${v}` };
    case 'matches_any_of': return { expression: anyOf() };
    case 'does_not_match_any_of': return { expression: not(anyOf()) };
    case 'contains': return { expression: `$contains(${s}, ${v})` };
    case 'does_not_contain': return { expression: not(`$contains(${s}, ${v})`) };
    case 'starts_with': return { expression: prefix() };
    case 'does_not_start_with': return { expression: not(prefix()) };
    case 'is_blank': return { expression: blank };
    case 'is_not_blank': return { expression: not(blank) };
    case 'greater_than': return { expression: compareNumber(trimmed, '>', dynamic ? v : quote(raw.trim())) };
    case 'less_than': return { expression: compareNumber(trimmed, '<', dynamic ? v : quote(raw.trim())) };
    case 'regex': return dynamic ? { error: 'a regex with a {{ }} value cannot be carried over' } : { regex: raw };
    default: return { error: `condition "${cond.type ?? '?'}" has no Moflow equivalent` };
  }
}
