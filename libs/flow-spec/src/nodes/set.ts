import { z } from 'zod';
import { expressionSchema } from '../common';

/** `vars.name`, `contact.name` or `contact.fields.name`. */
export const assignmentTargetSchema = z
  .string()
  .regex(
    /^(vars\.[A-Za-z_][A-Za-z0-9_]*|contact\.name|contact\.fields\.[A-Za-z_][A-Za-z0-9_]*)$/,
    'must be vars.NAME, contact.name or contact.fields.NAME',
  );

export const setConfigSchema = z
  .object({
    assignments: z
      .array(z.object({ target: assignmentTargetSchema, expression: expressionSchema }).strict())
      .min(1, 'must have at least one assignment')
      .max(50),
  })
  .strict();
export type SetConfig = z.infer<typeof setConfigSchema>;
