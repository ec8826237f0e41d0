import { z } from 'zod';

/** Identifiers of nodes, edges and match cases: stable, URL- and handle-safe. */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, "_" and "-"');

/** A JSONata expression, compiled at validation time (see validate/expressions.ts). */
export const expressionSchema = z.string().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters');

/** Text with `{{ jsonata }}` placeholders. */
export const templateSchema = z.string().max(4000, 'must be at most 4000 characters');

/** How text is compared against keywords or case values. */
export const textMatchModes = [
  'first_word',
  'only_word',
  'any_word',
  'all_words',
  'phrase',
  'starts_with',
  'exact',
  'regex',
  'number',
  'number_between',
] as const;
export const textMatchModeSchema = z.enum(textMatchModes);
export type TextMatchMode = z.infer<typeof textMatchModeSchema>;

/** Normalisation options shared by triggers and match cases. */
export const matchOptionsShape = {
  /** Fold accents: "café" matches "cafe". */
  foldAccents: z.boolean().default(true),
  /** Fold look-alike letters: Cyrillic "а", full-width "ＪＯＩＮ". */
  foldLookalikes: z.boolean().default(true),
  /** Damerau-Levenshtein 1 for words of 5+ letters, 2 for 9+; never on numbers. */
  typoTolerance: z.boolean().default(false),
};

export const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });
