/**
 * Starting points for the real use cases marketers asked for. Each template must validate clean
 * (templates.spec.ts) so "create from template" never opens a flow full of red nodes.
 */
import { flowDefinitionSchema, nodeOutputs, type FlowDefinitionInput } from '@moflow/flow-spec';

export interface FlowTemplate { id: string; name: string; description: string; definition: FlowDefinitionInput }

const at = (col: number, row: number) => ({ x: col * 280, y: row * 160 });
const edge = (source: string, target: string, sourceHandle = 'next') => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target });

/** Routes every output left open to one End step, so a template ends each path explicitly. */
function finish(def: FlowDefinitionInput): FlowDefinitionInput {
  const parsed = flowDefinitionSchema.parse(def);
  const open = parsed.nodes.flatMap((n) => nodeOutputs(n).filter((o) => !parsed.edges.some((e) => e.source === n.id && e.sourceHandle === o.id))
    .map((o) => ({ node: n.id, handle: o.id })));
  if (open.length === 0) return def;
  const bottom = Math.max(...parsed.nodes.map((n) => n.position.y)) + 160;
  return {
    ...def,
    nodes: [...def.nodes, { id: 'finish', type: 'end', position: { x: 280, y: bottom }, config: {} }],
    edges: [...def.edges, ...open.map((o) => edge(o.node, 'finish', o.handle))],
  };
}

