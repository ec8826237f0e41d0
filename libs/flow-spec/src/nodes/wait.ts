import { z } from 'zod';

export const waitConfigSchema = z
  .object({
    /** Seconds before the timeout handle is taken. */
    timeoutSeconds: z.number().int().min(1, 'must be at least 1 second').max(30 * 24 * 3600, 'must be at most 30 days'),
    /** Collect every message arriving within this many seconds of the first into one reply (0: off). */
    collectSeconds: z.number().int().min(0).max(600).default(0),
    /** Variable receiving the reply text. */
    resultVar: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name').default('reply'),
  })
  .strict();
export type WaitConfig = z.infer<typeof waitConfigSchema>;
