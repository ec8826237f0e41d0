import type { StepOutput } from './known-vars';

/** One value a placeholder can show: what is inserted, and what the marketer reads. */
export interface Suggestion { path: string; label: string; group: 'Contact' | 'Earlier steps' | 'Message' | 'Other' }

/** The context every expression sees (ARCHITECTURE.md), in plain words. */
export const contextSuggestions: Suggestion[] = [
  { path: 'contact.name', label: 'Contact’s name', group: 'Contact' },
  { path: 'contact.phone', label: 'Contact’s phone number', group: 'Contact' },
  { path: 'contact.fields.', label: 'A contact field…', group: 'Contact' },
  { path: 'contact.subscriptions', label: 'Contact’s lists', group: 'Contact' },
  { path: 'message.text', label: 'Text of the last message', group: 'Message' },
  { path: 'message.from', label: 'Number the message came from', group: 'Message' },
  { path: 'message.to', label: 'Number the message was sent to', group: 'Message' },
  { path: 'message.channel', label: 'Channel of the message', group: 'Message' },
  { path: 'message.receivedAt', label: 'When the message arrived', group: 'Message' },
  { path: 'trigger.keyword', label: 'Keyword that started the flow', group: 'Other' },
  { path: 'trigger.parameters.', label: 'A parameter of the API call…', group: 'Other' },
  { path: 'run.id', label: 'Run id', group: 'Other' },
];

/** Contact fields first, then what earlier steps saved (nearest first), then the message and the rest. */
export function suggestionPool(outputs: readonly StepOutput[], contactFields: readonly string[] = []): Suggestion[] {
  const fields = contactFields.map((f): Suggestion => ({ path: `contact.fields.${f}`, label: `Contact field ${f}`, group: 'Contact' }));
  const steps = outputs.map((o): Suggestion => ({ path: o.path, label: o.label, group: o.path.startsWith('contact.') ? 'Contact' : 'Earlier steps' }));
  const ctx = contextSuggestions;
  const all = [...ctx.filter((s) => s.group === 'Contact'), ...fields, ...steps, ...ctx.filter((s) => s.group !== 'Contact')];
  const seen = new Set<string>();
  return all.filter((s) => (seen.has(s.path) ? false : (seen.add(s.path), true)));
}

/**
 * Completions when the caret sits inside an open `{{ }}` placeholder: every value right after `{{`,
 * else those whose path or words start like what was typed (`con` → contact.*, `size` → vars.size).
 */
export function suggestionsAt(text: string, caret: number, pool: readonly Suggestion[], max = 12): { from: number; items: Suggestion[] } {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return { from: caret, items: [] };
  const inside = before.slice(open + 2);
  const m = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(inside);
  if (!m) {
    // Right after `{{` (spaces allowed): everything, so a marketer sees what exists.
    return /^\s*$/.test(inside) ? { from: caret, items: pool.slice(0, max) } : { from: caret, items: [] };
  }
  const word = m[0].toLowerCase();
  const hit = (s: Suggestion) => s.path.toLowerCase() !== word && (s.path.toLowerCase().startsWith(word)
    || s.path.toLowerCase().split('.').pop()!.startsWith(word)
    || s.label.toLowerCase().split(/[\s‘’]+/).some((w) => w.startsWith(word)));
  return { from: caret - m[0].length, items: pool.filter(hit).slice(0, max) };
}

/**
 * When the user has just typed the second `{` of `{{` (and no `}}` follows), the text with ` }}`
 * closed after the caret and the caret inside, `{{ | }}`; otherwise null.
 */
export function closeBraces(prev: string, next: string, caret: number): { text: string; caret: number } | null {
  if (next.length !== prev.length + 1 || next.slice(caret - 2, caret) !== '{{') return null;
  if (/^\s*}}/.test(next.slice(caret))) return null;
  return { text: `${next.slice(0, caret)}  }}${next.slice(caret)}`, caret: caret + 1 };
}
