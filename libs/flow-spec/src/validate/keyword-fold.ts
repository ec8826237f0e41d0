/**
 * The folding used to decide that two keywords are "the same": Unicode-compatible forms, case and
 * surrounding/inner spacing always; accents only when the trigger/case folds them at match time.
 * (Look-alike folding is left to the engine: a duplicate it would create is rare and harmless.)
 */
export function foldKeyword(value: string, foldAccents: boolean): string {
  let out = value.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
  if (foldAccents) out = out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  return out;
}
