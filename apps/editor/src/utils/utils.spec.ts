import { describe, expect, it } from 'vitest';
import { formatDuration, splitDuration, toSeconds } from './human-duration';
import { closeBraces, suggestionPool, suggestionsAt } from './autocomplete';
import { DefinitionImportError, normaliseDefinition } from './normalise-definition';
import { checkExpression, checkTemplate, renderTemplate, sampleContext } from './jsonata-check';
import { knownVarsOf, stepOutputsFor } from './known-vars';
import { validateDefinition } from './validate-definition';

describe('human durations', () => {
  it('picks the largest exact unit and converts back', () => {
    expect(splitDuration(86400 * 2)).toEqual({ amount: 2, unit: 'days' });
    expect(splitDuration(5400)).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitDuration(61)).toEqual({ amount: 61, unit: 'seconds' });
    expect(toSeconds(3, 'hours')).toBe(10800);
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(7200)).toBe('2 hours');
  });
});

describe('autocomplete', () => {
  const pool = suggestionPool([
    { path: 'vars.size', label: 'Reply saved by ‘Wait for size’', nodeId: 'w' },
    { path: 'vars.rating', label: 'rating, set by ‘Score’', nodeId: 's' },
  ]);
  const paths = (r: { items: { path: string }[] }) => r.items.map((i) => i.path);
  it('suggests only inside an open placeholder', () => {
    expect(suggestionsAt('Hi con', 6, pool).items).toEqual([]);
    expect(suggestionsAt('{{ a }} con', 11, pool).items).toEqual([]);
    const r = suggestionsAt('Hi {{ con', 9, pool);
    expect(r.from).toBe(6);
    expect(paths(r)).toEqual(['contact.name', 'contact.phone', 'contact.fields.', 'contact.subscriptions']);
    expect(paths(suggestionsAt('{{ vars.r', 9, pool))).toEqual(['vars.rating']);
  });
  it('offers everything right after {{, contact first, then what earlier steps saved', () => {
    const all = paths(suggestionsAt('Hi {{ ', 6, pool));
    expect(all.slice(0, 6)).toEqual(['contact.name', 'contact.phone', 'contact.fields.', 'contact.subscriptions', 'vars.size', 'vars.rating']);
    expect(all).toContain('message.text');
  });
  it('finds a saved value by its name or by the step that saved it', () => {
    expect(paths(suggestionsAt('{{ size', 7, pool))).toEqual(['vars.size']);
    expect(paths(suggestionsAt('{{ wait', 7, pool))).toEqual(['vars.size']);
  });
  it('closes the braces when {{ is typed, with the caret inside', () => {
    expect(closeBraces('Hi {', 'Hi {{', 5)).toEqual({ text: 'Hi {{  }}', caret: 6 });
    expect(closeBraces('Hi {}}', 'Hi {{}}', 5)).toBeNull();
    expect(closeBraces('Hi', 'Hi!', 3)).toBeNull();
    expect(closeBraces('{', '{{', 2)).toEqual({ text: '{{  }}', caret: 3 });
  });
  it('lists the outputs of the steps before a step, nearest first, by step name', () => {
    const def = normaliseDefinition({ specVersion: 1, nodes: [
      { id: 'w1', type: 'wait', label: 'Wait for size', config: { timeoutSeconds: 60, resultVar: 'size' } },
      { id: 's1', type: 'set', label: 'Remember city', config: { assignments: [{ target: 'contact.fields.city', expression: '"Paris"' }] } },
      { id: 'r1', type: 'reply', config: { text: 'x' } },
      { id: 'w2', type: 'wait', label: 'After', config: { timeoutSeconds: 60, resultVar: 'later' } },
    ], edges: [{ source: 'w1', sourceHandle: 'reply', target: 's1' }, { source: 's1', target: 'r1' }, { source: 'r1', target: 'w2' }] });
    expect(stepOutputsFor(def, 'r1')).toEqual([
      { path: 'contact.fields.city', label: 'Contact field city, set by ‘Remember city’', nodeId: 's1' },
      { path: 'vars.size', label: 'Reply saved by ‘Wait for size’', nodeId: 'w1' },
    ]);
  });
});

