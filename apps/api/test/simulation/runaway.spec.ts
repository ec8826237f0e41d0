import type { SimulateResponse } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraft, echoFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

let t: TestApp;
let ops: Agent;
let flowId: string;

/** A set node whose assignments each run one long native call ($distinct is quadratic). */
function setFlow(expressions: string[]): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['GO'] } },
      { id: 'calc', type: 'set', config: { assignments: expressions.map((expression, i) => ({ target: `vars.v${i}`, expression })) } },
      { id: 'done', type: 'reply', config: { text: 'done' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'calc' }, { id: 'e2', source: 'calc', target: 'done' }],
  };
}

beforeAll(async () => {
  t = await createTestApp({ env: { ENGINE_TURN_BUDGET_MS: '300', ENGINE_WORKERS: '1' } });
  ops = await t.loginAs('ops');
  flowId = await createDraft(t, 'Echo', echoFlow('ECHO'));
});
afterAll(() => t?.close());

describe('simulation of runaway expressions (ops may post any definition)', () => {
  it('stops a turn whose native calls run past the turn budget, while /health/live keeps answering', async () => {
    // each $distinct over 10,000 items is one native call the 250 ms expression budget cannot interrupt
    // (30-60 ms each, under that budget): 30 of them in one turn are well past the 300 ms turn budget
    const definition = setFlow(Array.from({ length: 30 }, () => '$count($distinct([1..10000]))'));
    const order: string[] = [];
    const sim = ops.post(`/api/v1/flows/${flowId}/simulate`).send({ definition, script: [{ text: 'GO' }] })
      .then((res) => (order.push('simulate'), res));
    // the health probe is sent after the simulation started and must not wait for it
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await t.http.get('/health/live');
    order.push('health');
    const res = await sim;
    expect(health.status).toBe(200);
    expect(order).toEqual(['health', 'simulate']);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'TURN_STOPPED', details: { reason: 'busy_budget' } });
    expect(res.body.message).toMatch(/^The simulation was stopped: the turn ran for \d+ ms of processing, more than the 300 ms a turn may use/);
  });

  it("refuses the probe's range before it is built, naming the limit, and the run fails cleanly", async () => {
    const res = await ops.post(`/api/v1/flows/${flowId}/simulate`).send({ definition: setFlow(['$count($distinct([1..80000]))']), script: [{ text: 'GO' }] });
    expect(res.status).toBe(200);
    const sim = res.body as SimulateResponse;
    expect(sim.status).toBe('failed');
    expect(JSON.stringify(sim.events)).toMatch(/more than the 10000 items an expression may build/);
  });

  it('keeps simulating ordinary flows after a stopped turn (the worker was replaced)', async () => {
    const res = await ops.post(`/api/v1/flows/${flowId}/simulate`).send({ script: [{ text: 'ECHO' }, { text: 'hello' }] });
    expect(res.status).toBe(200);
    expect((res.body as SimulateResponse).transcript.filter((x) => x.direction === 'out').length).toBeGreaterThan(0);
  });
});
