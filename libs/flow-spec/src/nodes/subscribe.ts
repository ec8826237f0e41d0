import { z } from 'zod';

export const subscribeConfigSchema = z
  .object({
    list: z.string().trim().min(1, 'must name a list').max(100),
    action: z.enum(['subscribe', 'unsubscribe']).default('subscribe'),
  })
  .strict();
export type SubscribeConfig = z.infer<typeof subscribeConfigSchema>;
