import { describe, expect, it } from 'vitest';
import { emptySetup, simInput, toggleAdvanced } from './sim-setup';

describe('simulator setup', () => {
  const filled = () => ({ ...emptySetup(), name: 'Ada', fields: [{ key: 'tier', value: 'gold' }, { key: 'visits', value: '3' }, { key: 'zip', value: '0123' }, { key: ' ', value: 'ignored' }],
    lookups: { order: { status: 200, rows: [{ key: 'status', value: 'shipped' }] } } });

  it('turns the forms into the simulate request: fields by name, one answer per lookup step, numbers typed', () => {
    expect(simInput(filled())).toEqual({ ok: true, contact: { phone: '+15550001111', name: 'Ada', fields: { tier: 'gold', visits: 3, zip: '0123' } },
      lookups: { order: [{ status: 200, body: { status: 'shipped' } }] }, parameters: null });
  });

  it('keeps what was typed when switching to JSON and back', () => {
    const json = toggleAdvanced(filled(), true);
    expect(JSON.parse(json.json.fields)).toEqual({ tier: 'gold', visits: 3, zip: '0123' });
    expect(JSON.parse(json.json.lookups)).toEqual({ order: { status: 200, body: { status: 'shipped' } } });
    expect(simInput(json)).toMatchObject({ ok: true, contact: { fields: { tier: 'gold', visits: 3 } }, lookups: { order: [{ status: 200 }] } });
    const back = toggleAdvanced({ ...json, json: { ...json.json, lookups: '{ "order": { "status": 404, "body": {} } }' } }, false);
    expect(back.fields).toEqual([{ key: 'tier', value: 'gold' }, { key: 'visits', value: '3' }, { key: 'zip', value: '0123' }]);
    expect(back.lookups).toEqual({ order: { status: 404, rows: [] } });
  });

  it('names the part of the JSON that is wrong', () => {
    const s = { ...emptySetup(), advanced: true };
    expect(simInput({ ...s, json: { ...s.json, fields: '{ bad' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^Contact fields: not valid JSON/) });
    expect(simInput({ ...s, json: { ...s.json, lookups: '{ "order": { "body": 1 } }' } })).toEqual({ ok: false, error: 'Lookup answers: order[0] needs a numeric "status"' });
    expect(simInput({ ...s, json: { ...s.json, parameters: '[1]' } })).toEqual({ ok: false, error: 'Start parameters: must be a JSON object' });
  });
});
