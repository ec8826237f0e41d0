import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, tokenize } from './index';
import { foldCase } from './fold';
import { tokenizeGeneral } from './tokenize';

describe('tokenize', () => {
  it.each([
    ['Stop.', ['stop']],
    ['  JOIN  ', ['join']],
    ['join,please', ['join', 'please']],
    ['👍🏾', ['👍🏾']],
    ['ok👍🏾!', ['ok', '👍🏾']],
    ['👍👍', ['👍', '👍']],
    ['👨‍👩‍👧 family', ['👨‍👩‍👧', 'family']],
    ['go 🇫🇷🇩🇪', ['go', '🇫🇷', '🇩🇪']],
    ['press 1️⃣ or #️⃣', ['press', '1️⃣', 'or', '#️⃣']],
    ['❤️❤', ['❤️', '❤']],
    ['a$b', ['a', '$', 'b']],
    ['5★ service', ['5', '★', 'service']],
    ["don't 'quote' ''", ["don't", 'quote']],
    ['rock’n’roll', ["rock'n'roll"]],
    ['e-mail me@x.org', ['e', 'mail', 'me', 'x', 'org']],
    ['ＪＯＩＮ，ｐｌｅａｓｅ', ['join', 'please']],
    ['İstanbul STRASSE Straße', ['istanbul', 'strasse', 'strasse']],
    ['Cafe\u0301', ['café'.normalize('NFKC')]],
    ['jo\u200bin', ['join']],
    ['नमस्ते दुनिया', ['नमस्ते', 'दुनिया']],
    ['你好世界', ['你好世界']],
    ['', []],
    ['.,;:!?', []],
    ['\n\t\r ', []],
  ])('%j → %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('segments the same with and without the grapheme path', () => {
    // an astral letter forces the segmenter; the words around it must tokenise identically
    expect(tokenize('Join, please 𝐚')).toEqual(['join', 'please', 'a']);
    expect(tokenize('Join, please 😀')).toEqual(['join', 'please', '😀']);
  });
});

describe('normalize', () => {
  it.each([
    ['  Café, s’il vous plaît! ', {}, "cafe s'il vous plait"],
    ['  Café, s’il vous plaît! ', { foldAccents: false }, "café s'il vous plaît"],
    ['ЈОІN', {}, 'join'],
    ['ЈОІN', { foldLookalikes: false }, 'јоіn'],
    ['Όχι', {}, 'oxi'],
    ['Όχι', { foldAccents: false }, 'oxi'],
    ['Όχι', { foldAccents: false, foldLookalikes: false }, 'όχι'],
    ['ﬁ ① ＡＢＣ 𝐱', {}, 'fi 1 abc x'],
    ['Æsir Œuvre', {}, 'aesir oeuvre'],
    ['STRAẞE', {}, 'strasse'],
    ['thumbs 👍🏾!', {}, 'thumbs 👍'],
    ['thumbs 👍🏾!', { foldAccents: false }, 'thumbs 👍🏾'],
    ['❤️ 1️⃣', {}, '❤ 1\u20e3'],
  ] as const)('%j %j → %j', (text, opts, expected) => {
    expect(normalize(text, opts)).toBe(expected);
  });
});

/**
 * The reference the fast tokenizers must agree with: grapheme clusters from Intl.Segmenter, a cluster
 * starting with a letter/digit/apostrophe (and not an emoji) extends the current word, any other
 * non-separator cluster is a token of its own.
 */
function segmenterTokens(folded: string): string[] {
  const emojiPart = /\ufe0f|\u20e3|\u200d|\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{S}/u;
  const tokens: string[] = [];
  let word = '';
  const flush = () => {
    const t = word.replace(/\u200d|\u200c/g, '').replace(/^'+|'+$/g, '');
    if (t) tokens.push(t);
    word = '';
  };
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(folded)) {
    if (/^[\p{L}\p{N}']/u.test(segment) && !emojiPart.test(segment)) word += segment;
    else {
      flush();
      if (emojiPart.test(segment)) tokens.push(segment);
    }
  }
  flush();
  return tokens;
}

describe('tokenize fast paths', () => {
  it('the ASCII scan agrees with the general tokenizer on any ASCII text', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenizeGeneral(text.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('the general tokenizer agrees with grapheme segmentation on words, emoji and punctuation', () => {
    const pieces = [
      'join', 'café', 'cafe\u0301', "don't", 'ΟΔΟΣ', 'стоп', 'नमस्ते', '你好', '123', '١٢٣', 'a', 'ＪＯＩＮ',
      '👍', '👍🏾', '👨‍👩‍👧', '👩🏽‍💻', '🏳️‍🌈', '❤️', '❤', '❤️‍🔥', '🇫🇷', '🇩🇪', '1️⃣', '#️⃣', '*️⃣', '©️', '☺︎',
      '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}', '$', '★', '€',
      ' ', '  ', '\n', ',', '.', '!', '?', '¿', '«', '—', "'", '"', '(', '\u200b',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const folded = foldCase(parts.join(''));
        expect(tokenizeGeneral(folded)).toEqual(segmenterTokens(folded));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});
