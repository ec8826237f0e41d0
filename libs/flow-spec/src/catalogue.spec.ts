import { describe, expect, it } from 'vitest';
import { nodeCatalogue, nodeOutputs, nodeSummary } from './catalogue';
import { flowNodeSchema, nodeConfigSchemas, nodeTypes, type FlowNode } from './definition';
import { validateFlow } from './validate/validate-flow';

describe('nodeCatalogue', () => {
  it('has one complete entry per node type, keyed by its type', () => {
    expect(Object.keys(nodeCatalogue).sort()).toEqual([...nodeTypes].sort());
    for (const type of nodeTypes) {
      const entry = nodeCatalogue[type];
      expect(entry.type).toBe(type);
      expect(entry.configSchema).toBe(nodeConfigSchemas[type]);
      expect(entry.label.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.icon).toMatch(/^[a-z-]+$/);
    }
    expect(nodeTypes.map((t) => nodeCatalogue[t].icon)).toEqual(['zap', 'git-branch', 'globe', 'ticket', 'message-square', 'clock', 'variable', 'bell', 'flag']);
  });

  it.each(nodeTypes)('defaultConfig() of %s is valid and gives a publishable one-node step', (type) => {
    const entry = nodeCatalogue[type];
    const config = entry.defaultConfig();
    expect(entry.configSchema.safeParse(config).success).toBe(true);
    expect(flowNodeSchema.safeParse({ id: 'n', type, config }).success).toBe(true);
    // Every default must also pass the content checks (expressions, URL, keywords).
    const trigger = { id: 't', type: 'trigger', config: { keywords: ['GO'] } };
    const nodes = type === 'trigger' ? [{ id: 'n', type, config }] : [trigger, { id: 'n', type, config }];
    const edges = type === 'trigger' ? [] : [{ id: 'e', source: 't', target: 'n' }];
    const errors = validateFlow({ specVersion: 1, nodes, edges }).problems.filter((p) => p.severity === 'error');
    expect(errors).toEqual([]);
    expect(typeof entry.summary(config as never)).toBe('string');
  });

  it('hands out a fresh default each time, so editing one node cannot change the next', () => {
    const a = nodeCatalogue.match.defaultConfig();
    a.cases.push({ ...a.cases[0]!, id: 'maybe' });
    expect(nodeCatalogue.match.defaultConfig().cases).toHaveLength(2);
  });

  it('derives outputs from the config', () => {
    const node = (n: unknown) => flowNodeSchema.parse(n) as FlowNode;
    const ids = (n: unknown) => nodeOutputs(node(n)).map((o) => o.id);
    expect(ids({ id: 'a', type: 'trigger', config: {} })).toEqual(['next']);
    expect(ids({ id: 'a', type: 'reply', config: { text: 'x' } })).toEqual(['next']);
    expect(ids({ id: 'a', type: 'ticket', config: { subject: 'x' } })).toEqual(['next']);
    expect(ids({ id: 'a', type: 'set', config: { assignments: [{ target: 'vars.a', expression: '1' }] } })).toEqual(['next']);
    expect(ids({ id: 'a', type: 'subscribe', config: { list: 'l' } })).toEqual(['next']);
    expect(ids({ id: 'a', type: 'end', config: {} })).toEqual([]);
    expect(ids({ id: 'a', type: 'wait', config: { timeoutSeconds: 5 } })).toEqual(['reply', 'timeout']);
    expect(ids({ id: 'a', type: 'lookup', config: { kind: 'http', url: 'https://x.test/' } })).toEqual(['success', 'failure']);
    expect(ids({ id: 'a', type: 'lookup', config: { kind: 'table', table: 't', key: 'k' } })).toEqual(['found', 'not_found']);
    const match = node({ id: 'a', type: 'match', config: { cases: [
      { id: 'yes', mode: 'first_word', values: ['YES', 'Y'] },
      { id: 'big', label: 'Large order', mode: 'number', min: 100 },
      { id: 'vip', mode: 'expression', expression: 'contact.fields.vip' },
    ] } });
    expect(nodeOutputs(match)).toEqual([
      { id: 'yes', label: 'YES, Y' },
      { id: 'big', label: 'Large order' },
      { id: 'vip', label: 'vip' },
      { id: 'other', label: 'Other' },
    ]);
  });

  it('summarises nodes in one short line', () => {
    const s = (n: unknown) => nodeSummary(flowNodeSchema.parse(n) as FlowNode);
    expect(s({ id: 'a', type: 'trigger', config: { keywords: ['JOIN', 'SUB'], rest: false } })).toBe('first word: JOIN, SUB');
    expect(s({ id: 'a', type: 'trigger', config: { catchAll: true } })).toBe('any message · REST');
    expect(s({ id: 'a', type: 'wait', config: { timeoutSeconds: 7200, resultVar: 'answer' } })).toBe('up to 2 hours → vars.answer');
    expect(s({ id: 'a', type: 'lookup', config: { kind: 'http', method: 'POST', url: 'https://x.test/a' } })).toBe('POST https://x.test/a');
    expect(s({ id: 'a', type: 'end', config: { status: 'failed', reason: 'no stock' } })).toBe('failed: no stock');
    const long = s({ id: 'a', type: 'reply', config: { text: 'word '.repeat(40) } });
    expect(long.length).toBe(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
