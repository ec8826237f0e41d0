/** Format detection, whole-file errors, and the Moflow round trip. */
import { sampleFlows, flowDefinitionSchema } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { detectFormat, FlowImportError, importFlows, importFlowsFromText, moflowExport } from '../src';
import { fixtureText } from './support/fixtures';

describe('importFlows', () => {
  it('detects each format', () => {
    expect(detectFormat(JSON.parse(fixtureText('studio/signup.json')))).toBe('twilio-studio');
    expect(detectFormat(JSON.parse(fixtureText('rapidpro/coffee-survey.json')))).toBe('rapidpro');
    expect(detectFormat(JSON.parse(fixtureText('rapidpro/cases.json')))).toBe('rapidpro');
    expect(detectFormat(JSON.parse(fixtureText('rapidpro/legacy-quiz.json')))).toBe('rapidpro');
    expect(detectFormat({ specVersion: 1, nodes: [], edges: [] })).toBe('moflow');
    expect(detectFormat({ hello: 'world' })).toBeNull();
  });

  it('refuses text that is not JSON, saying what was expected', () => {
    expect(() => importFlowsFromText('states: [')).toThrow(FlowImportError);
    expect(() => importFlowsFromText('states: [')).toThrow(/not valid JSON .*expected the JSON export of a Twilio Studio flow or a RapidPro\/TextIt workspace/);
    expect(() => importFlows([1, 2])).toThrow(/expected a JSON object \(the exported flow file\), got an array/);
  });

  it('refuses JSON in no known format, naming the formats', () => {
    try {
      importFlows({ name: 'x', steps: [] });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'unknown_format' });
      expect((e as Error).message).toMatch(/Twilio Studio flow definition .* RapidPro\/TextIt export .* Moflow flow export/);
    }
  });

  it('refuses RapidPro flows older than spec 7', () => {
    expect(() => importFlows({ version: 6, name: 'Old', definition: { action_sets: [], rule_sets: [], entry: null } })).toThrow(expect.objectContaining({ code: 'unsupported_version' }));
  });

  it('names a Studio flow without description "Imported Studio flow"', () => {
    const r = importFlows({ states: [{ name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingMessage', next: 'hi' }], properties: {} },
      { name: 'hi', type: 'send-message', transitions: [{ event: 'sent' }], properties: { body: 'Hi' } }], initial_state: 'Trigger' });
    expect(r.flows.map((f) => [f.name, f.sourceName])).toEqual([['Imported Studio flow', '']]);
  });

  it.each(sampleFlows.map((s) => [s.key, s]))('gives a Moflow export (%s) back unchanged', (_key, sample) => {
    const definition = flowDefinitionSchema.parse(sample.definition);
    const exported = JSON.stringify(moflowExport('My flow', definition));
    const r = importFlowsFromText(exported);
    expect(r.format).toBe('moflow');
    expect(r.flows).toEqual([{ name: 'My flow', sourceName: 'My flow', definition }]);
    expect(importFlows(definition).flows[0]!.definition).toEqual(definition);
  });
});
