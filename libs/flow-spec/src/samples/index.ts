import type { FlowDefinitionInput } from '../definition';
import { appointmentConfirmationFlow } from './appointment-confirmation.flow';
import { joinDemoFlow } from './join-demo.flow';
import { supportTicketFlow } from './support-ticket.flow';

export interface SampleFlow {
  /** Stable key: the API seeds the demo by it, the editor offers the samples as templates. */
  key: string;
  name: string;
  description: string;
  definition: FlowDefinitionInput;
}

export const sampleFlows: readonly SampleFlow[] = [
  {
    key: 'join-demo',
    name: 'JOIN: deals opt-in',
    description: 'Keyword JOIN, CRM lookup, personalised greeting, then YES/NO to subscribe to weekly deals.',
    definition: joinDemoFlow,
  },
  {
    key: 'appointment-confirmation',
    name: 'Appointment confirmation',
    description: 'Started over REST by a booking system: confirm, cancel or reschedule by SMS.',
    definition: appointmentConfirmationFlow,
  },
  {
    key: 'support-ticket',
    name: 'Support ticket',
    description: 'SUPPORT keyword: collect an order number, check it in a data table and open a ticket.',
    definition: supportTicketFlow,
  },
];

export { appointmentConfirmationFlow, joinDemoFlow, supportTicketFlow };
