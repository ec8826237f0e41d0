import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '../definition';
import { formatProblem, type Problem } from './problems';
import { validateFlow } from './validate-flow';

type RawNode = Record<string, unknown> & { id: string; type: string; config: Record<string, unknown> };
type RawEdge = { id: string; source: string; sourceHandle?: string; target: string };

/** trigger → ask → wait → match(yes/no/other) → reply / end; clean, so each test breaks one thing. */
function baseFlow(): { specVersion: number; nodes: RawNode[]; edges: RawEdge[] } {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['JOIN'] } },
      { id: 'ask', type: 'reply', config: { text: 'Hi {{ contact.name }}! Reply YES or NO' } },
      { id: 'wait', type: 'wait', config: { timeoutSeconds: 60 } },
      { id: 'route', type: 'match', config: { input: 'vars.reply', cases: [{ id: 'yes', mode: 'first_word', values: ['YES'] }, { id: 'no', mode: 'first_word', values: ['NO'] }] } },
      { id: 'thanks', type: 'reply', config: { text: 'Thanks' } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'ask' },
      { id: 'e2', source: 'ask', target: 'wait' },
      { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'route' },
      { id: 'e4', source: 'wait', sourceHandle: 'timeout', target: 'done' },
      { id: 'e5', source: 'route', sourceHandle: 'yes', target: 'thanks' },
      { id: 'e6', source: 'route', sourceHandle: 'no', target: 'done' },
      { id: 'e7', source: 'route', sourceHandle: 'other', target: 'ask' },
      { id: 'e8', source: 'thanks', target: 'done' },
    ],
  };
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error');
const summary = (problems: Problem[]) => errors(problems).map((p) => `${p.code} @ ${p.path}`);
function nodeConfig(flow: ReturnType<typeof baseFlow>, id: string): Record<string, unknown> {
  const node = flow.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node.config;
}

