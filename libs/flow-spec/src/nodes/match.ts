import { z } from 'zod';
import { expressionSchema, idSchema, matchOptionsShape, textMatchModes } from '../common';

/** The text modes of a trigger, plus a JSONata condition. */
export const matchCaseModes = [...textMatchModes, 'expression'] as const;

export const matchCaseSchema = z
  .object({
    /** Becomes the output handle id of this case. Must not be "other". */
    id: idSchema.refine((v) => v !== 'other', 'must not be "other" (reserved for the fallback handle)'),
    label: z.string().max(100).optional(),
    mode: z.enum(matchCaseModes),
    /** Words/phrases for the word modes and exact/starts_with. */
    values: z.array(z.string().trim().min(1, 'must not be empty').max(200)).max(100).default([]),
    /** Regular expression source for mode "regex". */
    pattern: z.string().max(500).optional(),
    /** Bounds for "number" (optional) and "number_between" (required), inclusive. */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    /** JSONata condition for mode "expression"; the case matches when it is truthy. */
    expression: expressionSchema.optional(),
    ...matchOptionsShape,
  })
  .strict()
  .superRefine((c, ctx) => {
    const wordModes = ['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact'];
    if (wordModes.includes(c.mode) && c.values.length === 0)
      ctx.addIssue({ code: 'custom', path: ['values'], message: `must list at least one value for mode "${c.mode}"` });
    if (c.mode === 'regex' && !c.pattern)
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'is required for mode "regex"' });
    if (c.mode === 'expression' && !c.expression)
      ctx.addIssue({ code: 'custom', path: ['expression'], message: 'is required for mode "expression"' });
    if (c.mode === 'number_between' && (c.min === undefined || c.max === undefined))
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min and max are required for mode "number_between"' });
    if (c.min !== undefined && c.max !== undefined && c.min > c.max)
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than or equal to min' });
  });
export type MatchCase = z.infer<typeof matchCaseSchema>;

export const matchConfigSchema = z
  .object({
    /** JSONata expression giving the text to test; defaults to the latest message text. */
    input: expressionSchema.default('message.text'),
    cases: z.array(matchCaseSchema).min(1, 'must have at least one case').max(50),
  })
  .strict();
export type MatchConfig = z.infer<typeof matchConfigSchema>;
