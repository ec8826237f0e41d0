import { FlowEngineError, FlowEngineErrorCode } from '../errors';
import { registerNode } from './registry';
import { checkName } from './var-names';

function contactName(v: unknown, field: string): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `${field}: contact.name must be text, got ${JSON.stringify(v).slice(0, 80)}`);
}

registerNode({
  type: 'set',
  async execute(node, ctx) {
    const { state } = ctx;
    const vars: Record<string, unknown> = {};
    const contact: { name?: string | null; fields?: Record<string, unknown> } = {};
    const targets: string[] = [];
    // each assignment sees the ones before it, as users reading top to bottom expect
    for (const [i, a] of node.config.assignments.entries()) {
      const field = `config.assignments[${i}].expression`;
      const value = await ctx.evaluate(a.expression, field);
      // JSON has no undefined: a missing value is stored as null
      const stored = value === undefined ? null : value;
      if (a.target.startsWith('vars.')) {
        const name = checkName(a.target.slice(5), `config.assignments[${i}].target`);
        state.vars[name] = stored;
        vars[name] = stored;
      } else if (a.target === 'contact.name') {
        const name = contactName(value, field);
        state.contact.name = name;
        contact.name = name;
      } else {
        const name = checkName(a.target.slice('contact.fields.'.length), `config.assignments[${i}].target`);
        state.contact.fields[name] = stored;
        (contact.fields ??= {})[name] = stored;
      }
      targets.push(a.target);
    }
    if (Object.keys(vars).length > 0) ctx.emit({ type: 'vars_set', nodeId: node.id, changes: vars });
    if (Object.keys(contact).length > 0) {
      await ctx.ports.contacts.update(state.contact.id, contact);
      ctx.emit({ type: 'contact_changed', nodeId: node.id, changes: contact });
    }
    return { handle: 'next', reason: `set ${targets.join(', ')}` };
  },
});
