import type { FlowTestCaseDto, RunTestsResponse, SimulateResponse } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createDraft, echoFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

let t: TestApp;
let editor: Agent;
let flowId: string;
const TABLES = ['runs', 'run_steps', 'messages', 'contacts', 'tickets', 'waiting_sessions', 'run_node_stats'];

const lookupFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['ORDER'] } },
    { id: 'ask', type: 'reply', config: { text: 'Your order number?' } },
    { id: 'wait', type: 'wait', config: { timeoutSeconds: 600, resultVar: 'order' } },
    { id: 'find', type: 'lookup', config: { kind: 'http', url: 'https://shop.example.com/orders/{{ vars.order }}', headers: { Authorization: 'Bearer {{ secrets.SHOP }}' }, retries: 0, mapping: '{ "state": body.state }' } },
    { id: 'tell', type: 'reply', config: { text: 'Order {{ vars.order }} is {{ vars.state }} — thanks, {{ contact.name }} 🙂' } },
    { id: 'unknown', type: 'reply', config: { text: 'No such order' } },
    { id: 'ticket', type: 'ticket', config: { subject: 'Order {{ vars.order }} missing' } },
    { id: 'bye', type: 'reply', config: { text: 'Bye' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ask' },
    { id: 'e2', source: 'ask', target: 'wait' },
    { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'find' },
    { id: 'e4', source: 'wait', sourceHandle: 'timeout', target: 'bye' },
    { id: 'e5', source: 'find', sourceHandle: 'success', target: 'tell' },
    { id: 'e6', source: 'find', sourceHandle: 'failure', target: 'unknown' },
    { id: 'e7', source: 'unknown', target: 'ticket' },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  editor = await t.loginAs('editor');
  flowId = await createDraft(t, 'Orders', lookupFlow);
});
afterAll(() => t?.close());

async function counts(): Promise<number[]> {
  const ds = t.app.get(DataSource);
  return Promise.all(TABLES.map((table) => count(ds, table)));
}