describe('validateFlow', () => {
  it('accepts the base flow with no problem at all and returns it with defaults', () => {
    const r = validateFlow(baseFlow());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.definition?.edges[0]?.sourceHandle).toBe('next');
  });

  it('refuses input that is not an object', () => {
    for (const input of [null, 42, 'flow', []]) {
      const r = validateFlow(input);
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([expect.objectContaining({ path: '', code: 'invalid_shape', message: expect.stringMatching(/JSON object/) })]);
    }
  });

  it('converts zod shape errors into readable paths and messages, with the node id', () => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'call', type: 'lookup', config: { kind: 'http', url: '', timeoutMs: 'fast', extra: true } });
    flow.edges.push({ id: 'e9', source: 'thanks', target: 'call' });
    nodeConfig(flow, 'wait')['timeoutSeconds'] = 0;
    const r = validateFlow(flow);
    const shape = r.problems.filter((p) => p.code === 'invalid_shape').map(formatProblem);
    expect(shape).toEqual(expect.arrayContaining([
      'nodes[6].config.url: must not be empty',
      'nodes[6].config.timeoutMs: must be a number, not "fast"',
      'nodes[6].config.extra: is not a known field',
      'nodes[2].config.timeoutSeconds: must be at least 1 second',
    ]));
    expect(r.problems.find((p) => p.path === 'nodes[6].config.url')?.nodeId).toBe('call');
    expect(r.definition).toBeUndefined();
  });

  it('names the node types when a type is unknown and reports a missing field as required', () => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'x', type: 'teleport', config: {} });
    nodeConfig(flow, 'ask')['text'] = undefined;
    const r = validateFlow(flow);
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath['nodes[6].type']).toMatch(/^"teleport" is not a step type; use one of "trigger", "match", "lookup"/);
    expect(byPath['nodes[1].config.text']).toBe('is required');
  });

  it('refuses a future spec version and an unknown root field', () => {
    const flow = { ...baseFlow(), specVersion: 9, layout: {} };
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual(expect.arrayContaining(['unsupported_spec_version @ specVersion', 'invalid_shape @ layout']));
    expect(r.problems.filter((p) => p.path === 'specVersion')).toHaveLength(1);
    expect(r.problems.find((p) => p.path === 'specVersion')?.message).toMatch(/9 is newer than this Moflow supports \(1\)/);
  });

  it('requires exactly one trigger', () => {
    const none = baseFlow();
    none.nodes = none.nodes.filter((n) => n.type !== 'trigger');
    none.edges = none.edges.filter((e) => e.source !== 'start');
    expect(summary(validateFlow(none).problems)).toEqual(['missing_trigger @ nodes']);

    const two = baseFlow();
    two.nodes.push({ id: 'start2', type: 'trigger', config: { keywords: ['HELLO'] } });
    two.edges.push({ id: 'e9', source: 'start2', target: 'ask' });
    const r = validateFlow(two);
    expect(summary(r.problems)).toEqual(['multiple_triggers @ nodes[6].type']);
    expect(r.problems[0]?.nodeId).toBe('start2');
  });

  it('refuses a trigger that can never start a run', () => {
    const flow = baseFlow();
    Object.assign(nodeConfig(flow, 'start'), { keywords: [], rest: false, catchAll: false });
    expect(summary(validateFlow(flow).problems)).toEqual(['trigger_never_starts @ nodes[0].config']);
  });

  it('reports duplicate node and edge ids', () => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'thanks', type: 'end', config: {} });
    flow.edges.push({ id: 'e8', source: 'thanks', target: 'done' });
    const s = summary(validateFlow(flow).problems);
    expect(s).toContain('duplicate_node_id @ nodes[6].id');
    expect(s).toContain('duplicate_edge_id @ edges[8].id');
  });

  it('reports edges to and from unknown nodes and into the trigger', () => {
    const flow = baseFlow();
    flow.edges.push({ id: 'e9', source: 'ghost', target: 'done' }, { id: 'e10', source: 'thanks', target: 'nowhere' }, { id: 'e11', source: 'ask', target: 'start' });
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual(expect.arrayContaining([
      'unknown_edge_source @ edges[8].source', 'unknown_edge_target @ edges[9].target', 'edge_into_trigger @ edges[10].target',
    ]));
    expect(r.problems.find((p) => p.path === 'edges[9].target')?.message).toBe('refers to node "nowhere", which does not exist');
  });

  it('checks every sourceHandle against the outputs derived from the node config', () => {
    const flow = baseFlow();
    flow.edges[4] = { id: 'e5', source: 'route', sourceHandle: 'maybe', target: 'thanks' };
    flow.edges.push({ id: 'e9', source: 'done', sourceHandle: 'next', target: 'thanks' }, { id: 'e10', source: 'wait', sourceHandle: 'next', target: 'done' });
    const r = validateFlow(flow);
    const handles = r.problems.filter((p) => p.code === 'unknown_source_handle');
    expect(handles.map(formatProblem)).toEqual([
      'edges[4].sourceHandle: "maybe" is not an output of node "route" (match); its outputs are "yes", "no", "other"',
      'edges[8].sourceHandle: "next" is not an output of node "done" (end); it has no outputs',
      'edges[9].sourceHandle: "next" is not an output of node "wait" (wait); its outputs are "reply", "timeout"',
    ]);
    expect(handles.map((p) => p.nodeId)).toEqual(['route', 'done', 'wait']);
  });

  it('refuses two edges leaving the same output', () => {
    const flow = baseFlow();
    flow.edges.push({ id: 'e9', source: 'thanks', target: 'ask' });
    expect(summary(validateFlow(flow).problems)).toContain('duplicate_handle_edge @ edges[8].sourceHandle');
  });

  it('reports nodes not reachable from the trigger', () => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'orphan', type: 'reply', config: { text: 'lost' } }, { id: 'orphan_end', type: 'end', config: {} });
    flow.edges.push({ id: 'e9', source: 'orphan', target: 'orphan_end' });
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual(['unreachable_node @ nodes[6]', 'unreachable_node @ nodes[7]']);
    expect(r.problems.filter((p) => p.code === 'unreachable_node').map((p) => p.nodeId)).toEqual(['orphan', 'orphan_end']);
  });

  it('refuses a loop that does not pass through a wait, but allows one that does', () => {
    const flow = baseFlow();
    // The base flow already loops route → ask → wait → route, through the wait: allowed.
    expect(validateFlow(flow).ok).toBe(true);
    flow.nodes.push({ id: 'again', type: 'reply', config: { text: 'again' } });
    flow.edges[7] = { id: 'e8', source: 'thanks', target: 'again' };
    flow.edges.push({ id: 'e9', source: 'again', target: 'thanks' });
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual(['cycle_without_wait @ nodes[4]']);
    expect(r.problems.find((p) => p.code === 'cycle_without_wait')?.message).toMatch(/"thanks", "again"/);
  });

  it('refuses a node looping on itself', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'route')['cases'] = [{ id: 'yes', mode: 'first_word', values: ['YES'] }, { id: 'no', mode: 'first_word', values: ['NO'] }, { id: 'again', mode: 'exact', values: ['?'] }];
    flow.edges.push({ id: 'e9', source: 'route', sourceHandle: 'again', target: 'route' });
    expect(summary(validateFlow(flow).problems)).toEqual(['cycle_without_wait @ nodes[3]']);
  });

  it('reports JSONata compile errors with the character position in the field', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'route')['input'] = 'vars.reply +';
    nodeConfig(flow, 'ask')['text'] = 'Hi {{ contact.name }}, code {{ foo( }}';
    flow.nodes.push({ id: 'remember', type: 'set', config: { assignments: [{ target: 'vars.a', expression: '1' }, { target: 'vars.b', expression: '"unterminated' }] } });
    flow.edges[7] = { id: 'e8', source: 'thanks', target: 'remember' };
    flow.edges.push({ id: 'e9', source: 'remember', target: 'done' });
    const r = validateFlow(flow);
    const exprs = r.problems.filter((p) => p.code === 'invalid_expression').map(formatProblem);
    expect(exprs).toEqual([
      'nodes[1].config.text: expression at character 35: Expected ")" before end of expression (in "{{ foo( }}")',
      'nodes[3].config.input: expression at character 12: Unexpected end of expression',
      'nodes[6].config.assignments[1].expression: expression at character 13: String literal must be terminated by a matching quote',
    ]);
    // Character 35 is right after "foo(" in the reply text: the position is in the whole field.
    expect('Hi {{ contact.name }}, code {{ foo( }}'.slice(31, 35)).toBe('foo(');
  });

  it('refuses /…/ regexes inside JSONata that the linear-time engine cannot run, and accepts the rest', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'route')['input'] = '$match(message.text, /(\\w)\\1/i)';
    nodeConfig(flow, 'ask')['text'] = 'Hi {{ $contains(message.text, /(a+)+$/) ? "a" : "b" }}';
    const r = validateFlow(flow);
    expect(r.problems.filter((p) => p.code === 'invalid_expression').map(formatProblem)).toEqual([
      'nodes[3].config.input: expression at character 30: /(\\w)\\1/: regex uses a backreference (\\1, \\k<name>): Moflow matches regexes in linear time, which rules them out; repeat the group instead',
    ]);
  });

  it('reports broken templates in reply, ticket and lookup fields', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'thanks')['text'] = 'Thanks {{ vars.name';
    flow.nodes.push(
      { id: 'tk', type: 'ticket', config: { subject: '{{ }}', body: 'ok' } },
      { id: 'lk', type: 'lookup', config: { kind: 'http', url: 'https://x.test/{{ vars.id', headers: { 'X-Id': '{{ 1 + }}' }, body: '{{ $string(' } },
      { id: 'tb', type: 'lookup', config: { kind: 'table', table: 'orders', key: '{{ vars.order' , mapping: '{ "a": }' } },
    );
    flow.edges[7] = { id: 'e8', source: 'thanks', target: 'tk' };
    flow.edges.push({ id: 'e9', source: 'tk', target: 'lk' }, { id: 'e10', source: 'lk', sourceHandle: 'success', target: 'tb' },
      { id: 'e11', source: 'lk', sourceHandle: 'failure', target: 'done' }, { id: 'e12', source: 'tb', sourceHandle: 'found', target: 'done' },
      { id: 'e13', source: 'tb', sourceHandle: 'not_found', target: 'done' });
    expect(summary(validateFlow(flow).problems)).toEqual([
      'invalid_template @ nodes[4].config.text',
      'invalid_template @ nodes[6].config.subject',
      'invalid_template @ nodes[7].config.url',
      'invalid_expression @ nodes[7].config.headers.X-Id',
      'invalid_template @ nodes[7].config.body',
      'invalid_template @ nodes[8].config.key',
      'invalid_expression @ nodes[8].config.mapping',
    ]);
  });

  it('checks regexes in match cases and regex triggers for compile errors and constructs the linear-time engine lacks', () => {
    const flow = baseFlow();
    Object.assign(nodeConfig(flow, 'start'), { match: 'regex', keywords: ['^join$', '(a)\\1', '(a+)+$'] });
    nodeConfig(flow, 'route')['cases'] = [
      { id: 'yes', mode: 'regex', pattern: '^(?=y)(y|yes)+$' },
      { id: 'no', mode: 'regex', pattern: '^(no' },
      { id: 'ok', mode: 'regex', pattern: '^\\d{4}$' },
    ];
    flow.edges.push({ id: 'e9', source: 'route', sourceHandle: 'ok', target: 'done' });
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual([
      'unsupported_regex @ nodes[0].config.keywords[1]',
      'unsupported_regex @ nodes[3].config.cases[0].pattern',
      'invalid_regex @ nodes[3].config.cases[1].pattern',
    ]);
    expect(r.problems[0]?.message).toMatch(/backreference .* linear time/);
    expect(r.problems[1]?.message).toMatch(/lookahead or lookbehind/);
  });

  it('refuses duplicate keywords after folding case, spacing and (when enabled) accents', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'start')['keywords'] = ['JOIN', ' join ', 'Café', 'CAFE', 'Start  Now', 'start now'];
    nodeConfig(flow, 'route')['cases'] = [
      { id: 'yes', mode: 'first_word', values: ['YES', 'Y'] },
      { id: 'no', mode: 'first_word', values: ['NO', 'y'] },
    ];
    const r = validateFlow(flow);
    expect(summary(r.problems)).toEqual([
      'duplicate_keyword @ nodes[0].config.keywords[1]',
      'duplicate_keyword @ nodes[0].config.keywords[3]',
      'duplicate_keyword @ nodes[0].config.keywords[5]',
      'duplicate_keyword @ nodes[3].config.cases[1].values[1]',
    ]);
    expect(r.problems.at(-1)?.message).toBe('"y" duplicates "Y" (cases[0].values[1]) once case and spacing are folded');

    nodeConfig(flow, 'start')['keywords'] = ['Café', 'CAFE'];
    nodeConfig(flow, 'start')['foldAccents'] = false;
    nodeConfig(flow, 'route')['cases'] = [{ id: 'yes', mode: 'first_word', values: ['YES'] }, { id: 'no', mode: 'first_word', values: ['NO'] }];
    expect(validateFlow(flow).ok).toBe(true);
  });

  it('refuses duplicate match case ids', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'route')['cases'] = [{ id: 'yes', mode: 'first_word', values: ['YES'] }, { id: 'yes', mode: 'first_word', values: ['OUI'] }];
    expect(summary(validateFlow(flow).problems)).toContain('duplicate_case_id @ nodes[3].config.cases[1].id');
  });

  it.each([
    ['https://api.example.com/orders/{{ vars.id }}', null],
    ['http://10.0.0.5:8080/x?phone={{ $encodeUrlComponent(message.from) }}', null],
    ['{{ secrets.CRM_BASE }}/customers/{{ vars.id }}', null],
    ['{{ secrets.CRM_BASE }}', null],
    ['{{ secrets.CRM_BASE }}?q={{ vars.id }}', null],
    // the probe: an SMS "ORDER @127.0.0.2:18081/x" finished the host after the secret base URL
    ['{{ secrets.API_BASE }}{{ vars.order }}', /continue the secret base URL with a literal "\/", "\?" or "#"/],
    ['{{ secrets.API_BASE }}.evil.example/{{ vars.order }}', /continue the secret base URL/],
    ['https://api.example.com', null],
    ['api.example.com/orders', /absolute http\(s\) URL/],
    ['ftp://files.example.com/x', /http or https, not ftp/],
    ['{{ vars.base }}/orders', /only a secret/],
    ['https://{{ vars.host }}/orders', /spell out the host/],
    ['https://api.example.com{{ vars.path }}', /spell out the host/],
  ])('lookup url %s', (url, expected) => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'lk', type: 'lookup', config: { kind: 'http', url } });
    flow.edges[7] = { id: 'e8', source: 'thanks', target: 'lk' };
    flow.edges.push({ id: 'e9', source: 'lk', sourceHandle: 'success', target: 'done' }, { id: 'e10', source: 'lk', sourceHandle: 'failure', target: 'done' });
    const r = validateFlow(flow);
    const urlProblems = r.problems.filter((p) => p.code === 'invalid_url');
    expect(errors(r.problems).length).toBe(urlProblems.length); // the URL is the only thing wrong, if anything
    if (expected === null) expect(r.ok).toBe(true);
    else expect(urlProblems).toEqual([expect.objectContaining({ path: 'nodes[6].config.url', nodeId: 'lk', message: expect.stringMatching(expected) })]);
  });

  it('refuses header names that are not HTTP tokens or that Moflow controls', () => {
    const flow = baseFlow();
    flow.nodes.push({ id: 'lk', type: 'lookup', config: { kind: 'http', url: 'https://x.test/', headers: { 'X-Ok': '1', 'Bad Name': '1', Host: 'evil.test' } } });
    flow.edges[7] = { id: 'e8', source: 'thanks', target: 'lk' };
    flow.edges.push({ id: 'e9', source: 'lk', sourceHandle: 'success', target: 'done' }, { id: 'e10', source: 'lk', sourceHandle: 'failure', target: 'done' });
    expect(summary(validateFlow(flow).problems)).toEqual(['invalid_header @ nodes[6].config.headers.Bad Name', 'invalid_header @ nodes[6].config.headers.Host']);
  });

  it.each([
    [(f: ReturnType<typeof baseFlow>) => { f.nodes[1]!['label'] = 'x'.repeat(101); }, 'nodes[1].label: must have at most 100 characters'],
    [(f: ReturnType<typeof baseFlow>) => { f.nodes[1]!['position'] = { x: 'left', y: 0 }; }, 'nodes[1].position.x: must be a number, not "left"'],
    [(f: ReturnType<typeof baseFlow>) => { f.nodes[5] = { id: 'done', type: 'end', config: { status: 'ok' } }; }, 'nodes[5].config.status: "ok" is not allowed here; use one of "completed", "failed"'],
    [(f: ReturnType<typeof baseFlow>) => { f.edges[0] = { id: 'e1', source: 'start', sourceHandle: '', target: 'ask' }; }, 'edges[0].sourceHandle: must have at least 1 character'],
    [(f: ReturnType<typeof baseFlow>) => { f.nodes[0]!.id = 'has space'; }, 'nodes[0].id: may only contain letters, digits, "_" and "-"'],
    [(f: ReturnType<typeof baseFlow>) => { nodeConfig(f, 'route')['cases'] = []; }, 'nodes[3].config.cases: must have at least one case'],
    [(f: ReturnType<typeof baseFlow>) => { f.nodes.push({ id: 'lk', type: 'lookup', config: { kind: 'soap' } }); }, 'nodes[6].config.kind: "soap" is not allowed here; use one of "http", "table"'],
  ])('phrases shape error %# for humans', (mutate, expected) => {
    const flow = baseFlow();
    mutate(flow);
    expect(validateFlow(flow).problems.filter((p) => p.code === 'invalid_shape').map(formatProblem)).toEqual([expected]);
  });

  it('warns (without blocking) about a match answer or a trigger that leads nowhere', () => {
    const flow = baseFlow();
    flow.edges = flow.edges.filter((e) => e.id !== 'e6' && e.id !== 'e1');
    const r = validateFlow(flow);
    expect(r.problems.filter((p) => p.severity === 'warning').map(formatProblem)).toEqual([
      'nodes[0]: output "next" is not connected; the flow does nothing once started',
      'nodes[3]: output "no" is not connected; a contact giving this answer reaches the end of the flow',
    ]);
    expect(r.problems.filter((p) => p.severity === 'warning').every((p) => p.code === 'unconnected_output')).toBe(true);
  });

  it('does not warn about steps that simply end the flow: a last reply, a wait timeout, a match\'s "other"', () => {
    const flow = baseFlow();
    flow.edges = flow.edges.filter((e) => e.id !== 'e7' && e.id !== 'e4' && e.id !== 'e8');
    const r = validateFlow(flow);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('reports all problems at once, graph checks included when a node has a bad shape', () => {
    const flow = baseFlow();
    nodeConfig(flow, 'thanks')['text'] = 42; // shape error on one node...
    nodeConfig(flow, 'route')['input'] = '(';
    flow.edges.push({ id: 'e1', source: 'ghost', target: 'done' });
    flow.nodes.push({ id: 'orphan', type: 'end', config: {} });
    nodeConfig(flow, 'start')['keywords'] = ['JOIN', 'join'];
    const r = validateFlow(flow as FlowDefinitionInput);
    expect(r.ok).toBe(false);
    // ...and every other check still ran.
    expect(new Set(summary(r.problems))).toEqual(new Set([
      'invalid_shape @ nodes[4].config.text',
      'duplicate_edge_id @ edges[8].id',
      'unknown_edge_source @ edges[8].source',
      'unreachable_node @ nodes[6]',
      'invalid_expression @ nodes[3].config.input',
      'duplicate_keyword @ nodes[0].config.keywords[1]',
    ]));
  });
  it('warns when typo tolerance is on but can help none of the keywords (3 letters or fewer, digits)', () => {
    const flow = baseFlow();
    Object.assign(nodeConfig(flow, 'start'), { keywords: ['OK', 'PROMO24'], typoTolerance: true });
    const route = nodeConfig(flow, 'route') as { cases: Array<Record<string, unknown>> };
    Object.assign(route.cases[0]!, { values: ['YES', 'YEAH SURE'], typoTolerance: true });
    Object.assign(route.cases[1]!, { values: ['NO', 'N'], typoTolerance: true });
    const r = validateFlow(flow);
    expect(r.ok).toBe(true);
    const typo = r.problems.filter((p) => p.code === 'typo_tolerance_not_applied');
    expect(typo.map((p) => [p.path, p.severity, p.nodeId])).toEqual([
      ['nodes[0].config.typoTolerance', 'warning', 'start'],
      ['nodes[3].config.cases[1].typoTolerance', 'warning', 'route'],
    ]);
    expect(typo[0]!.message).toBe('typo tolerance cannot apply to "OK", "PROMO24": words of 3 letters or fewer and words with digits must be typed exactly');
    // Off: no warning for the same keywords.
    Object.assign(nodeConfig(flow, 'start'), { typoTolerance: false });
    expect(validateFlow(flow).problems.filter((p) => p.code === 'typo_tolerance_not_applied' && p.nodeId === 'start')).toEqual([]);
  });

  it('with the compliance classifier: a trigger keyword it takes first is an error, a match answer a warning naming the rule', () => {
    // A stand-in for libs/sms classifyComplianceKeyword (flow-spec imports nothing internal).
    const classify = (t: string) => {
      const w = t.trim().toUpperCase();
      if (w === 'CANCEL' || w.startsWith('CANCEL ')) return { kind: 'opt_out' as const, word: 'CANCEL' };
      if (w === 'YES') return { kind: 'opt_in' as const, word: 'YES' };
      if (w === 'INFO') return { kind: 'help' as const, word: 'INFO' };
      return null;
    };
    const flow = baseFlow();
    Object.assign(nodeConfig(flow, 'start'), { keywords: ['JOIN', 'cancel my order', 'YES'] });
    const route = nodeConfig(flow, 'route') as { cases: Array<Record<string, unknown>> };
    Object.assign(route.cases[1]!, { values: ['NO', 'CANCEL', 'INFO'] });
    const r = validateFlow(flow, { compliance: classify });
    const hits = r.problems.filter((p) => p.code === 'compliance_word').map((p) => [p.path, p.severity, p.message]);
    expect(hits).toEqual([
      ['nodes[0].config.keywords[1]', 'error', '"cancel my order" can never start this flow: it is read as the compliance word CANCEL, taken first by the opt-out rule: the contact is opted out of the channel and unsubscribed'],
      ['nodes[0].config.keywords[2]', 'warning', '"YES" from a contact who opted out is taken first by the opt-in rule: the contact is opted back in; it starts this flow only for the others'],
      ['nodes[3].config.cases[1].values[1]', 'warning', 'a contact who answers "CANCEL" never reaches this answer: it is taken first by the opt-out rule: the contact is opted out of the channel and unsubscribed'],
      ['nodes[3].config.cases[1].values[2]', 'warning', 'a contact who answers "INFO" never reaches this answer: it is taken first by the help rule: the channel\'s help message is sent'],
    ]);
    expect(r.ok).toBe(false);
    // Without a classifier the check is off.
    expect(validateFlow(flow).problems.filter((p) => p.code === 'compliance_word')).toEqual([]);
  });
});
