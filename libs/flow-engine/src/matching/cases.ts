import type { MatchedBy, TextMatchSpec } from './types';

/** One row of the matching table: a message, a spec, and what the run log must say happened. */
export interface MatchCase {
  text: string;
  spec: TextMatchSpec;
  matched: boolean;
  value?: string;
  matchedBy?: MatchedBy;
  number?: number;
}

const KW = ['JOIN', 'SUBSCRIBE'];
const first = (values: string[], extra: Partial<TextMatchSpec> = {}): TextMatchSpec => ({ mode: 'first_word', values, ...extra });
const typo = { typoTolerance: true };
const noFold = { foldAccents: false, foldLookalikes: false };

const yes = (text: string, spec: TextMatchSpec, value: string, matchedBy: MatchedBy = 'exact'): MatchCase => ({ text, spec, matched: true, value, matchedBy });
const no = (text: string, spec: TextMatchSpec): MatchCase => ({ text, spec, matched: false });
const num = (text: string, spec: TextMatchSpec, n: number | undefined, matched = n !== undefined): MatchCase =>
  matched ? { text, spec, matched, value: String(n), matchedBy: 'exact', number: n } : { text, spec, matched, ...(n === undefined ? {} : { number: n }) };

export const firstWordCases: MatchCase[] = [
  yes('JOIN', first(KW), 'JOIN'),
  yes('join', first(KW), 'JOIN'),
  yes('Join please', first(KW), 'JOIN'),
  yes('Stop.', first(['STOP']), 'STOP'),
  yes('  JOIN  ', first(KW), 'JOIN'),
  yes('join,please', first(KW), 'JOIN'),
  yes('JOIN!!!', first(KW), 'JOIN'),
  yes('"join"', first(KW), 'JOIN'),
  yes("'join' me", first(KW), 'JOIN'),
  yes('\tjoin\n', first(KW), 'JOIN'),
  yes('...join', first(KW), 'JOIN'),
  yes('subscribe now', first(KW), 'SUBSCRIBE'),
  yes('¿join?', first(KW), 'JOIN'),
  yes('join👍', first(KW), 'JOIN'),
  yes('JOIN NOW please', first(['join now']), 'join now'),
  no('please join', first(KW)),
  no('joined', first(KW)),
  no('rejoin', first(KW)),
  no('', first(KW)),
  no('   ', first(KW)),
  no('!!!', first(KW)),
  no('👍 join', first(KW)),
  no('jo in', first(KW)),
  no('join', first(['join now'])),
];

export const onlyWordCases: MatchCase[] = [
  yes('STOP', { mode: 'only_word', values: ['stop'] }, 'stop'),
  yes('Stop.', { mode: 'only_word', values: ['stop'] }, 'stop'),
  yes('  stop!!  ', { mode: 'only_word', values: ['stop'] }, 'stop'),
  yes('(stop)', { mode: 'only_word', values: ['stop'] }, 'stop'),
  yes('«STOP»', { mode: 'only_word', values: ['stop'] }, 'stop'),
  no('stop it', { mode: 'only_word', values: ['stop'] }),
  no('please stop', { mode: 'only_word', values: ['stop'] }),
  no('stop 👍', { mode: 'only_word', values: ['stop'] }),
  no('stops', { mode: 'only_word', values: ['stop'] }),
  yes('👍', { mode: 'only_word', values: ['👍'] }, '👍'),
  yes('👍🏾', { mode: 'only_word', values: ['👍🏾'] }, '👍🏾'),
  // skin tones and presentation selectors fold like accents
  yes('👍🏾', { mode: 'only_word', values: ['👍'] }, '👍', 'folded'),
  no('👍🏾', { mode: 'only_word', values: ['👍'], foldAccents: false }),
  yes('👍', { mode: 'only_word', values: ['👍🏻', '👍🏾'] }, '👍🏻', 'folded'),
  yes('👍🏾', { mode: 'only_word', values: ['👍🏻', '👍🏾'] }, '👍🏾'),
  yes('yes', { mode: 'only_word', values: ['no', 'yes', 'y'] }, 'yes'),
  yes('Y', { mode: 'only_word', values: ['no', 'yes', 'y'] }, 'y'),
];