describe('simulation', () => {
  it('runs the draft with a scripted conversation and mocked lookups, and writes nothing', async () => {
    const before = await counts();
    const res = await editor.post(`/api/v1/flows/${flowId}/simulate`).send({
      script: [{ text: 'ORDER' }, { text: '1234' }],
      contact: { name: 'Ada' },
      lookups: { find: [{ status: 200, body: { state: 'shipped' } }] },
    });
    expect(res.status).toBe(200);
    const sim = res.body as SimulateResponse;
    expect(sim.transcript).toEqual([
      { direction: 'in', text: 'ORDER' },
      { direction: 'out', text: 'Your order number?', encoding: 'GSM-7', segments: 1, nodeId: 'ask' },
      { direction: 'in', text: '1234' },
      { direction: 'out', text: 'Order 1234 is shipped — thanks, Ada 🙂', encoding: 'UCS-2', segments: 1, nodeId: 'tell' },
    ]);
    expect(sim.status).toBe('completed');
    expect(sim.vars).toMatchObject({ order: '1234', state: 'shipped' });
    expect(sim.path).toEqual(['start', 'ask', 'wait', 'find', 'tell']);
    expect(sim.events[0]).toMatchObject({ type: 'run_started', at: expect.stringMatching(/Z$/) });
    expect(await counts()).toEqual(before);
  });

  it('fires timeouts, fails lookups without a mock, simulates a definition from the body', async () => {
    const timeout = (await editor.post(`/api/v1/flows/${flowId}/simulate`).send({ script: [{ text: 'ORDER' }, { timeout: true }] })).body as SimulateResponse;
    expect(timeout.transcript.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['Your order number?', 'Bye']);
    const noMock = (await editor.post(`/api/v1/flows/${flowId}/simulate`).send({ script: [{ text: 'ORDER' }, { text: '9' }] })).body as SimulateResponse;
    expect(noMock.path).toEqual(['start', 'ask', 'wait', 'find', 'unknown', 'ticket']);
    expect(noMock.events.find((e) => e.type === 'lookup_attempt')?.['error']).toContain('no mocked response for lookup node "find"');
    const other = (await editor.post(`/api/v1/flows/${flowId}/simulate`).send({ definition: echoFlow('PING'), script: [], parameters: { name: 'Bo' } })).body as SimulateResponse;
    expect(other.transcript).toEqual([expect.objectContaining({ direction: 'out', text: 'Hello Bo' })]);
    expect(other.status).toBe('waiting');
  });

  it("finds each lookup's mock by its step, keeping the flow's own URL, headers and body", async () => {
    const twoLookups: FlowDefinitionInput = {
      specVersion: 1,
      nodes: [
        { id: 'start', type: 'trigger', config: { keywords: ['PLAN'] } },
        { id: 'crm', type: 'lookup', config: { kind: 'http', method: 'POST', url: 'https://crm.example.com/contacts/{{ contact.phone }}', headers: { 'X-Key': '{{ secrets.CRM_KEY }}' }, body: '{"who": "{{ contact.name }}"}', retries: 0, mapping: '{ "tier": body.tier }' } },
        { id: 'plans', type: 'lookup', config: { kind: 'http', url: '{{ secrets.PLANS_BASE }}/plans/{{ vars.tier }}', retries: 0, mapping: '{ "price": body.price }' } },
        { id: 'tell', type: 'reply', config: { text: '{{ vars.tier }} costs {{ vars.price }}' } },
        { id: 'oops', type: 'reply', config: { text: 'lookup failed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'crm' },
        { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'plans' },
        { id: 'e3', source: 'plans', sourceHandle: 'success', target: 'tell' },
        { id: 'e4', source: 'crm', sourceHandle: 'failure', target: 'oops' },
        { id: 'e5', source: 'plans', sourceHandle: 'failure', target: 'oops' },
      ],
    };
    const res = await editor.post(`/api/v1/flows/${flowId}/simulate`).send({
      definition: twoLookups, script: [{ text: 'PLAN' }], contact: { phone: '+15550100042', name: 'Ada' },
      lookups: { plans: [{ status: 200, body: { price: '9 EUR' } }], crm: [{ status: 200, body: { tier: 'gold' } }] },
    });
    expect(res.status).toBe(200);
    const sim = res.body as SimulateResponse;
    expect(sim.transcript.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['gold costs 9 EUR']);
    const attempts = sim.events.filter((e) => e.type === 'lookup_attempt').map((e) => [e.nodeId, e['method'], e['url'], e['status']]);
    // the URLs are the flow's own (a secret base stays masked), not a simulator address
    expect(attempts).toEqual([
      ['crm', 'POST', 'https://crm.example.com/contacts/+15550100042', 200],
      ['plans', 'GET', '***/plans/gold', 200],
    ]);
  });

  it('answers bad input with its path', async () => {
    const script = await editor.post(`/api/v1/flows/${flowId}/simulate`).send({ script: [{ text: 'hi' }, { nope: 1 }] });
    expect(script.status).toBe(400);
    expect(script.body.problems[0]).toMatchObject({ path: 'script[1]' });
    const def = await editor.post(`/api/v1/flows/${flowId}/simulate`).send({ script: [], definition: { specVersion: 1, nodes: [{ id: 'x', type: 'reply', config: {} }], edges: [] } });
    expect(def.status).toBe(422);
    expect(def.body.code).toBe('FLOW_INVALID');
    expect(def.body.problems.map((p: { path: string }) => p.path)).toContain('definition.nodes[0].config.text');
    expect((await editor.post('/api/v1/flows/00000000-0000-4000-8000-000000000000/simulate').send({ script: [] })).status).toBe(404);
  });
});

describe('flow tests', () => {
  it('reports pass/fail per case with the first difference', async () => {
    const tests: FlowTestCaseDto[] = [
      { id: 'ok', name: 'shipped order', script: [{ text: 'ORDER' }, { text: '77' }], contact: { name: 'Ada' },
        lookups: { find: [{ status: 200, body: { state: 'packed' } }] },
        expect: [{ text: 'Your order number?' }, { text: '^Order 77 is (packed|shipped)', match: 'pattern' }] },
      { id: 'bad', name: 'wrong expectation', script: [{ text: 'ORDER' }, { timeout: true }], expect: [{ text: 'Your order number?' }, { text: 'Goodbye' }] },
      { id: 'short', name: 'missing reply', script: [{ text: 'ORDER' }], expect: [{ text: 'Your order number?' }, { text: 'More' }] },
    ];
    const flow = (await editor.get(`/api/v1/flows/${flowId}`)).body as { revision: number };
    const saved = await editor.patch(`/api/v1/flows/${flowId}`).send({ baseRevision: flow.revision, tests });
    expect(saved.status).toBe(200);
    const res = await editor.post(`/api/v1/flows/${flowId}/tests/run`).send({});
    expect(res.status).toBe(200);
    const report = res.body as RunTestsResponse;
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(2);
    expect(report.results.map((r) => [r.caseId, r.passed, r.firstDifference])).toEqual([
      ['ok', true, null],
      ['bad', false, 'reply 2: expected "Goodbye", got "Bye"'],
      ['short', false, 'reply 2: expected "More", got no reply'],
    ]);
  });
});
