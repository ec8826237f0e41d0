/** RapidPro / TextIt: hand-written spec 13 and legacy fixtures, imported and run on the engine. */
import { validateFlow, type FlowDefinition } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { importFixture } from './support/fixtures';
import { replay } from './support/replay';

const byId = (def: FlowDefinition, id: string) => def.nodes.find((n) => n.id === id)!;
const noErrors = (def: FlowDefinition) => validateFlow(def).problems.filter((p) => p.severity === 'error');

describe('RapidPro spec 13 export: coffee survey', () => {
  const result = importFixture('rapidpro/coffee-survey.json');
  const def = result.flows[0]!.definition;
  const contact = { name: 'Ada Lovelace', phone: '+15550002222' };
  const start = { trigger: { kind: 'keyword' as const, keyword: 'coffee' }, firstMessage: 'coffee' };

  it('keeps the flow name, the keyword triggers and the positions, and validates', () => {
    expect(result.format).toBe('rapidpro');
    expect(result.flows.map((f) => [f.name, f.sourceName])).toEqual([['Coffee survey', 'Coffee survey']]);
    expect(noErrors(def)).toEqual([]);
    expect(byId(def, 'trigger').config).toMatchObject({ keywords: ['coffee', 'java'], match: 'first_word', catchAll: false, foldAccents: false });
    expect(def.nodes.find((n) => n.label === 'n1')!.position).toEqual({ x: 100, y: 0 });
    expect(def.nodes.find((n) => n.label === 'Likes Coffee')).toMatchObject({ type: 'wait', position: { x: 100, y: 160 }, config: { timeoutSeconds: 600, resultVar: 'likes_coffee' } });
  });

  it('keeps tokenised word tests and takes the expiry as the timeout of a wait without one', () => {
    const match = def.nodes.find((n) => n.type === 'match' && n.label?.startsWith('Likes Coffee'))!;
    expect(match.config).toMatchObject({ input: 'vars.likes_coffee', cases: [
      { label: 'Yes', mode: 'any_word', values: ['yes', 'yeah', 'y'], foldAccents: false, foldLookalikes: false, typoTolerance: false },
      { label: 'No', mode: 'exact', values: ['no'] }] });
    expect(def.nodes.find((n) => n.label === 'Cups')!.config).toMatchObject({ timeoutSeconds: 720 * 60 });
  });

  it('runs the survey with the same replies as RapidPro', async () => {
    const { turns, host } = await replay(def, ['maybe', 'Yeah sure', 'about 3 cups'], { ...start, contact, http: [{ status: 200, body: { id: 'S-9' } }] });
    expect(turns.map((t) => t.replies)).toEqual([
      ['Hi Ada, do you like coffee?\nYes / No'],
      ['Hi Ada, do you like coffee?\nYes / No'],
      ['How many cups a day?'],
      ['ADA LOVELACE: 3 cups, thanks! @coffee', 'Saved as S-9'],
    ]);
    expect(host.contactUpdates).toContainEqual({ fields: { likes_coffee: 'Yes' } });
    expect(host.http).toEqual([{ method: 'POST', url: 'https://api.example.com/survey?cups=3', body: '{"phone": "+15550002222"}' }]);
  });

  it('opens a ticket for heavy drinkers and follows the webhook failure exit', async () => {
    const { turns } = await replay(def, ['yes', '15'], { ...start, contact, http: [{ status: 500, body: {} }] });
    expect(turns[2]!.replies).toEqual(['Could not save, sorry.']);
  });

  it('maps groups to subscriptions and names what it cannot carry over', async () => {
    const { turns, host } = await replay(def, ['no'], { ...start, contact });
    expect(turns[1]!.replies).toEqual(['Noted: no (No).']);
    expect(host.subscriptions).toEqual([{ list: 'Tea drinkers', subscribed: true }, { list: 'Coffee drinkers', subscribed: false }]);
    const warnings = result.report.filter((r) => r.severity === 'warning').map((r) => r.message);
    expect(warnings).toContain('action set_contact_language cannot be carried over: a placeholder step passes through to the next step.');
    expect(warnings).toContain('enter_flow "Reminder" cannot be carried over: a placeholder step passes through its "Complete" exit.');
    expect(warnings).toContain('the missed call trigger is not carried over: Moflow starts flows by keyword, catch-all or REST.');
    const enter = def.nodes.find((n) => n.review?.includes('enter_flow'))!;
    expect(enter).toMatchObject({ type: 'match', config: { input: '"Complete"' } });
    expect(result.report.filter((r) => r.severity === 'info').map((r) => r.message)).toContain('quick replies (Yes, No) are appended to the text as the options a person can reply with.');
  });
});

