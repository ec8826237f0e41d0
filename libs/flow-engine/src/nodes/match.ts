import type { MatchCase } from '@moflow/flow-spec';
import { scopeWith } from '../expressions/context';
import { templateText } from '../expressions/expression-evaluator';
import { matchText, type TextMatchSpec } from '../matching';
import type { NodeContext } from './node-executor';
import { registerNode } from './registry';

type CaseHit = { reason: string; number?: number } | null;

async function caseReason(c: MatchCase, i: number, text: string, ctx: NodeContext): Promise<CaseHit> {
  if (c.mode === 'expression') {
    const source = c.expression ?? '';
    const value = await ctx.evaluate(source, `config.cases[${i}].expression`, scopeWith(ctx.scope(), { input: text }));
    // JSONata truthiness: empty text, 0, null, empty array/object are false
    const truthy = Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : Boolean(value);
    return truthy ? { reason: `expression \`${source}\` was true` } : null;
  }
  // the case object itself, not a copy: the matcher caches its compiled form per spec object
  const result = matchText(text, c as TextMatchSpec);
  if (!result.matched) return null;
  return result.number !== undefined && (c.mode === 'number' || c.mode === 'number_between') ? { reason: result.reason, number: result.number } : { reason: result.reason };
}

/** Where a number case leaves the number it found ("it's 1234" → 1234), for later steps. */
export const MATCHED_NUMBER_VAR = 'number';

registerNode({
  type: 'match',
  async execute(node, ctx) {
    const text = templateText(await ctx.evaluate(node.config.input, 'config.input'));
    for (const [i, c] of node.config.cases.entries()) {
      const hit = await caseReason(c, i, text, ctx);
      if (hit === null) continue;
      if (hit.number !== undefined) {
        ctx.state.vars[MATCHED_NUMBER_VAR] = hit.number;
        ctx.emit({ type: 'vars_set', nodeId: node.id, changes: { [MATCHED_NUMBER_VAR]: hit.number } });
        return { handle: c.id, reason: `case "${c.label ?? c.id}" matched: ${hit.reason}`, output: String(hit.number) };
      }
      return { handle: c.id, reason: `case "${c.label ?? c.id}" matched: ${hit.reason}`, output: text };
    }
    return { handle: 'other', reason: `no case matched "${text.slice(0, 160)}"`, output: text };
  },
});
