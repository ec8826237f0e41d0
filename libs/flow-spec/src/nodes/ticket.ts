import { z } from 'zod';
import { templateSchema } from '../common';

export const ticketConfigSchema = z
  .object({
    subject: templateSchema.min(1, 'must not be empty'),
    body: templateSchema.default(''),
    team: z.string().max(100).default('support'),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
    /** Forward to the configured helpdesk webhook as well. */
    forward: z.boolean().default(false),
    /** Name of the variable receiving the ticket id. */
    resultVar: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name').default('ticketId'),
  })
  .strict();
export type TicketConfig = z.infer<typeof ticketConfigSchema>;
