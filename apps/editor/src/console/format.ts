/** Words for what the server stores as codes, and times as people read them. */

export const ruleLabels: Record<string, string> = {
  opt_out: 'Opt-out keyword', opt_in: 'Opt-in keyword', help: 'Help keyword', waiting_session: 'Reply to a waiting run',
  collecting: 'Collected into a waiting reply', keyword: 'Keyword trigger', catch_all: 'Catch-all flow', unhandled: 'Matched nothing',
};

export function ruleLabel(rule: string | null | undefined): string {
  if (!rule) return '';
  return ruleLabels[rule] ?? rule;
}

/** good / bad / wait / plain: the badge colour of a message or ticket status. */
export function statusTone(status: string): 'good' | 'bad' | 'wait' | '' {
  if (['delivered', 'sent', 'handled', 'completed', 'closed'].includes(status)) return 'good';
  if (['failed', 'suppressed', 'unhandled', 'undeliverable', 'rejected', 'expired'].includes(status)) return 'bad';
  if (['queued', 'sending', 'deferred', 'received', 'open', 'pending', 'waiting', 'running'].includes(status)) return 'wait';
  return '';
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** Looks like a phone number someone typed (digits, +, spaces, dashes, brackets). */
export function looksLikeNumber(text: string): boolean {
  return /^[+(]?[\d\s().-]{3,}$/.test(text.trim());
}
