/** One mapping per RapidPro action type; each adds its step(s) to the chain of its node. */
import type { FlowBuilder, Position } from '../builder';
import { excellentToExpression, excellentToTemplate, resultKey, type ExcellentScope } from '../expressions/excellent';
import { isRecord, quote, str, toVarName } from '../names';
import type { RpAction } from './rapidpro-model';

export interface Chain {
  b: FlowBuilder;
  scope: ExcellentScope;
  label: string;
  position: Position;
  /** Append a step: connects the previous step's open outputs to it. */
  add(step: { idBase: string; type: Parameters<FlowBuilder['add']>[0]['type']; config: Record<string, unknown>; label?: string }, outputs?: string[]): string;
}

function template(c: Chain, source: string, what: string, nodeId: string): string {
  const t = excellentToTemplate(source, c.scope);
  if (t.untranslated.length) c.b.note('warning', c.label, `${what}: ${t.untranslated.join(', ')} cannot be carried over and was left out of the text.`, nodeId);
  return t.text;
}

export function expression(c: Chain, source: string, what: string, nodeId: string): string {
  const t = excellentToExpression(source, c.scope);
  if (!t.untranslated.length) return t.text;
  c.b.note('warning', c.label, `${what}: ${t.untranslated.join(', ')} cannot be carried over; kept as the text ${quote(source)}.`, nodeId);
  return quote(source);
}

function groups(a: RpAction): string[] {
  return (Array.isArray(a['groups']) ? a['groups'] : []).filter(isRecord).map((g) => str(g['name']) ?? '').filter(Boolean);
}

type ActionMapper = (c: Chain, a: RpAction) => void;

export const actions: Record<string, ActionMapper> = {
  send_msg: (c, a) => {
    const id = c.add({ idBase: `send_msg_${c.label}`, type: 'reply', config: { text: ' ' } });
    let text = template(c, str(a['text']) ?? '', 'text', id);
    const quick = (Array.isArray(a['quick_replies']) ? a['quick_replies'] : []).map(str).filter((x): x is string => !!x);
    if (quick.length) {
      text += `\n${quick.join(' / ')}`;
      c.b.note('info', c.label, `quick replies (${quick.join(', ')}) are appended to the text as the options a person can reply with.`, id);
    }
    if (Array.isArray(a['attachments']) && a['attachments'].length) c.b.note('warning', c.label, 'attachments are not carried over: only the text is sent.', id);
    if (a['legacy_send']) c.b.note('warning', c.label, 'a legacy "send" to other contacts or groups becomes a reply to the contact of the run.', id);
    if (!text.trim()) c.b.note('warning', c.label, 'the message text is empty.', id);
    c.b.updateConfig(id, { text: text.trim() ? text : ' ' });
  },
  set_contact_field: (c, a) => {
    const field = isRecord(a['field']) ? str(a['field']['key']) ?? str(a['field']['name']) ?? 'field' : 'field';
    const id = c.add({ idBase: `set_${field}`, type: 'set', config: { assignments: [] } });
    c.b.updateConfig(id, { assignments: [{ target: `contact.fields.${toVarName(field)}`, expression: expression(c, (str(a['value']) ?? '').trim(), `field ${field}`, id) }] });
  },
  set_contact_name: (c, a) => {
    const id = c.add({ idBase: 'set_name', type: 'set', config: { assignments: [] } });
    c.b.updateConfig(id, { assignments: [{ target: 'contact.name', expression: expression(c, (str(a['name']) ?? '').trim(), 'name', id) }] });
  },
  set_run_result: (c, a) => {
    const key = resultKey(str(a['name']) ?? 'result');
    const id = c.add({ idBase: `set_${key}`, type: 'set', config: { assignments: [] } });
    const assignments = [{ target: `vars.${key}`, expression: expression(c, str(a['value']) ?? '', `result ${key}`, id) }];
    const category = str(a['category']);
    if (category) assignments.push({ target: `vars.${key}_category`, expression: quote(category) });
    c.b.updateConfig(id, { assignments });
  },
  add_contact_groups: (c, a) => {
    for (const g of groups(a)) c.add({ idBase: `join_${g}`, type: 'subscribe', config: { list: g.slice(0, 100), action: 'subscribe' } });
  },
  remove_contact_groups: (c, a) => {
    if (a['all_groups']) placeholderAction(c, 'remove_contact_groups from all groups');
    for (const g of groups(a)) c.add({ idBase: `leave_${g}`, type: 'subscribe', config: { list: g.slice(0, 100), action: 'unsubscribe' } });
  },
  call_webhook: (c, a) => {
    const url = excellentToTemplate(str(a['url']) ?? '', c.scope);
    const method = (str(a['method']) ?? 'GET').toUpperCase();
    if (url.untranslated.length || !/^https?:\/\/[^\s{}/?#]+([/?#]|$)/i.test(url.text) || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      placeholderAction(c, `call_webhook to "${str(a['url']) ?? ''}" (not an absolute URL Moflow can call)`);
      return;
    }
    const result = resultKey(str(a['result_name']) ?? 'webhook');
    const headers: Record<string, string> = {};
    const id = c.add({ idBase: `webhook_${result}`, type: 'lookup', config: { kind: 'http', url: url.text } }, ['success', 'failure']);
    for (const [k, v] of Object.entries(isRecord(a['headers']) ? a['headers'] : {})) headers[k] = template(c, str(v) ?? '', `header ${k}`, id);
    const body = str(a['body']);
    c.b.updateConfig(id, { kind: 'http', method, url: url.text, headers, ...(body ? { body: template(c, body, 'body', id) } : {}), retries: 0,
      mapping: `{ "webhook": body, ${quote(result)}: body }` });
  },
  open_ticket: (c, a) => {
    const topic = isRecord(a['topic']) ? str(a['topic']['name']) : undefined;
    const subject = str(a['subject']) ?? topic ?? `Ticket from ${c.b.flowName}`;
    const id = c.add({ idBase: 'open_ticket', type: 'ticket', config: { subject: ' ' } });
    c.b.updateConfig(id, { subject: template(c, subject, 'subject', id) || 'Ticket', body: template(c, str(a['body']) ?? str(a['note']) ?? '', 'body', id), team: (topic ?? 'support').slice(0, 100) });
  },
};

export function placeholderAction(c: Chain, what: string): void {
  const id = c.add({ idBase: `placeholder_${c.label}`, type: 'set',
    config: { assignments: [{ target: 'vars.imported_placeholder', expression: quote(what.slice(0, 200)) }] } });
  c.b.note('warning', c.label, `${what} cannot be carried over: a placeholder step passes through to the next step.`, id);
}
