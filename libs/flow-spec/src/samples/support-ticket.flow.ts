import type { FlowDefinitionInput } from '../definition';

/** HELPDESK/SUPPORT: collect the order number, check it in a data table, open a ticket either way. */
export const supportTicketFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['SUPPORT', 'HELPDESK', 'AIDE'], match: 'first_word', foldAccents: true } },
    { id: 'ask_order', type: 'reply', position: { x: 0, y: 140 }, config: { text: 'Sorry to hear you need help. What is your order number? (e.g. AB123456)' } },
    { id: 'await_order', type: 'wait', position: { x: 0, y: 280 }, config: { timeoutSeconds: 1800, resultVar: 'orderText' } },
    {
      id: 'check_format', type: 'match', position: { x: 0, y: 420 },
      config: { input: 'vars.orderText', cases: [{ id: 'order_number', mode: 'regex', pattern: '\\b[A-Z]{2}\\d{6}\\b' }] },
    },
    {
      id: 'extract', type: 'set', position: { x: -200, y: 540 },
      config: { assignments: [{ target: 'vars.orderId', expression: '$uppercase($match(vars.orderText, /[A-Za-z]{2}[0-9]{6}/).match)' }] },
    },
    { id: 'find_order', type: 'lookup', position: { x: -200, y: 660 }, config: { kind: 'table', table: 'orders', key: '{{ vars.orderId }}', mapping: '{ "orderStatus": row.status }' } },
    {
      id: 'open_ticket', type: 'ticket', position: { x: -200, y: 800 },
      config: { subject: 'Order {{ vars.orderId }} ({{ vars.orderStatus ? vars.orderStatus : "unknown" }})', body: 'From {{ contact.phone }}: {{ vars.orderText }}', team: 'support', priority: 'normal', forward: true },
    },
    { id: 'ticket_reply', type: 'reply', position: { x: -200, y: 940 }, config: { text: 'Thanks! Ticket {{ vars.ticketId }} is open; an agent will text you back shortly.' } },
    { id: 'reask', type: 'reply', position: { x: 250, y: 540 }, config: { text: "That doesn't look like an order number. It is 2 letters and 6 digits, like AB123456." } },
    { id: 'await_retry', type: 'wait', position: { x: 250, y: 660 }, config: { timeoutSeconds: 1800, resultVar: 'orderText' } },
    { id: 'timeout_ticket', type: 'ticket', position: { x: 450, y: 400 }, config: { subject: 'Support request from {{ contact.phone }} (no order number)', priority: 'low' } },
    { id: 'done', type: 'end', position: { x: 0, y: 1080 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ask_order' },
    { id: 'e2', source: 'ask_order', target: 'await_order' },
    { id: 'e3', source: 'await_order', sourceHandle: 'reply', target: 'check_format' },
    { id: 'e4', source: 'await_order', sourceHandle: 'timeout', target: 'timeout_ticket' },
    { id: 'e5', source: 'check_format', sourceHandle: 'order_number', target: 'extract' },
    { id: 'e6', source: 'check_format', sourceHandle: 'other', target: 'reask' },
    { id: 'e7', source: 'reask', target: 'await_retry' },
    { id: 'e8', source: 'await_retry', sourceHandle: 'reply', target: 'check_format' },
    { id: 'e9', source: 'await_retry', sourceHandle: 'timeout', target: 'timeout_ticket' },
    { id: 'e10', source: 'extract', target: 'find_order' },
    { id: 'e11', source: 'find_order', sourceHandle: 'found', target: 'open_ticket' },
    { id: 'e12', source: 'find_order', sourceHandle: 'not_found', target: 'open_ticket' },
    { id: 'e13', source: 'open_ticket', target: 'ticket_reply' },
    { id: 'e14', source: 'ticket_reply', target: 'done' },
    { id: 'e15', source: 'timeout_ticket', target: 'done' },
  ],
};
