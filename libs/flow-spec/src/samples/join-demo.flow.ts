import type { FlowDefinitionInput } from '../definition';

/** The demo: JOIN → look the number up → greet → ask to confirm → YES subscribes, NO ends politely. */
export const joinDemoFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['JOIN', 'SUBSCRIBE', 'START NEWS'], match: 'first_word' } },
    {
      id: 'find_customer', type: 'lookup', position: { x: 0, y: 140 }, label: 'Find customer',
      config: {
        kind: 'http', method: 'GET',
        url: 'https://crm.example.com/api/customers?phone={{ $encodeUrlComponent(contact.phone) }}',
        headers: { Authorization: 'Bearer {{ secrets.CRM_TOKEN }}' },
        timeoutMs: 3000, retries: 2,
        mapping: '{ "firstName": body.customers[0].firstName, "customerId": body.customers[0].id }',
        successWhen: 'status = 200 and $count(body.customers) > 0',
      },
    },
    { id: 'greet_known', type: 'reply', position: { x: -200, y: 280 }, config: { text: 'Hi {{ vars.firstName }}! Reply YES to get our weekly deals by SMS, or NO to skip.' } },
    { id: 'greet_new', type: 'reply', position: { x: 200, y: 280 }, config: { text: 'Welcome to Moflow Deals! Reply YES to get our weekly deals by SMS, or NO to skip.' } },
    { id: 'await_answer', type: 'wait', position: { x: 0, y: 420 }, config: { timeoutSeconds: 86_400, resultVar: 'answer' } },
    {
      id: 'answer', type: 'match', position: { x: 0, y: 560 }, label: 'YES or NO?',
      config: {
        input: 'vars.answer',
        cases: [
          { id: 'yes', label: 'Yes', mode: 'first_word', values: ['YES', 'Y', 'OK', 'SURE'], typoTolerance: true },
          { id: 'no', label: 'No', mode: 'first_word', values: ['NO', 'N', 'NOPE'] },
        ],
      },
    },
    { id: 'subscribe', type: 'subscribe', position: { x: -200, y: 700 }, config: { list: 'weekly-deals', action: 'subscribe' } },
    { id: 'confirm', type: 'reply', position: { x: -200, y: 840 }, config: { text: "You're in! Deals arrive every Monday. Text STOP to opt out." } },
    { id: 'decline', type: 'reply', position: { x: 200, y: 700 }, config: { text: 'No problem, we will not text you deals. Text JOIN any time.' } },
    { id: 'retry_prompt', type: 'reply', position: { x: 500, y: 560 }, config: { text: 'Sorry, please reply YES or NO.' } },
    { id: 'done', type: 'end', position: { x: 0, y: 980 }, config: {} },
    { id: 'expired', type: 'end', position: { x: 400, y: 420 }, config: { reason: 'no answer within a day' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'find_customer' },
    { id: 'e2', source: 'find_customer', sourceHandle: 'success', target: 'greet_known' },
    { id: 'e3', source: 'find_customer', sourceHandle: 'failure', target: 'greet_new' },
    { id: 'e4', source: 'greet_known', sourceHandle: 'next', target: 'await_answer' },
    { id: 'e5', source: 'greet_new', sourceHandle: 'next', target: 'await_answer' },
    { id: 'e6', source: 'await_answer', sourceHandle: 'reply', target: 'answer' },
    { id: 'e7', source: 'await_answer', sourceHandle: 'timeout', target: 'expired' },
    { id: 'e8', source: 'answer', sourceHandle: 'yes', target: 'subscribe' },
    { id: 'e9', source: 'answer', sourceHandle: 'no', target: 'decline' },
    { id: 'e10', source: 'answer', sourceHandle: 'other', target: 'retry_prompt' },
    { id: 'e11', source: 'retry_prompt', sourceHandle: 'next', target: 'await_answer' },
    { id: 'e12', source: 'subscribe', sourceHandle: 'next', target: 'confirm' },
    { id: 'e13', source: 'confirm', sourceHandle: 'next', target: 'done' },
    { id: 'e14', source: 'decline', sourceHandle: 'next', target: 'done' },
  ],
};
