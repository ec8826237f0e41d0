/**
 * The sample flows shipped by flow-spec, driven the way the dispatcher will drive them: a waiting
 * run gets the contact's next text, otherwise keywords choose the flow; the state is stored as JSON
 * between messages. These tests read like the conversations a customer would have.
 */
import { flowDefinitionSchema, sampleFlows, type FlowDefinition } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { findKeyword, FlowEngine, type RunEvent, type TriggerInfo } from '../src';
import { fakeHost, type PortScript } from './support/fake-ports';
import { defaultContact } from './support/fixture';

const flows = new Map<string, FlowDefinition>(sampleFlows.map((s) => [s.key, flowDefinitionSchema.parse(s.definition)]));

function conversation(script: PortScript) {
  const host = fakeHost(script);
  const engine = new FlowEngine({ ports: host.ports, reloadStateEachStep: true });
  let stored: string | null = null; // the run state as a database would hold it
  let flowKey = '';
  const log: RunEvent[] = [];
  let n = 0;
  const message = (text: string) => ({ id: `mo-${++n}`, text, from: defaultContact.phone, to: '12345', channelId: 'ch-1', receivedAt: new Date(host.clock.now).toISOString() });

  async function start(key: string, trigger: TriggerInfo, text: string | null) {
    flowKey = key;
    const r = await engine.start({
      runId: `run-${n}`, flowId: key, flowVersion: 1, definition: flows.get(key)!,
      contact: { ...defaultContact, fields: {}, subscriptions: [] }, channelId: 'ch-1', message: text === null ? null : message(text), trigger,
    });
    log.push(...r.events);
    stored = r.state.status === 'waiting' ? JSON.stringify(r.state) : null;
    return r.state;
  }

  return {
    host,
    log,
    /** The contact texts us: resume the waiting run, else pick a flow by keyword. */
    async text(text: string) {
      const sentBefore = host.messages.length;
      if (stored) {
        const r = await engine.resume(flows.get(flowKey)!, JSON.parse(stored), { kind: 'reply', message: message(text) });
        log.push(...r.events);
        stored = r.state.status === 'waiting' ? JSON.stringify(r.state) : null;
      } else {
        const triggers = sampleFlows.flatMap((s) => {
          const t = flows.get(s.key)!.nodes.find((x) => x.type === 'trigger');
          return t && t.type === 'trigger' && t.config.keywords.length ? [{ id: s.key, spec: { mode: t.config.match, values: t.config.keywords } }] : [];
        });
        const hit = findKeyword(text, triggers);
        if (!hit) return [];
        await start(hit.id, { kind: 'keyword', keyword: hit.result.value, matchMode: 'first_word', matchedBy: hit.result.matchedBy }, text);
      }
      return host.messages.slice(sentBefore).map((m) => m.text);
    },
    async rest(key: string, parameters: Record<string, unknown>) {
      await start(key, { kind: 'rest', parameters }, null);
      return host.messages.map((m) => m.text);
    },
    async timeout() {
      host.clock.now += 86_400_000;
      const r = await engine.resume(flows.get(flowKey)!, JSON.parse(stored!), { kind: 'timeout' });
      log.push(...r.events);
      stored = r.state.status === 'waiting' ? JSON.stringify(r.state) : null;
      return r.state;
    },
    get waiting() {
      return stored !== null;
    },
  };
}

describe('sample flows, as conversations', () => {
  it('join-demo: known customer; an unclear answer is re-asked, then "Yes!!" subscribes', async () => {
    const c = conversation({ http: [{ status: 200, body: { customers: [{ id: 'cu-7', firstName: 'Ada' }] } }], secrets: { CRM_TOKEN: 'crm-secret-token' } });
    expect(await c.text('join')).toEqual(['Hi Ada! Reply YES to get our weekly deals by SMS, or NO to skip.']);
    expect(c.host.requests[0]!.headers['Authorization']).toBe('Bearer crm-secret-token');
    expect(await c.text('maybe?')).toEqual(['Sorry, please reply YES or NO.']);
    expect(await c.text('  Yes!! ')).toEqual(["You're in! Deals arrive every Monday. Text STOP to opt out."]);
    expect(c.host.subscriptions).toEqual([{ contactId: 'c-1', list: 'weekly-deals', subscribed: true }]);
    expect(c.waiting).toBe(false);
    expect(JSON.stringify(c.log)).not.toContain('crm-secret-token');
  });

  it('join-demo: unknown number after the CRM keeps failing, then NO', async () => {
    const c = conversation({ http: [{ status: 503 }, { status: 503 }, { status: 503 }], secrets: { CRM_TOKEN: 't0k3n' } });
    expect(await c.text('SUBSCRIBE please')).toEqual(['Welcome to Moflow Deals! Reply YES to get our weekly deals by SMS, or NO to skip.']);
    expect(c.host.requests).toHaveLength(3);
    expect(await c.text('no')).toEqual(['No problem, we will not text you deals. Text JOIN any time.']);
    expect(c.host.subscriptions).toEqual([]);
  });

  it('join-demo: no answer within a day ends the run on the timeout path', async () => {
    const c = conversation({ http: [{ status: 404 }], secrets: { CRM_TOKEN: 't0k3n' } });
    await c.text('JOIN');
    const state = await c.timeout();
    expect(state.status).toBe('completed');
    expect(c.log.at(-1)).toMatchObject({ type: 'run_completed', reason: 'ended at node "expired": no answer within a day' });
  });

  it('support-ticket: a bad order number, then a good one found in the table, opens a ticket', async () => {
    const c = conversation({ tables: { orders: { AB123456: { status: 'shipped' } } } });
    expect(await c.text('Aide')).toEqual(['Sorry to hear you need help. What is your order number? (e.g. AB123456)']);
    expect(await c.text('it is 123')).toEqual(["That doesn't look like an order number. It is 2 letters and 6 digits, like AB123456."]);
    expect(await c.text('my order is ab123456 thanks')).toEqual(['Thanks! Ticket tk-1 is open; an agent will text you back shortly.']);
    expect(c.host.tickets[0]).toMatchObject({ subject: 'Order AB123456 (shipped)', forward: true, team: 'support' });
  });

  it('appointment-confirmation: REST start with parameters, C confirms through the booking API', async () => {
    const c = conversation({ http: [{ status: 200, body: { ok: true } }], secrets: { BOOKING_API: 'https://booking.example.com/k3y-in-path' } });
    const sent = await c.rest('appointment-confirmation', { appointmentId: 'ap 42', when: 'Tuesday 10:00' });
    expect(sent[0]).toContain('Hi Ada, your appointment is on Tuesday 10:00.');
    expect(await c.text('c')).toEqual(['Thanks, your appointment is confirmed.']);
    expect(c.host.requests[0]).toMatchObject({ method: 'POST', url: 'https://booking.example.com/k3y-in-path/appointments/ap%2042/status', body: '{"status":"confirmed"}' });
    const attempt = c.log.find((e) => e.type === 'lookup_attempt');
    expect(attempt).toMatchObject({ url: '***/appointments/ap%2042/status', status: 200 });
  });
});
