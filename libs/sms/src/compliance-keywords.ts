// Compliance keywords (STOP / START / HELP) that the dispatcher handles before any flow.
//
// Matching policy, chosen to honour opt-outs generously and everything else strictly:
// - The text is normalised: NFKC (full-width letters), Cyrillic/Greek letters that look like Latin
//   ones folded to Latin (so a STOP typed on a Cyrillic keyboard as "ЅТОР" counts), accents
//   stripped (ARRÊT = ARRET), case ignored. Punctuation, symbols and emoji around words are ignored.
// - A message that is exactly a keyword (possibly split or joined: "opt-out", "OPT OUT", "OPTOUT",
//   "Stop!!", "🛑 stop 🛑") is that keyword, for all three kinds.
// - Additionally, a message of at most 3 words whose first word(s) are an opt-out keyword is an
//   opt-out ("stop please", "STOP texting me"). US CTIA guidance asks senders to honour opt-out
//   requests made with reasonable variations of the keywords; wrongly keeping someone subscribed is
//   the costly error. Longer messages ("stop by our shop tomorrow") are conversation, not opt-out.
//   Opt-in and help are never inferred from longer messages: re-subscribing someone because they
//   wrote "yes but not now" would be the costly error there.
// - Only the English sets are active by default. Other languages' words are exported separately
//   because some are ordinary words elsewhere ("alto" is "high" in Italian and Portuguese); a
//   channel enables them through `extra`.

export const OPT_OUT_WORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'];
export const OPT_IN_WORDS: readonly string[] = ['START', 'UNSTOP', 'YES'];
export const HELP_WORDS: readonly string[] = ['HELP', 'INFO'];

/** Common opt-out words by language (ISO 639-1), to pass as `extra.optOut` for a channel. */
export const OPT_OUT_WORDS_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  fr: ['ARRET', 'STOP', 'DESABONNER', 'DESINSCRIRE'],
  de: ['STOPP', 'ABMELDEN', 'ABBESTELLEN'],
  es: ['BAJA', 'ALTO', 'PARAR', 'CANCELAR', 'DETENER'],
  pt: ['PARAR', 'SAIR', 'CANCELAR'],
  it: ['ANNULLA', 'BASTA', 'DISISCRIVI'],
  nl: ['AFMELDEN', 'STOPPEN'],
  sv: ['STOPP', 'AVSLUTA'],
  no: ['STOPP', 'AVSLUTT'],
  da: ['STOP', 'AFMELD'],
  pl: ['STOP', 'WYPISZ'],
  ru: ['СТОП', 'ОТПИСАТЬСЯ'],
};

export type ComplianceKind = 'opt_out' | 'opt_in' | 'help';

export interface ComplianceMatch {
  kind: ComplianceKind;
  /** The keyword as listed (e.g. "OPT OUT"), not as typed. */
  word: string;
}

export interface ComplianceExtraWords {
  optOut?: readonly string[];
  optIn?: readonly string[];
  help?: readonly string[];
}

// Cyrillic and Greek capitals that render like Latin ones; applied after upper-casing so the
// small letters (о, с, р…) are covered too.
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', Ѕ: 'S', І: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const LOOK_ALIKE_PATTERN = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');
const MAX_OPT_OUT_WORDS = 3;

/** Words of a text after normalisation; symbols, punctuation and emoji are dropped. */
export function complianceTokens(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(LOOK_ALIKE_PATTERN, (c) => LOOK_ALIKES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Entry {
  kind: ComplianceKind;
  word: string;
  tokens: string[];
}

function entries(kind: ComplianceKind, words: readonly string[]): Entry[] {
  return words.map((word) => ({ kind, word, tokens: complianceTokens(word) })).filter((e) => e.tokens.length > 0);
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= tokens.length && prefix.every((t, i) => tokens[i] === t);
}

const DEFAULT_ENTRIES: readonly Entry[] = [
  ...entries('opt_out', OPT_OUT_WORDS), ...entries('opt_in', OPT_IN_WORDS), ...entries('help', HELP_WORDS),
];

export function classifyComplianceKeyword(text: string, extra?: ComplianceExtraWords): ComplianceMatch | null {
  const tokens = complianceTokens(text);
  if (tokens.length === 0) return null;
  const all = extra
    ? [...DEFAULT_ENTRIES, ...entries('opt_out', extra.optOut ?? []), ...entries('opt_in', extra.optIn ?? []), ...entries('help', extra.help ?? [])]
    : DEFAULT_ENTRIES;
  const joined = tokens.join('');
  // Entries are ordered opt_out, opt_in, help, so when words overlap the opt-out wins.
  const order: ComplianceKind[] = ['opt_out', 'opt_in', 'help'];
  for (const kind of order) {
    for (const entry of all) {
      if (entry.kind !== kind) continue;
      if (entry.tokens.join('') === joined) return { kind, word: entry.word };
    }
  }
  if (tokens.length <= MAX_OPT_OUT_WORDS) {
    for (const entry of all) {
      if (entry.kind === 'opt_out' && startsWith(tokens, entry.tokens)) return { kind: 'opt_out', word: entry.word };
    }
  }
  return null;
}