export const anyWordCases: MatchCase[] = [
  yes('I want to join', { mode: 'any_word', values: KW }, 'JOIN'),
  yes('please, subscribe me', { mode: 'any_word', values: KW }, 'SUBSCRIBE'),
  yes('hey!join', { mode: 'any_word', values: KW }, 'JOIN'),
  yes('I love it ❤️', { mode: 'any_word', values: ['❤️'] }, '❤️'),
  yes('I love it ❤', { mode: 'any_word', values: ['❤️'] }, '❤️', 'folded'),
  yes('👩🏽‍💻 here', { mode: 'any_word', values: ['👩‍💻'] }, '👩‍💻', 'folded'),
  yes('thumbs 👍 up', { mode: 'any_word', values: ['👍'] }, '👍'),
  yes('family 👨‍👩‍👧 time', { mode: 'any_word', values: ['👨‍👩‍👧'] }, '👨‍👩‍👧'),
  no('family 👨‍👩‍👧 time', { mode: 'any_word', values: ['👨'] }),
  yes('going to 🇫🇷 soon', { mode: 'any_word', values: ['🇫🇷'] }, '🇫🇷'),
  no('going to 🇫🇷 soon', { mode: 'any_word', values: ['🇩🇪'] }),
  yes('price is $5', { mode: 'any_word', values: ['$'] }, '$'),
  no('hello there', { mode: 'any_word', values: KW }),
  no('joiner', { mode: 'any_word', values: KW }),
  yes("I don't know", { mode: 'any_word', values: ["don't"] }, "don't"),
  yes('I don’t know', { mode: 'any_word', values: ["don't"] }, "don't"),
  no('I dont know', { mode: 'any_word', values: ["don't"] }),
  yes('press 1️⃣ now', { mode: 'any_word', values: ['1️⃣'] }, '1️⃣'),
  no('press 1️⃣ now', { mode: 'any_word', values: ['1'] }),
  yes('the best: join, now', { mode: 'any_word', values: ['join now'] }, 'join now'),
];

export const allWordsCases: MatchCase[] = [
  yes('now join', { mode: 'all_words', values: ['JOIN NOW'] }, 'JOIN NOW'),
  yes('join the club now', { mode: 'all_words', values: ['JOIN NOW'] }, 'JOIN NOW'),
  no('join later', { mode: 'all_words', values: ['JOIN NOW'] }),
  yes('pizza large please', { mode: 'all_words', values: ['small pizza', 'large pizza'] }, 'large pizza'),
  no('pizza please', { mode: 'all_words', values: ['small pizza', 'large pizza'] }),
  yes('order status?', { mode: 'all_words', values: ['status order'] }, 'status order'),
  yes('STATUS', { mode: 'all_words', values: ['status'] }, 'status'),
  yes('café crème', { mode: 'all_words', values: ['creme cafe'] }, 'creme cafe', 'folded'),
  no('café crème', { mode: 'all_words', values: ['creme cafe'], ...noFold }),
  yes('delivery tomorow please', { mode: 'all_words', values: ['delivery tomorrow'], ...typo }, 'delivery tomorrow', 'fuzzy'),
];

export const phraseCases: MatchCase[] = [
  yes('I would like to speak to an agent', { mode: 'phrase', values: ['speak to an agent'] }, 'speak to an agent'),
  yes('Speak, to an AGENT!', { mode: 'phrase', values: ['speak to an agent'] }, 'speak to an agent'),
  no('agent speak to', { mode: 'phrase', values: ['speak to an agent'] }),
  no('speak to the agent', { mode: 'phrase', values: ['speak to an agent'] }),
  yes('talk to human', { mode: 'phrase', values: ['real person', 'human'] }, 'human'),
  yes('customer service please', { mode: 'phrase', values: ['customer service'] }, 'customer service'),
  yes('customer-service please', { mode: 'phrase', values: ['customer  service'] }, 'customer  service'),
  no('service customer', { mode: 'phrase', values: ['customer service'] }),
  yes('where is my ordre', { mode: 'phrase', values: ['my order'], ...typo }, 'my order', 'fuzzy'),
  yes('cancel my subscrption', { mode: 'phrase', values: ['my subscription'], ...typo }, 'my subscription', 'fuzzy'),
];

