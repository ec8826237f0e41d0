import type { TableLookupConfig } from '@moflow/flow-spec';
import { scopeWith } from '../expressions/context';
import { FlowEngineError, FlowEngineErrorCode } from '../errors';
import type { NodeContext, NodeOutcome } from '../nodes/node-executor';
import { mergeVars } from '../nodes/var-names';

export async function tableLookup(nodeId: string, c: TableLookupConfig, ctx: NodeContext): Promise<NodeOutcome> {
  const key = await ctx.render(c.key, 'config.key');
  const row = await ctx.ports.tables.find(c.table, key);
  if (!row) return { handle: 'not_found', reason: `no row "${key}" in table "${c.table}"` };
  let changes: Record<string, unknown> = { row };
  if (c.mapping) {
    const mapped = await ctx.evaluate(c.mapping, 'config.mapping', scopeWith(ctx.scope(), { row }));
    if (typeof mapped !== 'object' || mapped === null || Array.isArray(mapped))
      throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `config.mapping must give an object of vars, got ${JSON.stringify(mapped ?? null).slice(0, 80)}`);
    changes = mapped as Record<string, unknown>;
  }
  mergeVars(ctx.state.vars, changes, 'config.mapping');
  ctx.emit({ type: 'vars_set', nodeId, changes });
  return { handle: 'found', reason: `row "${key}" found in table "${c.table}"` };
}
