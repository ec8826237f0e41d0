import type { ProblemDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorChannel } from './conversations/messaging-fixtures';
import { keywordFlow } from './support/flow-fixtures';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

/** trigger → ask "reply YES or CANCEL" → wait → match(yes/cancel). */
function askFlow(keyword: string, cancelWord: string) {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [keyword] } },
      { id: 'ask', type: 'reply', position: { x: 0, y: 120 }, config: { text: `Reply YES or ${cancelWord}` } },
      { id: 'wait', type: 'wait', position: { x: 0, y: 240 }, config: { timeoutSeconds: 60 } },
      { id: 'route', type: 'match', position: { x: 0, y: 360 }, config: { input: 'vars.reply', cases: [
        { id: 'yes', mode: 'only_word', values: ['YES'] }, { id: 'cancel', mode: 'only_word', values: [cancelWord] }] } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'wait' },
      { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'route' },
    ],
  };
}

describe('compliance words in a flow are flagged before publishing', () => {
  let t: TestApp;
  let editor: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.loginAs('editor');
  });
  afterAll(async () => {
    await t?.close();
  });

  const compliance = (body: { problems: ProblemDto[] }) => body.problems.filter((p) => p.code === 'compliance_word').map((p) => [p.nodeId, p.severity, p.path]);

  it('a match answer the opt-out rule takes first is a warning naming the rule; publishing still works', async () => {
    const res = await editor.post('/api/v1/flows/validate').send({ definition: askFlow('BOOKING', 'CANCEL') });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(compliance(res.body)).toEqual([['route', 'warning', 'nodes[3].config.cases[1].values[0]']]);
    expect(res.body.problems.find((p: ProblemDto) => p.code === 'compliance_word').message).toContain('opted out of the channel and unsubscribed');
    // YES only goes to the compliance rules for contacts who opted out: not flagged in a match.
    const created = await editor.post('/api/v1/flows').send({ name: 'Booking', definition: askFlow('BOOKING', 'CANCEL') });
    expect((await editor.post(`/api/v1/flows/${created.body.id}/publish`).send({})).status).toBe(200);
  });

  it('a trigger keyword the compliance rules take first is an error, and publishing is refused', async () => {
    const res = await editor.post('/api/v1/flows/validate').send({ definition: keywordFlow(['END', 'stop please', 'help me']) });
    expect(res.body.valid).toBe(false);
    expect(compliance(res.body)).toEqual([['start', 'error', 'nodes[0].config.keywords[0]'], ['start', 'error', 'nodes[0].config.keywords[1]']]);
    const created = await editor.post('/api/v1/flows').send({ name: 'Ends', definition: keywordFlow(['END']) });
    const refused = await editor.post(`/api/v1/flows/${created.body.id}/publish`).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('FLOW_INVALID');
    expect(refused.body.message).toContain('"END" can never start this flow');
  });
  it("a channel's own compliance words count where the flow listens on that channel, named", async () => {
    const paris = await simulatorChannel(t, { name: 'Paris line', keywords: { optOut: ['ARRET'] } });
    const onParis = await editor.post('/api/v1/flows/validate').send({ definition: keywordFlow(['ARRET'], 'hi', [paris.id]) });
    expect(onParis.body.valid).toBe(false);
    const err = onParis.body.problems.find((p: ProblemDto) => p.code === 'compliance_word');
    expect(err).toMatchObject({ severity: 'error', nodeId: 'start' });
    expect(err.message).toBe('"ARRET" can never start this flow: it is a compliance word, taken first by the opt-out rule of channel “Paris line”: the contact is opted out of the channel and unsubscribed');
    // On every channel: it still starts elsewhere, so a warning naming the channel.
    const everywhere = await editor.post('/api/v1/flows/validate').send({ definition: keywordFlow(['ARRET']) });
    expect(everywhere.body.valid).toBe(true);
    expect(compliance(everywhere.body)).toEqual([['start', 'warning', 'nodes[0].config.keywords[0]']]);
    // On another channel only: not this channel's word.
    const elsewhere = await editor.post('/api/v1/flows/validate').send({ definition: keywordFlow(['ARRET'], 'hi', ['other-channel']) });
    expect(compliance(elsewhere.body)).toEqual([]);
  });
});