export const startsWithCases: MatchCase[] = [
  yes('JOIN now', { mode: 'starts_with', values: ['join'] }, 'join'),
  yes('info about prices', { mode: 'starts_with', values: ['info about'] }, 'info about'),
  no('joined', { mode: 'starts_with', values: ['join'] }),
  no('hey info about', { mode: 'starts_with', values: ['info about'] }),
  yes('— info: about everything', { mode: 'starts_with', values: ['info about'] }, 'info about'),
  yes('Ｉｎｆｏ about', { mode: 'starts_with', values: ['info'] }, 'info'),
];

export const exactCases: MatchCase[] = [
  yes('opt out', { mode: 'exact', values: ['OPT OUT'] }, 'OPT OUT'),
  yes('Opt-out!', { mode: 'exact', values: ['OPT OUT'] }, 'OPT OUT'),
  yes('  OPT   OUT  ', { mode: 'exact', values: ['OPT OUT'] }, 'OPT OUT'),
  no('opt out now', { mode: 'exact', values: ['OPT OUT'] }),
  no('please opt out', { mode: 'exact', values: ['OPT OUT'] }),
  no('optout', { mode: 'exact', values: ['OPT OUT'] }),
  yes('Where is my order?', { mode: 'exact', values: ['where is my order'] }, 'where is my order'),
  yes('HELP', { mode: 'exact', values: ['help', 'info'] }, 'help'),
];

export const normalisationCases: MatchCase[] = [
  // full-width and mathematical letters: NFKC makes them plain, so they are exact matches
  yes('ＪＯＩＮ', first(KW), 'JOIN'),
  yes('ｊｏｉｎ，ｐｌｅａｓｅ', first(KW), 'JOIN'),
  yes('𝐉𝐎𝐈𝐍', first(KW), 'JOIN'),
  yes('𝒿ℴ𝒾𝓃', first(KW), 'JOIN'),
  yes('ＪＯＩＮ', first(KW, noFold), 'JOIN'),
  // Cyrillic and Greek look-alikes
  yes('jоin', first(KW), 'JOIN', 'folded'),
  yes('ЈОІN', first(KW), 'JOIN', 'folded'),
  yes('ѕtор', first(['stop']), 'stop', 'folded'),
  yes('СОКЕ', first(['coke']), 'coke', 'folded'),
  no('СТОР', first(['stop'])),
  yes('ΤΟΡ', first(['top']), 'top', 'folded'),
  yes('ΚΕΥ', first(['key']), 'key', 'folded'),
  yes('ΗΕΙΙΟ', first(['heiio']), 'heiio', 'folded'),
  no('jоin', first(KW, { foldLookalikes: false })),
  no('ЈОІN', first(KW, { foldLookalikes: false })),
  yes('jоin', first(KW, { foldAccents: false }), 'JOIN', 'folded'),
  // real Cyrillic words still match Cyrillic keywords exactly
  yes('Стоп', first(['СТОП']), 'СТОП'),
  yes('стоп', first(['СТОП'], noFold), 'СТОП'),
  // accents
  yes('Café', first(['cafe']), 'cafe', 'folded'),
  yes('cafe', first(['café']), 'café', 'folded'),
  yes('CAFÉ', first(['café']), 'café'),
  yes('cafe\u0301', first(['café']), 'café'),
  no('Café', first(['cafe'], { foldAccents: false })),
  yes('Café', first(['cafe'], { foldLookalikes: false }), 'cafe', 'folded'),
  yes('ÜBER', first(['uber']), 'uber', 'folded'),
  yes('Smørrebrød', first(['smorrebrod']), 'smorrebrod', 'folded'),
  yes('Łódź', first(['lodz']), 'lodz', 'folded'),
  yes('ação', first(['acao']), 'acao', 'folded'),
  yes('ação', first(['AÇÃO']), 'AÇÃO'),
  // case folding beyond toLowerCase
  yes('STRASSE', first(['straße']), 'straße'),
  yes('Straße', first(['STRASSE']), 'STRASSE'),
  yes('STRAẞE', first(['strasse']), 'strasse'),
  yes('İPTAL', first(['iptal']), 'iptal'),
  yes('IPTAL', first(['iptal']), 'iptal'),
  yes('ıptal', first(['iptal']), 'iptal', 'folded'),
  no('ıptal', first(['iptal'], noFold)),
  yes('ΟΔΟΣ', first(['οδος']), 'οδος'),
  yes('ﬁnish', first(['finish']), 'finish'),
  // invisible characters inside a word do not hide it
  yes('jo\u200bin', first(KW), 'JOIN'),
  yes('\ufeffJOIN', first(KW), 'JOIN'),
  yes('jo\u00adin', first(KW), 'JOIN'),
  // exact beats folded when both a plain and an accented value are configured
  yes('resume', first(['résumé', 'resume']), 'resume'),
  yes('résumé', first(['resume', 'résumé']), 'résumé'),
];

