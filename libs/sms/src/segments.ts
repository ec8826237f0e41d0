// Segment counting and splitting for GSM-7 and UCS-2 SMS. analyzeText runs for every reply the
// engine queues, so it is a plain loop over a lookup table and allocates only when it meets a
// character outside GSM-7.
import { GSM7_COST } from './gsm7-charset';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface TextAnalysis {
  encoding: SmsEncoding;
  segments: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  characters: number;
  /** Distinct characters (code points) that forced UCS-2, in order of first appearance. */
  nonGsmCharacters: string[];
  /** Capacity of each segment: 160/153 septets or 70/67 UTF-16 units. */
  perSegment: number;
}

export interface SplitResult {
  encoding: SmsEncoding;
  parts: string[];
}

const GSM7_SINGLE = 160;
const GSM7_MULTI = 153;
const UCS2_SINGLE = 70;
const UCS2_MULTI = 67;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Code units of the atom starting at i: 2 for a surrogate pair, else 1. */
function ucs2AtomLength(text: string, i: number): number {
  return isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
}

/**
 * Parts needed when atoms are packed greedily, an escape pair or surrogate pair never being split.
 * Only called for multi-part texts, so it may assume the 153/67 capacity.
 */
function countGreedyParts(text: string, encoding: SmsEncoding): number {
  const capacity = encoding === 'GSM-7' ? GSM7_MULTI : UCS2_MULTI;
  let parts = 1;
  let used = 0;
  for (let i = 0; i < text.length; ) {
    const size = encoding === 'GSM-7' ? (GSM7_COST[text.charCodeAt(i)] ?? 1) : ucs2AtomLength(text, i);
    const advance = encoding === 'GSM-7' ? 1 : size;
    if (used + size > capacity) {
      parts++;
      used = 0;
    }
    used += size;
    i += advance;
  }
  return parts;
}

export function analyzeText(text: string): TextAnalysis {
  let septets = 0;
  let nonGsm: string[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cost = GSM7_COST[code] ?? 0;
    if (cost !== 0) {
      septets += cost;
      continue;
    }
    nonGsm ??= [];
    const pair = isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1));
    const char = pair ? text.slice(i, i + 2) : text.charAt(i);
    if (!nonGsm.includes(char)) nonGsm.push(char);
    if (pair) i++;
  }
  if (nonGsm === null) {
    const single = septets <= GSM7_SINGLE;
    return {
      encoding: 'GSM-7',
      segments: single ? 1 : countGreedyParts(text, 'GSM-7'),
      characters: septets,
      nonGsmCharacters: [],
      perSegment: single ? GSM7_SINGLE : GSM7_MULTI,
    };
  }
  const single = text.length <= UCS2_SINGLE;
  return {
    encoding: 'UCS-2',
    segments: single ? 1 : countGreedyParts(text, 'UCS-2'),
    characters: text.length,
    nonGsmCharacters: nonGsm,
    perSegment: single ? UCS2_SINGLE : UCS2_MULTI,
  };
}

/** Size of a chunk in the encoding's units (septets or UTF-16 units). */
function unitSize(chunk: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') return chunk.length;
  let n = 0;
  for (let i = 0; i < chunk.length; i++) n += GSM7_COST[chunk.charCodeAt(i)] ?? 1;
  return n;
}

function packAtoms(atoms: readonly string[], encoding: SmsEncoding, capacity: number): string[] {
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const atom of atoms) {
    const size = unitSize(atom, encoding);
    if (used + size > capacity && current !== '') {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += atom;
    used += size;
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

/** Atoms that must never be split: one character, an escape pair's source char, or a surrogate pair. */
function codePointAtoms(text: string): string[] {
  return Array.from(text);
}

let segmenter: Intl.Segmenter | undefined;

/** Grapheme clusters, except those bigger than a whole part, which fall back to code points. */
function graphemeAtoms(text: string, capacity: number): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const atoms: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (segment.length > capacity) atoms.push(...Array.from(segment));
    else atoms.push(segment);
  }
  return atoms;
}

/**
 * Splits a text into the parts a carrier would send. Escape characters (2 septets) and surrogate
 * pairs are never split. For UCS-2 the split prefers grapheme-cluster boundaries (so a flag or a
 * skin-toned emoji stays whole) but only when that costs no extra part: the part count always
 * equals analyzeText(text).segments, because that is what the design-time counter promised.
 */
export function splitText(text: string): SplitResult {
  const analysis = analyzeText(text);
  if (analysis.segments === 1) return { encoding: analysis.encoding, parts: [text] };
  const capacity = analysis.perSegment;
  if (analysis.encoding === 'GSM-7') {
    return { encoding: 'GSM-7', parts: packAtoms(codePointAtoms(text), 'GSM-7', capacity) };
  }
  const byGrapheme = packAtoms(graphemeAtoms(text, capacity), 'UCS-2', capacity);
  if (byGrapheme.length === analysis.segments) return { encoding: 'UCS-2', parts: byGrapheme };
  return { encoding: 'UCS-2', parts: packAtoms(codePointAtoms(text), 'UCS-2', capacity) };
}
