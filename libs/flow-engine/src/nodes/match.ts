import type { MatchCase } from '@moflow/flow-spec';
import { scopeWith } from '../expressions/context';
import { templateText } from '../expressions/expression-evaluator';
import { matchText, type TextMatchSpec } from '../matching';
import type { NodeContext } from './node-executor';
import { registerNode } from './registry';

async function caseReason(c: MatchCase, i: number, text: string, ctx: NodeContext): Promise<string | null> {
  if (c.mode === 'expression') {
    const source = c.expression ?? '';
    const value = await ctx.evaluate(source, `config.cases[${i}].expression`, scopeWith(ctx.scope(), { input: text }));
    // JSONata truthiness: empty text, 0, null, empty array/object are false
    const truthy = Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : Boolean(value);
    return truthy ? `expression \`${source}\` was true` : null;
  }
  // the case object itself, not a copy: the matcher caches its compiled form per spec object
  const result = matchText(text, c as TextMatchSpec);
  return result.matched ? result.reason : null;
}

registerNode({
  type: 'match',
  async execute(node, ctx) {
    const text = templateText(await ctx.evaluate(node.config.input, 'config.input'));
    for (const [i, c] of node.config.cases.entries()) {
      const why = await caseReason(c, i, text, ctx);
      if (why !== null) return { handle: c.id, reason: `case "${c.label ?? c.id}" matched: ${why}`, output: text };
    }
    return { handle: 'other', reason: `no case matched "${text.slice(0, 160)}"`, output: text };
  },
});
