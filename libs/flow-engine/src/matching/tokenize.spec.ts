import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, tokenize } from './index';
import { SIMPLE_TOKENS } from './tokenize';

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

describe('tokenize fast path', () => {
  it('gives the same tokens as the Unicode regex on any ASCII text', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(ascii, (text) => {
        const lower = text.toLowerCase();
        const viaRegex = [...lower.matchAll(SIMPLE_TOKENS)].map((m) => m[0].replace(/^'+|'+$/g, '')).filter((t) => t !== '');
        expect(tokenize(text)).toEqual(viaRegex);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});
