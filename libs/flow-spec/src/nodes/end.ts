import { z } from 'zod';

export const endConfigSchema = z
  .object({
    /** Recorded on the run: "completed" (default) or "failed" for flows that end on an error path. */
    status: z.enum(['completed', 'failed']).default('completed'),
    reason: z.string().max(200).optional(),
  })
  .strict();
export type EndConfig = z.infer<typeof endConfigSchema>;
