import type { FlowDefinitionInput } from '../definition';

/** Started over REST by a booking system: confirm, cancel or reschedule an appointment by SMS. */
export const appointmentConfirmationFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [], rest: true } },
    {
      id: 'remember', type: 'set', position: { x: 0, y: 140 },
      config: { assignments: [
        { target: 'vars.appointmentId', expression: 'trigger.parameters.appointmentId' },
        { target: 'vars.when', expression: 'trigger.parameters.when' },
      ] },
    },
    { id: 'ask', type: 'reply', position: { x: 0, y: 280 }, config: { text: 'Hi {{ contact.name ? contact.name : "there" }}, your appointment is on {{ vars.when }}. Reply C to confirm, X to cancel or R to reschedule.' } },
    { id: 'await_answer', type: 'wait', position: { x: 0, y: 420 }, config: { timeoutSeconds: 43_200 } },
    {
      id: 'route', type: 'match', position: { x: 0, y: 560 },
      config: { input: 'vars.reply', cases: [
        { id: 'confirm', mode: 'only_word', values: ['C', 'CONFIRM', 'YES'] },
        { id: 'cancel', mode: 'only_word', values: ['X'] },
        { id: 'reschedule', mode: 'any_word', values: ['R', 'RESCHEDULE', 'CHANGE'] },
      ] },
    },
    {
      id: 'update_booking', type: 'lookup', position: { x: -250, y: 700 },
      config: {
        kind: 'http', method: 'POST',
        url: '{{ secrets.BOOKING_API }}/appointments/{{ $encodeUrlComponent(vars.appointmentId) }}/status',
        headers: { 'Content-Type': 'application/json' },
        body: '{{ $string({"status": vars.status}) }}',
        retries: 3,
      },
    },
    { id: 'set_confirmed', type: 'set', position: { x: -400, y: 620 }, config: { assignments: [{ target: 'vars.status', expression: '"confirmed"' }] } },
    { id: 'set_cancelled', type: 'set', position: { x: -100, y: 620 }, config: { assignments: [{ target: 'vars.status', expression: '"cancelled"' }] } },
    { id: 'thanks', type: 'reply', position: { x: -250, y: 840 }, config: { text: 'Thanks, your appointment is {{ vars.status }}.' } },
    { id: 'sorry', type: 'reply', position: { x: 0, y: 840 }, config: { text: "We couldn't update your booking right now; our team will call you." } },
    { id: 'handoff', type: 'ticket', position: { x: 250, y: 700 }, config: { subject: 'Reschedule {{ vars.appointmentId }}', body: 'Contact {{ contact.phone }} asked to reschedule: "{{ vars.reply }}"', team: 'bookings', priority: 'high' } },
    { id: 'handoff_reply', type: 'reply', position: { x: 250, y: 840 }, config: { text: 'Got it, someone from our team will text you to find a new time.' } },
    { id: 'unclear', type: 'reply', position: { x: 500, y: 560 }, config: { text: 'Please reply C, X or R.' } },
    { id: 'done', type: 'end', position: { x: 0, y: 980 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'remember' },
    { id: 'e2', source: 'remember', target: 'ask' },
    { id: 'e3', source: 'ask', target: 'await_answer' },
    { id: 'e4', source: 'await_answer', sourceHandle: 'reply', target: 'route' },
    { id: 'e5', source: 'await_answer', sourceHandle: 'timeout', target: 'done' },
    { id: 'e6', source: 'route', sourceHandle: 'confirm', target: 'set_confirmed' },
    { id: 'e7', source: 'route', sourceHandle: 'cancel', target: 'set_cancelled' },
    { id: 'e8', source: 'route', sourceHandle: 'reschedule', target: 'handoff' },
    { id: 'e9', source: 'route', sourceHandle: 'other', target: 'unclear' },
    { id: 'e10', source: 'unclear', target: 'await_answer' },
    { id: 'e11', source: 'set_confirmed', target: 'update_booking' },
    { id: 'e12', source: 'set_cancelled', target: 'update_booking' },
    { id: 'e13', source: 'update_booking', sourceHandle: 'success', target: 'thanks' },
    { id: 'e14', source: 'update_booking', sourceHandle: 'failure', target: 'sorry' },
    { id: 'e15', source: 'thanks', target: 'done' },
    { id: 'e16', source: 'sorry', target: 'done' },
    { id: 'e17', source: 'handoff', target: 'handoff_reply' },
    { id: 'e18', source: 'handoff_reply', target: 'done' },
  ],
};
