import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@moflow/flow-spec';
import { normaliseDefinition } from '../utils/normalise-definition';
import { validateDefinition } from '../utils/validate-definition';
import { plainProblems } from './plain-problem';

const flow = (nodes: unknown[], edges: unknown[] = []) => normaliseDefinition({ specVersion: 1, nodes, edges }) as FlowDefinition;
const texts = (def: FlowDefinition) => plainProblems(validateDefinition(def), def).map((p) => p.text);

describe('plainProblems', () => {
  const start = { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['PIZZA'] } };

  it('names the step and the field, says what is wrong in words, and keeps the path as detail', () => {
    const def = flow([start, { id: 'reply_4', type: 'reply', label: 'Ask size', position: { x: 0, y: 100 }, config: { text: 'Hi {{ there' } }],
      [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'reply_4' }]);
    const [p] = plainProblems(validateDefinition(def), def);
    expect(p?.text).toBe('Reply ‘Ask size’: the text has a “{{” that is never closed (after ‘Hi {{’)');
    expect(p?.detail).toBe('nodes[1].config.text: unclosed "{{" at character 4');
    expect(p?.text).not.toMatch(/nodes\[|reply_4|config/);
  });

  it('uses names made from ids when steps have none, and lists errors before warnings', () => {
    const def = flow([start,
      { id: 'size', type: 'match', position: { x: 0, y: 100 }, config: { cases: [{ id: 'small', label: 'Small', mode: 'only_word', values: ['S'] }] } },
      { id: 'reply_2', type: 'reply', position: { x: 0, y: 200 }, config: { text: 'Small it is' } },
      { id: 'set_1', type: 'set', position: { x: 0, y: 300 }, config: { assignments: [{ target: 'vars.total', expression: '1 +' }] } }],
    [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'size' }, { id: 'e2', source: 'size', sourceHandle: 'small', target: 'reply_2' },
      { id: 'e3', source: 'size', sourceHandle: 'medium', target: 'reply_2' }]);
    const all = texts(def);
    expect(all).toContain('Match ‘Size’: a connection leaves from “medium”, which is no longer one of its outputs: connect that output again, or delete the connection');
    expect(all).toContain('Set ‘Set 1’: nothing leads to this step: connect a step to it, or delete it');
    expect(all.find((t) => t.startsWith('Set ‘Set 1’: the value saved in ‘vars.total’ cannot be worked out'))).toBeDefined();
    const problems = plainProblems(validateDefinition(def), def);
    const firstWarning = problems.findIndex((p) => p.severity === 'warning');
    if (firstWarning >= 0) expect(problems.slice(firstWarning).every((p) => p.severity === 'warning')).toBe(true);
  });

  it('speaks of the flow as a whole when no step is concerned', () => {
    expect(texts(flow([{ id: 'hi', type: 'reply', position: { x: 0, y: 0 }, config: { text: 'Hi' } }]))).toContain('This flow: there is no Trigger: add one so the flow can start');
  });
  it('says in words when typo tolerance cannot help a keyword', () => {
    const def = flow([{ ...start, config: { keywords: ['OK', 'GO'], typoTolerance: true } },
      { id: 'r', type: 'reply', position: { x: 0, y: 100 }, config: { text: 'Hi' } }], [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'r' }]);
    expect(texts(def)).toEqual(['Trigger ‘Start’: typo tolerance is on but cannot help “OK”, “GO”: words of 3 letters or fewer and words with digits must be typed exactly']);
  });
  it('flags a word the compliance rules take first: a trigger keyword as an error, a match answer as a warning', () => {
    const def = flow([{ ...start, config: { keywords: ['STOP'] } },
      { id: 'm', type: 'match', label: 'Which size', position: { x: 0, y: 100 }, config: { cases: [{ id: 'c', label: 'Cancel', mode: 'only_word', values: ['CANCEL'] }] } }],
    [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'm' }]);
    const problems = plainProblems(validateDefinition(def), def).filter((p) => p.code === 'compliance_word');
    expect(problems.map((p) => [p.severity, p.text])).toEqual([
      ['error', 'Trigger ‘Start’: “STOP” can never start this flow: it is a compliance word, taken first by the opt-out rule: the contact is opted out of the channel and unsubscribed'],
      ['warning', 'Match ‘Which size’: a contact who answers “CANCEL” never reaches this answer: it is taken first by the opt-out rule: the contact is opted out of the channel and unsubscribed'],
    ]);
  });
});