export const flowTemplates: FlowTemplate[] = [
  {
    id: 'keyword-opt-in', name: 'Keyword opt-in', description: 'JOIN subscribes the contact to a list and confirms.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(0, 0), config: { keywords: ['JOIN', 'SUBSCRIBE'], match: 'first_word' } },
      { id: 'optin', type: 'subscribe', position: at(0, 1), config: { list: 'newsletter', action: 'subscribe' } },
      { id: 'confirm', type: 'reply', position: at(0, 2), config: { text: "You're in! Reply STOP to opt out." } },
      { id: 'done', type: 'end', position: at(0, 3), config: {} },
    ], edges: [edge('start', 'optin'), edge('optin', 'confirm'), edge('confirm', 'done')] }),
  },
  {
    id: 'appointment-confirmation', name: 'Appointment confirmation', description: 'Asks YES/NO and follows up when there is no answer.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(1, 0), config: { keywords: [], rest: true } },
      { id: 'ask', type: 'reply', position: at(1, 1), config: { text: 'Hi {{ contact.name ? contact.name : "there" }}, your appointment is on {{ trigger.parameters.date }}. Reply YES to confirm or NO to cancel.' } },
      { id: 'wait', type: 'wait', position: at(1, 2), config: { timeoutSeconds: 86400 } },
      { id: 'answer', type: 'match', position: at(0, 3), config: { input: 'vars.reply', cases: [
        { id: 'yes', label: 'YES', mode: 'only_word', values: ['YES', 'Y', 'OK'] },
        { id: 'no', label: 'NO', mode: 'only_word', values: ['NO', 'N'] },
      ] } },
      { id: 'confirmed', type: 'reply', position: at(0, 4), config: { text: 'Thanks, see you then!' } },
      { id: 'cancelled', type: 'reply', position: at(1, 4), config: { text: 'Your appointment is cancelled. Call us to rebook.' } },
      { id: 'unclear', type: 'reply', position: at(2, 4), config: { text: 'Sorry, please reply YES or NO.' } },
      { id: 'reminder', type: 'reply', position: at(2, 3), config: { text: 'We did not hear back. Please call us to confirm your appointment.' } },
    ], edges: [edge('start', 'ask'), edge('ask', 'wait'), edge('wait', 'answer', 'reply'), edge('wait', 'reminder', 'timeout'),
      edge('answer', 'confirmed', 'yes'), edge('answer', 'cancelled', 'no'), edge('answer', 'unclear', 'other')] }),
  },
  {
    id: 'support-ticket', name: 'Support request', description: 'HELPME asks for details and opens a ticket.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(0, 0), config: { keywords: ['SUPPORT', 'HELPME'] } },
      { id: 'ask', type: 'reply', position: at(0, 1), config: { text: 'Sorry to hear that. Please describe the problem in one message.' } },
      { id: 'wait', type: 'wait', position: at(0, 2), config: { timeoutSeconds: 3600, resultVar: 'problem' } },
      { id: 'ticket', type: 'ticket', position: at(0, 3), config: { subject: 'SMS support request from {{ contact.phone }}', body: '{{ vars.problem }}', team: 'support', priority: 'normal' } },
      { id: 'ack', type: 'reply', position: at(0, 4), config: { text: 'Ticket {{ vars.ticketId }} opened. We will text you back soon.' } },
      { id: 'gaveUp', type: 'end', position: at(1, 3), config: { reason: 'no description' } },
    ], edges: [edge('start', 'ask'), edge('ask', 'wait'), edge('wait', 'ticket', 'reply'), edge('wait', 'gaveUp', 'timeout'), edge('ticket', 'ack')] }),
  },
  {
    id: 'feedback-survey', name: 'Feedback survey', description: 'Asks for a rating from 1 to 5 and thanks the contact.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(1, 0), config: { keywords: ['FEEDBACK'] } },
      { id: 'ask', type: 'reply', position: at(1, 1), config: { text: 'How did we do? Reply with a number from 1 (bad) to 5 (great).' } },
      { id: 'wait', type: 'wait', position: at(1, 2), config: { timeoutSeconds: 172800, resultVar: 'rating' } },
      { id: 'score', type: 'match', position: at(1, 3), config: { input: 'vars.rating', cases: [
        { id: 'happy', label: '4–5', mode: 'number_between', min: 4, max: 5 },
        { id: 'unhappy', label: '1–3', mode: 'number_between', min: 1, max: 3 },
      ] } },
      { id: 'thanks', type: 'reply', position: at(0, 4), config: { text: 'Thank you! Glad you liked it.' } },
      { id: 'sorry', type: 'reply', position: at(1, 4), config: { text: 'Sorry we let you down. Someone will be in touch.' } },
      { id: 'retry', type: 'reply', position: at(2, 4), config: { text: 'Please reply with a number from 1 to 5.' } },
    ], edges: [edge('start', 'ask'), edge('ask', 'wait'), edge('wait', 'score', 'reply'), edge('score', 'thanks', 'happy'),
      edge('score', 'sorry', 'unhappy'), edge('score', 'retry', 'other')] }),
  },
  {
    id: 'lead-capture', name: 'Lead capture', description: 'Collects a name and email and saves them on the contact.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(0, 0), config: { keywords: ['QUOTE', 'PRICES'] } },
      { id: 'askName', type: 'reply', position: at(0, 1), config: { text: 'Great! What is your name?' } },
      { id: 'waitName', type: 'wait', position: at(0, 2), config: { timeoutSeconds: 3600, resultVar: 'name' } },
      { id: 'askEmail', type: 'reply', position: at(0, 3), config: { text: 'Thanks {{ vars.name }}. And your email address?' } },
      { id: 'waitEmail', type: 'wait', position: at(0, 4), config: { timeoutSeconds: 3600, resultVar: 'email' } },
      { id: 'save', type: 'set', position: at(0, 5), config: { assignments: [
        { target: 'contact.name', expression: 'vars.name' }, { target: 'contact.fields.email', expression: '$trim(vars.email)' },
      ] } },
      { id: 'done', type: 'reply', position: at(0, 6), config: { text: 'Got it, {{ vars.name }}. A specialist will contact you shortly.' } },
    ], edges: [edge('start', 'askName'), edge('askName', 'waitName'), edge('waitName', 'askEmail', 'reply'), edge('askEmail', 'waitEmail'),
      edge('waitEmail', 'save', 'reply'), edge('save', 'done')] }),
  },
  {
    id: 'order-status', name: 'Order status lookup', description: 'ORDER <number> looks the order up and answers with its status.',
    definition: finish({ specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: at(0, 0), config: { keywords: ['ORDER', 'STATUS'] } },
      { id: 'lookup', type: 'lookup', position: at(0, 1), config: { kind: 'http', method: 'GET',
        url: 'https://shop.example.com/api/orders/{{ $split(message.text, " ")[1] }}',
        mapping: '{ "status": body.status, "eta": body.eta }' } },
      { id: 'found', type: 'reply', position: at(0, 2), config: { text: 'Your order is {{ vars.status }}, expected {{ vars.eta }}.' } },
      { id: 'missing', type: 'reply', position: at(1, 2), config: { text: 'We could not find that order. Text ORDER followed by your order number.' } },
    ], edges: [edge('start', 'lookup'), edge('lookup', 'found', 'success'), edge('lookup', 'missing', 'failure')] }),
  },
];
