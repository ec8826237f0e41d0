import { matchText } from './match-text';
import { TextMatchSpecError, type MatchedBy, type TextMatchResult, type TextMatchSpec } from './types';

export interface KeywordTrigger {
  id: string;
  spec: TextMatchSpec;
}

const RANK: Record<MatchedBy, number> = { exact: 0, folded: 1, fuzzy: 2 };

/**
 * Chooses which flow an inbound text starts: the trigger with the best match (exact > folded > fuzzy),
 * the earliest in `triggers` on a tie, or null. A trigger whose spec cannot be applied throws a
 * `TextMatchSpecError` naming it (`triggers[2] (flow-7).values: ...`): the caller decides whether to
 * skip it, but it is never silently ignored.
 */
export function findKeyword(text: string, triggers: readonly KeywordTrigger[]): { id: string; result: TextMatchResult } | null {
  let best: { id: string; result: TextMatchResult } | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (let i = 0; i < triggers.length; i++) {
    const trigger = triggers[i]!;
    let result: TextMatchResult;
    try {
      result = matchText(text, trigger.spec);
    } catch (e) {
      if (e instanceof TextMatchSpecError) throw new TextMatchSpecError(`triggers[${i}] (${trigger.id}).${e.field}`, e.message.slice(e.field.length + 2));
      throw e;
    }
    if (!result.matched) continue;
    const rank = RANK[result.matchedBy ?? 'exact'];
    if (rank < bestRank) {
      best = { id: trigger.id, result };
      bestRank = rank;
      if (rank === 0) break;
    }
  }
  return best;
}
