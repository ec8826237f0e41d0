/** Twilio Studio: hand-written fixtures, one per widget and condition type, imported and run on the engine. */
import { validateFlow } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { importFixture } from './support/fixtures';
import { replay } from './support/replay';

const signup = importFixture('studio/signup.json');
const def = signup.flows[0]!.definition;
const node = (id: string) => def.nodes.find((n) => n.id === id)!;
const messages = (report: typeof signup.report, source: string) => report.filter((r) => r.source === source).map((r) => `${r.severity}: ${r.message}`);

describe('Twilio Studio sign-up flow', () => {
  it('is detected, named from its description and validates without errors', () => {
    expect(signup.format).toBe('twilio-studio');
    expect(signup.flows.map((f) => [f.name, f.sourceName])).toEqual([['Newsletter sign-up', 'Newsletter sign-up']]);
    expect(validateFlow(def).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('keeps widget names as labels and offsets as positions', () => {
    expect(node('ask_topic')).toMatchObject({ type: 'reply', label: 'ask_topic', position: { x: 30, y: 700 } });
    expect(node('ask_topic_wait')).toMatchObject({ type: 'wait', label: 'ask_topic · wait', config: { timeoutSeconds: 3600, resultVar: 'ask_topic' } });
    expect(node('route_topic')).toMatchObject({ type: 'match', label: 'route_topic', position: { x: 40, y: 900 } });
  });

  it('starts on any message (catch-all) and over REST, routing on how the run started', () => {
    expect(node('Trigger').config).toMatchObject({ keywords: [], catchAll: true, rest: true });
    const route = node('how_started');
    expect(route.config).toMatchObject({ input: 'trigger.kind', cases: [{ id: 'rest', mode: 'exact', values: ['rest'] }] });
    expect(def.edges.filter((e) => e.source === 'how_started').map((e) => [e.sourceHandle, e.target])).toEqual([['rest', 'rest_hello'], ['other', 'ask_name']]);
  });

  it('maps make-http-request to a lookup with the parameters in the query and the response in vars', () => {
    expect(node('lookup_news').config).toMatchObject({
      kind: 'http', method: 'GET', retries: 0,
      url: 'https://api.example.com/subscribe?phone={{ $encodeUrlComponent($string(contact.phone)) }}&topic={{ $encodeUrlComponent($string(vars.ask_topic)) }}',
      mapping: '{ "lookup_news": body, "lookup_news_status": status }',
    });
  });

  it('turns send-to-flex into a ticket and marks what cannot be carried over', () => {
    expect(node('handover')).toMatchObject({ type: 'ticket', config: { subject: 'Conversation handed over by handover', body: '{"name": "{{ vars.name }}", "digits": ""}' } });
    expect(node('handover').review).toMatch(/widgets\.ask_topic\.Digits/);
    expect(messages(signup.report, 'save_signup')).toEqual(['warning: run-function cannot be carried over: a placeholder step passes through its "success" exit.']);
    expect(node('save_signup')).toMatchObject({ type: 'match', config: { input: '"success"' } });
    expect(node('save_signup').review).toMatch(/run-function/);
    expect(messages(signup.report, 'follow_up')[0]).toMatch(/run-subflow cannot be carried over.*"completed" exit/);
    expect(messages(signup.report, 'Trigger')).toContain('warning: the voice (incomingCall) start is not carried over: Moflow runs SMS conversations.');
    expect(messages(signup.report, 'greet_call')).toEqual(['warning: say-play "greet_call" is not reachable from an SMS or REST start and was left out.']);
    expect(messages(signup.report, 'handover')).toContain('info: exit "failedToEnqueue" (to sorry) is not carried over: opening a ticket does not fail.');
  });

  it('runs the conversation with the replies Studio sends', async () => {
    const { turns, host } = await replay(def, [' ada ', 'News'], {
      trigger: { kind: 'catch_all' }, firstMessage: 'hi', http: [{ status: 200, body: { ref: 'R-1' } }], contact: { phone: '+15550001111' },
    });
    expect(turns.map((t) => t.replies)).toEqual([
      ['Welcome! You wrote hi. What is your name?'],
      ['Thanks Ada. Which topic: news, sports or weather?'],
      ['You are subscribed to news, Ada. Ref R-1', 'Bye!'],
    ]);
    expect(host.http).toEqual([{ method: 'GET', url: 'https://api.example.com/subscribe?phone=%2B15550001111&topic=News' }]);
  });

  it('asks again on an unknown topic, and keeps the first message for {{trigger.message.Body}}', async () => {
    const { turns } = await replay(def, ['bob', 'golf', 'Football'], { trigger: { kind: 'catch_all' }, firstMessage: 'JOIN' });
    expect(turns.map((t) => t.replies)).toEqual([
      ['Welcome! You wrote JOIN. What is your name?'],
      ['Thanks Bob. Which topic: news, sports or weather?'],
      ['Sorry, please reply news, sports or weather.', 'Thanks Bob. Which topic: news, sports or weather?'],
      ['You are subscribed to football, Bob. Ref ', 'Bye!'],
    ]);
  });

  it('starts over REST with flow.data as the trigger parameters', async () => {
    const { turns } = await replay(def, [], { trigger: { kind: 'rest', parameters: { first_name: 'Cy' } } });
    expect(turns[0]!.replies).toEqual(['Hello Cy, text back to sign up.', 'Welcome! You wrote . What is your name?']);
  });
});

describe('Studio split conditions', () => {
  const result = importFixture('studio/conditions.json');
  const flow = result.flows[0]!.definition;
  const answer = async (text: string) => (await replay(flow, [], { trigger: { kind: 'catch_all' }, firstMessage: text })).turns[0]!.replies;

  it.each([
    ['   ', 'blank'],
    [' yes please ', 'equal'],
    ['YES please', 'equal'],
    ['yes please!', 'all of them'],
    ['B', 'any'],
    ['joined', 'prefix'],
    ['I need HELP', 'contains'],
    ['101', 'big'],
    ['100', 'all of them'],
    ['-3', 'small'],
    ['ab123', 'regex'],
    ['no', 'other'],
    ['nope', 'other'],
    ['hello there', 'other'],
    ['box', 'other'],
  ])('%j takes the case %j', async (text, reply) => {
    expect(await answer(text)).toEqual([reply]);
  });

  it('reports the condition it cannot carry over, and that forgiving matching stays off', () => {
    expect(result.report.filter((r) => r.source === 'split').map((r) => r.message)).toEqual([
      'condition "date": condition "is_before_date" has no Moflow equivalent; this case never matches.',
      "compares whole values like Studio (case and surrounding spaces ignored); Moflow's word matching, accent folding and typo tolerance could be switched on per case.",
    ]);
  });
});
