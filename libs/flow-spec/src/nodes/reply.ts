import { z } from 'zod';
import { templateSchema } from '../common';

export const replyConfigSchema = z
  .object({
    text: templateSchema.min(1, 'must not be empty'),
    /** Channel to send from; default: the channel of the run. */
    channelId: z.string().min(1).optional(),
  })
  .strict();
export type ReplyConfig = z.infer<typeof replyConfigSchema>;
