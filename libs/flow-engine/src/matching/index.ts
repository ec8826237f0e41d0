export type { MatchedBy, NormalizeOptions, TextMatchMode, TextMatchResult, TextMatchSpec } from './types';
export { TextMatchSpecError } from './types';
export { matchText } from './match-text';
export { findKeyword, type KeywordTrigger } from './find-keyword';
export { tokenize } from './tokenize';
export { normalize } from './normalize';
export { damerauLevenshtein } from './distance';
export { extractNumber, type ExtractedNumber } from './numbers';
