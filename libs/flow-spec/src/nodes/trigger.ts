import { z } from 'zod';
import { matchOptionsShape, textMatchModeSchema } from '../common';

export const triggerConfigSchema = z
  .object({
    /** Channel ids this trigger listens on; "*" means every channel. */
    channels: z.array(z.string().min(1)).min(1, 'must name at least one channel or "*"').default(['*']),
    /** Keywords (aliases) that start the flow. Empty with catchAll/rest only. */
    keywords: z.array(z.string().trim().min(1, 'must not be empty').max(100)).max(50).default([]),
    match: textMatchModeSchema.default('first_word'),
    ...matchOptionsShape,
    /** Start for any inbound message no other flow claims. */
    catchAll: z.boolean().default(false),
    /** Allow starts through the REST trigger API. */
    rest: z.boolean().default(true),
    /** A keyword from this trigger interrupts a waiting session of the contact. */
    interrupt: z.boolean().default(false),
  })
  .strict();
export type TriggerConfig = z.infer<typeof triggerConfigSchema>;