describe('RapidPro router cases', () => {
  const def = importFixture('rapidpro/cases.json').flows[0]!.definition;
  const category = async (text: string) => (await replay(def, [], { trigger: { kind: 'catch_all' }, firstMessage: text })).turns[0]!.replies;

  it.each([
    ['blue and RED', 'All words'],
    ['a big cat!', 'Phrase'],
    ['reference 12', 'Beginning'],
    ['2024-05', 'Pattern'],
    ['mail me: ada@example.com', 'Email'],
    ['+250 788 123 456', 'Phone'],
    ['7', 'Seven'],
    ['1500', 'Large'],
    ['2', 'Few'],
    ['5 apples', 'Number'],
    ['tomorrow', 'Text'],
    ['   ', 'Other'],
  ])('%j is %j', async (text, expected) => {
    expect(await category(text)).toEqual([expected]);
  });

  it('reports the tests it cannot carry over on the marked step', () => {
    const { report } = importFixture('rapidpro/cases.json');
    const item = report.find((r) => r.message.includes('has_date'))!;
    expect(item).toMatchObject({ severity: 'warning', source: 'R', message: 'case "Date": test has_date has no Moflow equivalent; this case never matches.' });
    expect(byId(def, item.nodeId!).review).toContain('has_date');
  });
});

describe('RapidPro legacy export (action_sets / rule_sets)', () => {
  const result = importFixture('rapidpro/legacy-quiz.json');
  const def = result.flows[0]!.definition;

  it('converts rule sets and action sets, with keyword, positions and labels', () => {
    expect(noErrors(def)).toEqual([]);
    expect(byId(def, 'trigger').config).toMatchObject({ keywords: ['quiz'], match: 'only_word' });
    expect(def.nodes.find((n) => n.label === 'Age')).toMatchObject({ type: 'wait', position: { x: 100, y: 200 }, config: { timeoutSeconds: 300, resultVar: 'age' } });
    expect(def.nodes.find((n) => n.label === 'as-ask')).toMatchObject({ type: 'reply', config: { text: 'Your age and code, like: 34 ab' } });
  });

  it('runs the quiz: @flow.age is the number found, @flow.age.text the text, form fields split it', async () => {
    const { turns, host } = await replay(def, ['abc', '34 ab'], { trigger: { kind: 'keyword', keyword: 'quiz' }, firstMessage: 'quiz', http: [{ status: 200, body: {} }] });
    expect(turns.map((t) => t.replies)).toEqual([
      ['Your age and code, like: 34 ab'],
      ['Please send a number between 1 and 120.', 'Your age and code, like: 34 ab'],
      ['Age 34 (Valid), next year 35.', 'Code ab, first word 34 3'],
    ]);
    expect(host.contactUpdates).toContainEqual({ fields: { age: 34 } });
    expect(host.subscriptions).toEqual([{ list: 'Adults', subscribed: true }, { list: 'Kids', subscribed: false }]);
    expect(host.http).toEqual([{ method: 'POST', url: 'https://api.example.com/quiz' }]);
  });

  it('names every legacy construct it cannot carry over', () => {
    const messages = result.report.map((r) => r.message);
    for (const what of ['set_contact_language', 'send_email', 'enter_flow', 'has_date_lt']) expect(messages.some((m) => m.includes(what)), what).toBe(true);
  });
});
