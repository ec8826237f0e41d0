import { draftNodes, isRecord } from './flow-json';

export interface KeywordClaim {
  /** Folded for comparison: NFKC, upper case, accents removed, single spaces. */
  keyword: string;
  /** A channel id or "*". */
  channel: string;
  nodeId: string;
  match: string;
}

/** Folding is deliberately broad (accents always): two flows must never fight over "CAFÉ"/"CAFE". */
export function foldKeyword(keyword: string): string {
  return keyword.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** Every (keyword, channel) a definition's triggers claim. Works on drafts too (used for summaries). */
export function keywordClaims(definition: unknown): KeywordClaim[] {
  const claims: KeywordClaim[] = [];
  for (const node of draftNodes(definition)) {
    if (node.type !== 'trigger' || !isRecord(node.config)) continue;
    const config = node.config;
    const keywords = Array.isArray(config.keywords) ? config.keywords.filter((k): k is string => typeof k === 'string' && k.trim() !== '') : [];
    const channels = Array.isArray(config.channels) && config.channels.length ? config.channels.filter((c): c is string => typeof c === 'string') : ['*'];
    const match = typeof config.match === 'string' ? config.match : 'first_word';
    const seen = new Set<string>();
    for (const raw of keywords) {
      for (const channel of channels) {
        const keyword = foldKeyword(raw);
        if (seen.has(`${keyword}|${channel}`)) continue;
        seen.add(`${keyword}|${channel}`);
        claims.push({ keyword, channel, nodeId: node.id, match });
      }
    }
  }
  return claims;
}

/** The keywords a definition shows in lists, as written (first spelling wins). */
export function displayKeywords(definition: unknown): string[] {
  const out = new Map<string, string>();
  for (const node of draftNodes(definition)) {
    if (node.type !== 'trigger' || !isRecord(node.config) || !Array.isArray(node.config.keywords)) continue;
    for (const k of node.config.keywords) if (typeof k === 'string' && k.trim() && !out.has(foldKeyword(k))) out.set(foldKeyword(k), k.trim());
  }
  return [...out.values()];
}

/** Two claims collide on the same keyword when their channels are equal or either listens on every channel. */
export function claimsCollide(a: { keyword: string; channel: string }, b: { keyword: string; channel: string }): boolean {
  return a.keyword === b.keyword && (a.channel === b.channel || a.channel === '*' || b.channel === '*');
}