describe('normaliseDefinition', () => {
  it('applies schema defaults to a valid definition', () => {
    const d = normaliseDefinition({ specVersion: 1, nodes: [{ id: 'a', type: 'wait', config: { timeoutSeconds: 60 } }], edges: [] });
    expect(d.nodes[0]).toMatchObject({ position: { x: 0, y: 0 }, config: { timeoutSeconds: 60, resultVar: 'reply', collectSeconds: 0 } });
  });
  it('keeps an incomplete draft node editable on top of its defaults', () => {
    const d = normaliseDefinition({ specVersion: 1, nodes: [{ id: 'r', type: 'reply', position: { x: 5, y: 6 }, config: { text: '' } }], edges: [{ source: 'r', target: 'x' }] });
    expect(d.nodes[0]).toMatchObject({ id: 'r', position: { x: 5, y: 6 }, config: { text: '' } });
    expect(d.edges[0]).toEqual({ id: 'e_1', source: 'r', target: 'x', sourceHandle: 'next' });
  });
  it('refuses what cannot be a flow with the path of the first problem', () => {
    expect(() => normaliseDefinition([])).toThrow(new DefinitionImportError('definition: must be a JSON object'));
    expect(() => normaliseDefinition({ specVersion: 1, nodes: [{ id: 'a', type: 'fax' }], edges: [] })).toThrow(/nodes\[0\]\.type: unknown node type "fax"/);
    expect(() => normaliseDefinition({ specVersion: 1, nodes: {}, edges: [] })).toThrow('nodes: must be an array');
  });
});

describe('JSONata checks', () => {
  it('reports the position of a syntax error', () => {
    expect(checkExpression('vars.a + 1')).toEqual({ ok: true });
    const bad = checkExpression('vars.a +');
    expect(bad.ok).toBe(false);
    const badTemplate = checkTemplate('Hi {{ contact.name }} and {{ $foo( }}');
    expect(badTemplate).toMatchObject({ ok: false });
    if (!badTemplate.ok) expect(badTemplate.position).toBeGreaterThan(26);
    expect(checkTemplate('Hi {{ }}')).toMatchObject({ ok: false, message: 'empty {{ }} placeholder' });
  });
  it('renders a template against the sample context', async () => {
    expect(await renderTemplate('Hi {{ contact.name }}, order {{ vars.order.status }}', sampleContext)).toEqual({ ok: true, value: 'Hi Ada, order shipped' });
  });
});

describe('known vars and validation', () => {
  it('collects vars assigned by wait, ticket, set and lookup mappings', () => {
    const def = normaliseDefinition({ specVersion: 1, edges: [], nodes: [
      { id: 'w', type: 'wait', config: { timeoutSeconds: 60, resultVar: 'answer' } },
      { id: 's', type: 'set', config: { assignments: [{ target: 'vars.total', expression: '1' }, { target: 'contact.name', expression: '"x"' }] } },
      { id: 'l', type: 'lookup', config: { kind: 'http', url: 'https://x.test/', mapping: '{ "status": body.s }' } },
    ] });
    expect(knownVarsOf(def)).toEqual(['answer', 'status', 'total']);
  });
  it('reports a broken expression on its node with the flow-spec validator', () => {
    const def = normaliseDefinition({ specVersion: 1, nodes: [
      { id: 't', type: 'trigger', config: { keywords: ['JOIN'] } },
      { id: 'r', type: 'reply', config: { text: 'Hi {{ contact.name +  }}' } },
    ], edges: [{ id: 'e', source: 't', target: 'r' }] });
    const problems = validateDefinition(def);
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'r', path: 'nodes[1].config.text', severity: 'error' }));
  });
});
