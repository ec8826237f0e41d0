import { describe, expect, it } from 'vitest';
import { defaultPorts } from './defaults';
import { FlowEngineError, FlowEngineErrorCode } from './errors';

describe('default ports', () => {
  it('fail loudly, saying which port to inject and what for', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['no http port configured: inject EnginePorts.http to run lookup nodes', () => defaultPorts.http.request({ method: 'GET', url: 'https://x', headers: {}, timeoutMs: 1, maxResponseBytes: 1 })],
      ['no tables port configured: inject EnginePorts.tables to run table lookup nodes', () => defaultPorts.tables.find('t', 'k')],
      ['no tickets port configured: inject EnginePorts.tickets to run ticket nodes', () => defaultPorts.tickets.open({ runId: 'r', contactId: 'c', channelId: null, subject: 's', body: '', team: 't', priority: 'low', forward: false })],
      ['no messages port configured: inject EnginePorts.messages to run reply nodes', () => defaultPorts.messages.send({ runId: 'r', nodeId: 'n', contactId: 'c', to: '+1', channelId: null, text: 'x', encoding: 'GSM-7', segments: 1 })],
      ['no contacts port configured: inject EnginePorts.contacts to run set nodes that change the contact', () => defaultPorts.contacts.update('c', {})],
      ['no contacts port configured: inject EnginePorts.contacts to run subscribe nodes', () => defaultPorts.contacts.setSubscription('c', 'l', true)],
      ['no secrets port configured: inject EnginePorts.secrets to use {{ secrets.NAME }} in lookups', () => defaultPorts.secrets.get('X')],
    ];
    for (const [message, call] of calls) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FlowEngineError);
      expect((err as FlowEngineError).code).toBe(FlowEngineErrorCode.PORT_NOT_CONFIGURED);
      expect((err as Error).message).toBe(message);
    }
  });

  it('are real for the clock, ids and randomness', async () => {
    expect(Math.abs(defaultPorts.clock.now() - Date.now())).toBeLessThan(1000);
    const before = Date.now();
    await defaultPorts.clock.sleep(20);
    expect(Date.now() - before).toBeGreaterThanOrEqual(15);
    const a = defaultPorts.ids.newId('run');
    expect(a).toMatch(/^run_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(defaultPorts.ids.newId('run')).not.toBe(a);
    const r = defaultPorts.random.next();
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
  });
});