export const typoCases: MatchCase[] = [
  yes('subscirbe', first(KW, typo), 'SUBSCRIBE', 'fuzzy'),
  yes('subscrbe', first(KW, typo), 'SUBSCRIBE', 'fuzzy'),
  yes('subscribbe', first(KW, typo), 'SUBSCRIBE', 'fuzzy'),
  yes('sbuscrbie', first(KW, typo), 'SUBSCRIBE', 'fuzzy'),
  no('sbcrbie', first(KW, typo)),
  no('subscirbe', first(KW)),
  yes('unsubscribe', first(['unsubscribe'], typo), 'unsubscribe'),
  yes('unsubscirbe', first(['unsubscribe'], typo), 'unsubscribe', 'fuzzy'),
  yes('unsbscirbe', first(['unsubscribe'], typo), 'unsubscribe', 'fuzzy'),
  no('unsbscrb', first(['unsubscribe'], typo)),
  yes('unsbscrbe', first(['unsubscribe'], typo), 'unsubscribe', 'fuzzy'),
  // words of 4 letters take one edit (a swapped pair counts as one)
  yes('joni', first(KW, typo), 'JOIN', 'fuzzy'),
  yes('jion', first(KW, typo), 'JOIN', 'fuzzy'),
  yes('stpo', first(['stop'], typo), 'stop', 'fuzzy'),
  yes('pizz', first(['pizza'], typo), 'pizza', 'fuzzy'),
  yes('hepl', first(['help'], typo), 'help', 'fuzzy'),
  yes('hlelo', first(['hello'], typo), 'hello', 'fuzzy'),
  yes('helo', first(['hello'], typo), 'hello', 'fuzzy'),
  yes('satrt', first(['start'], typo), 'start', 'fuzzy'),
  yes('strt', first(['stop', 'start'], typo), 'start', 'fuzzy'),
  no('joni', first(KW)),
  // near misses that must still not match: two edits on a short word, three letters or fewer
  no('jo', first(KW, typo)),
  no('ojni', first(KW, typo)),
  no('spot', first(['stop'], typo)),
  no('tops', first(['stop'], typo)),
  no('pots', first(['stop'], typo)),
  no('sta', first(['start'], typo)),
  no('yse', first(['yes'], typo)),
  no('ys', first(['yes'], typo)),
  no('no', first(['on'], typo)),
  no('nah', first(['no'], typo)),
  no('hi', first(['ho'], typo)),
  // never on numbers or codes with digits
  no('12346', first(['12345'], typo)),
  no('promo2025', first(['promo2024'], typo)),
  no('promo2024x', first(['promo2024'], typo)),
  yes('PROMO2024', first(['promo2024'], typo), 'promo2024'),
  // typos combine with folding: "сансеl" (Cyrillic) with a typo
  yes('cancle', first(['cancel'], typo), 'cancel', 'fuzzy'),
  yes('cаncle', first(['cancel'], typo), 'cancel', 'fuzzy'),
  no('cаncle', first(['cancel'], { ...typo, ...noFold })),
  yes('cancél', first(['cancel'], typo), 'cancel', 'folded'),
  // exact beats fuzzy across values and positions
  yes('pizza', first(['pizzas', 'pizza'], typo), 'pizza'),
  yes('pizzas', first(['pizza', 'pizzas'], typo), 'pizzas'),
  yes('the pizzza or pizza', { mode: 'any_word', values: ['pizza'], ...typo }, 'pizza'),
  yes('get a pizzza', { mode: 'any_word', values: ['pizza'], ...typo }, 'pizza', 'fuzzy'),
  yes('unsubscribe', first(['subscribe', 'unsubscribe'], typo), 'unsubscribe'),
];

