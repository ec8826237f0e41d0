/** Names offered inside `{{ }}`: the context every expression sees (ARCHITECTURE.md). */
export const contextPaths = [
  'contact.phone', 'contact.name', 'contact.fields.', 'contact.subscriptions',
  'message.text', 'message.from', 'message.to', 'message.channel', 'message.receivedAt',
  'trigger.keyword', 'trigger.parameters.', 'run.id', 'vars.',
];

/**
 * Completions for the word before the caret when the caret sits inside a `{{ }}` placeholder and
 * that word starts like a context path (`con` → contact.*, `vars.` → known vars).
 */
export function suggestionsAt(text: string, caret: number, vars: readonly string[] = []): { from: number; items: string[] } {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return { from: caret, items: [] };
  const m = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(before);
  if (!m) return { from: caret, items: [] };
  const word = m[0];
  const pool = [...contextPaths, ...vars.map((v) => `vars.${v}`)];
  const items = [...new Set(pool.filter((p) => p.startsWith(word) && p !== word))].slice(0, 8);
  return { from: caret - word.length, items };
}
