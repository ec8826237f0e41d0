/**
 * The keyword test box must answer exactly as the engine will, so it runs the engine's own pure
 * matcher in the browser rather than a look-alike. This is the editor's only use of flow-engine.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- pure matcher, no I/O; see docs/editor.md "Keyword test box"
import { matchText, type TextMatchSpec } from '@moflow/flow-engine';

export type MatchSpec = TextMatchSpec;

export interface KeywordTestResult { matched: boolean; reason: string; value?: string; matchedBy?: string }

export function testKeywords(text: string, spec: TextMatchSpec): KeywordTestResult {
  if (text.trim() === '') return { matched: false, reason: 'Type a message to test it.' };
  try {
    const r = matchText(text, spec);
    return { matched: r.matched, reason: r.reason, ...(r.value !== undefined ? { value: r.value } : {}), ...(r.matchedBy ? { matchedBy: r.matchedBy } : {}) };
  } catch (e) {
    return { matched: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
