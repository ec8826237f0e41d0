/** How a keyword or case value matched: the run log shows it so ops can see why a flow started. */
export type MatchedBy = 'exact' | 'folded' | 'fuzzy';

export type TextMatchMode =
  | 'first_word'
  | 'only_word'
  | 'any_word'
  | 'all_words'
  | 'phrase'
  | 'starts_with'
  | 'exact'
  | 'regex'
  | 'number'
  | 'number_between';

export interface TextMatchSpec {
  mode: TextMatchMode;
  /** Keywords / phrases (word modes, exact, starts_with). May be multi-word. */
  values?: string[];
  /** Regex mode: case-insensitive, unicode; compiled once per spec object and cached. */
  pattern?: string;
  /** Number modes, inclusive. */
  min?: number;
  max?: number;
  /** Default true. */
  foldAccents?: boolean;
  /** Default true. */
  foldLookalikes?: boolean;
  /** Default false. */
  typoTolerance?: boolean;
}

export interface TextMatchResult {
  matched: boolean;
  /** The configured value that matched (as configured), the number as text, or the regex match. */
  value?: string;
  matchedBy?: MatchedBy;
  /** A sentence for the run log. */
  reason: string;
  /** Regex named groups. */
  captures?: Record<string, string>;
  number?: number;
}

export interface NormalizeOptions {
  foldAccents?: boolean;
  foldLookalikes?: boolean;
}

/** Thrown when a spec cannot be applied at all (missing values, bad regex); names the field. */
export class TextMatchSpecError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'TextMatchSpecError';
  }
}