export const regexCases: MatchCase[] = [
  yes('Order #12345 late', { mode: 'regex', pattern: '#\\d{5}' }, '#12345'),
  yes('ORDER abc', { mode: 'regex', pattern: '^order\\b' }, 'ORDER'),
  no('my order abc', { mode: 'regex', pattern: '^order\\b' }),
  yes('ＯＲＤＥＲ １２', { mode: 'regex', pattern: 'order \\d+' }, 'ORDER 12'),
  yes('Café', { mode: 'regex', pattern: 'café' }, 'Café'),
  no('Cafe', { mode: 'regex', pattern: 'café' }),
  yes('👍🏾', { mode: 'regex', pattern: '\\p{Emoji_Modifier}' }, '🏾'),
  no('hello', { mode: 'regex', pattern: '\\d' }),
  yes('code AB-12', { mode: 'regex', pattern: '(?<code>[a-z]{2}-\\d+)' }, 'AB-12'),
];

export const numberCases: MatchCase[] = [
  num('3', { mode: 'number' }, 3),
  num('3.5', { mode: 'number' }, 3.5),
  num('3,5', { mode: 'number' }, 3.5),
  num('-2', { mode: 'number' }, -2),
  num('−2', { mode: 'number' }, -2),
  num(' 4 stars', { mode: 'number' }, 4),
  num('4stars', { mode: 'number' }, 4),
  num('I give it a 9/10', { mode: 'number' }, 9),
  num('①', { mode: 'number' }, 1),
  num('３', { mode: 'number' }, 3),
  num('٣', { mode: 'number' }, 3),
  num('४२', { mode: 'number' }, 42),
  num('1,000 please', { mode: 'number' }, 1000),
  num('1,000.50', { mode: 'number' }, 1000.5),
  num('0,500', { mode: 'number' }, 0.5),
  num('2-3 days', { mode: 'number' }, 2),
  num('1,2,3', { mode: 'number' }, 1),
  num('on 12.05.2024', { mode: 'number' }, 12),
  num('order A12 or 7', { mode: 'number' }, 7),
  num('no number here', { mode: 'number' }, undefined),
  num('', { mode: 'number' }, undefined),
  num('5', { mode: 'number', min: 1 }, 5),
  num('0', { mode: 'number', min: 1 }, 0, false),
  num('0', { mode: 'number', max: 1 }, 0),
  num('-0', { mode: 'number' }, 0),
  num('3', { mode: 'number_between', min: 1, max: 5 }, 3),
  num('1', { mode: 'number_between', min: 1, max: 5 }, 1),
  num('5', { mode: 'number_between', min: 1, max: 5 }, 5),
  num('5.5', { mode: 'number_between', min: 1, max: 5 }, 5.5, false),
  num('6', { mode: 'number_between', min: 1, max: 5 }, 6, false),
  num('0.99', { mode: 'number_between', min: 1, max: 5 }, 0.99, false),
  num('rating: 4,5/5', { mode: 'number_between', min: 1, max: 5 }, 4.5),
  num('-3', { mode: 'number_between', min: -5, max: -1 }, -3),
  num('five', { mode: 'number_between', min: 1, max: 5 }, undefined),
];

export const allCases: MatchCase[] = [
  ...firstWordCases,
  ...onlyWordCases,
  ...anyWordCases,
  ...allWordsCases,
  ...phraseCases,
  ...startsWithCases,
  ...exactCases,
  ...normalisationCases,
  ...typoCases,
  ...regexCases,
  ...numberCases,
];
