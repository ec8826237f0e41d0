import { analyse } from './analyse';
import { compileSpec, WORD_MODES } from './compile';
import { matchText } from './match-text';
import { TextMatchSpecError, type TextMatchResult, type TextMatchSpec } from './types';
import { bestWordMatch, NO_MATCH } from './word-match';

export interface KeywordTrigger {
  id: string;
  spec: TextMatchSpec;
}

/**
 * Chooses which flow an inbound text starts: the trigger with the best match (exact > folded > fuzzy,
 * and among fuzzy matches the fewest typos), the earliest in `triggers` on a tie, or null.
 * A trigger whose spec cannot be applied throws a `TextMatchSpecError` naming it
 * (`triggers[2] (flow-7).values: ...`): the caller decides whether to skip it, it is never silently ignored.
 */
export function findKeyword(text: string, triggers: readonly KeywordTrigger[]): { id: string; result: TextMatchResult } | null {
  let best = -1;
  let bestScore = NO_MATCH;
  for (let i = 0; i < triggers.length; i++) {
    const score = scoreTrigger(text, triggers[i]!, i);
    if (score !== NO_MATCH && (bestScore === NO_MATCH || score < bestScore)) {
      best = i;
      bestScore = score;
      if (score === 0) break;
    }
  }
  if (best < 0) return null;
  const winner = triggers[best]!;
  // Only the winner needs its reason sentence: building one per trigger would dominate the cost.
  return { id: winner.id, result: matchText(text, winner.spec) };
}

function scoreTrigger(text: string, trigger: KeywordTrigger, index: number): number {
  try {
    const compiled = compileSpec(trigger.spec);
    if (WORD_MODES.has(compiled.mode)) return bestWordMatch(analyse(text), compiled)?.score ?? NO_MATCH;
    return matchText(text, trigger.spec).matched ? 0 : NO_MATCH;
  } catch (e) {
    if (e instanceof TextMatchSpecError) {
      throw new TextMatchSpecError(`triggers[${index}] (${trigger.id}).${e.field}`, e.message.slice(e.field.length + 2));
    }
    throw e;
  }
}
