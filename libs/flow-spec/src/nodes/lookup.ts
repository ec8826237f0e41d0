import { z } from 'zod';
import { expressionSchema, templateSchema } from '../common';

const httpLookupSchema = z
  .object({
    kind: z.literal('http'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    /** Absolute http(s) URL; may contain `{{ }}` templates and `{{ secrets.NAME }}`. */
    url: templateSchema.min(1, 'must not be empty'),
    headers: z.record(z.string().min(1), templateSchema).default({}),
    body: templateSchema.optional(),
    timeoutMs: z.number().int().min(100).max(30_000).default(5000),
    /** Retries after the first attempt, on timeouts, network errors, 5xx and 429 only. */
    retries: z.number().int().min(0).max(5).default(2),
    backoffMs: z.number().int().min(10).max(10_000).default(250),
    maxResponseBytes: z.number().int().min(256).max(5 * 1024 * 1024).default(256 * 1024),
    /** JSONata over `{status, headers, body}` (plus the run context); its object result is merged into `vars`. */
    mapping: expressionSchema.optional(),
    /** JSONata condition for the success handle; default: status is 2xx. */
    successWhen: expressionSchema.optional(),
  })
  .strict();

const tableLookupSchema = z
  .object({
    kind: z.literal('table'),
    table: z.string().min(1, 'must name a data table').max(100),
    /** Template giving the key to look up, e.g. `{{ contact.phone }}`. */
    key: templateSchema.min(1, 'must not be empty'),
    /** JSONata over `{row}` whose object result is merged into `vars`; default puts the row in `vars.row`. */
    mapping: expressionSchema.optional(),
  })
  .strict();

export const lookupConfigSchema = z.discriminatedUnion('kind', [httpLookupSchema, tableLookupSchema]);
export type LookupConfig = z.infer<typeof lookupConfigSchema>;
export type HttpLookupConfig = z.infer<typeof httpLookupSchema>;
export type TableLookupConfig = z.infer<typeof tableLookupSchema>;
