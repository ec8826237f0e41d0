/** One function per Studio widget type: each adds its Moflow step(s) and links its exits by widget name. */
import type { FlowBuilder, Position } from '../builder';
import { liquidToExpression, liquidToTemplate } from '../expressions/liquid';
import { isRecord, quote, str, toId, toVarName } from '../names';
import { conditionCase, type StudioCondition } from './studio-conditions';
import type { StudioScope } from './studio-scope';

export interface StudioTransition {
  event: string;
  next?: string | null;
  conditions?: StudioCondition[];
}

export interface StudioState {
  name: string;
  type: string;
  transitions: StudioTransition[];
  properties: Record<string, unknown>;
}

export interface WidgetContext {
  b: FlowBuilder;
  scope: StudioScope;
  state: StudioState;
  position: Position;
}

const below = (p: Position, n = 1): Position => ({ x: p.x, y: p.y + 120 * n });
const exit = (s: StudioState, event: string) => s.transitions.find((t) => t.event === event)?.next ?? null;

/** A template for a Moflow text field; untranslated Liquid is dropped and reported. */
function template(ctx: WidgetContext, source: string, field: string, nodeId: string): string {
  const t = liquidToTemplate(source, ctx.scope);
  if (t.untranslated.length)
    ctx.b.note('warning', ctx.state.name, `${field}: ${t.untranslated.join(', ')} cannot be carried over and was left out of the text.`, nodeId);
  return t.text;
}

function expression(ctx: WidgetContext, source: string, what: string, nodeId: string, fallback: string): string {
  const t = liquidToExpression(source, ctx.scope);
  if (!t.untranslated.length) return t.text;
  ctx.b.note('warning', ctx.state.name, `${what}: ${t.untranslated.join(', ')} cannot be carried over; kept as the text ${fallback}.`, nodeId);
  return fallback;
}

function unusedExit(ctx: WidgetContext, event: string, nodeId: string, why: string): void {
  const target = exit(ctx.state, event);
  if (target) ctx.b.note('info', ctx.state.name, `exit "${event}" (to ${target}) is not carried over: ${why}`, nodeId);
}

function reply(ctx: WidgetContext, idBase: string): string {
  const p = ctx.state.properties;
  const id = ctx.b.add({ idBase, type: 'reply', label: ctx.state.name, position: ctx.position, config: { text: '' } });
  const text = template(ctx, str(p['body']) ?? '', 'body', id);
  setConfig(ctx.b, id, { text: text || ' ' });
  if (!text.trim()) ctx.b.note('warning', ctx.state.name, 'the message body is empty.', id);
  if (p['media_url']) ctx.b.note('warning', ctx.state.name, 'media (media_url) is not carried over: only the text is sent.', id);
  const to = str(p['to']);
  if (to && to.replace(/\s/g, '') !== '{{contact.channel.address}}')
    ctx.b.note('warning', ctx.state.name, `sends to ${to}; Moflow replies to the contact of the run.`, id);
  return id;
}

function setConfig(b: FlowBuilder, id: string, config: Record<string, unknown>): void {
  b.updateConfig(id, config);
}

export const widgets: Record<string, (ctx: WidgetContext) => string> = {
  'send-message': (ctx) => {
    const id = reply(ctx, ctx.state.name);
    ctx.b.link(id, 'next', exit(ctx.state, 'sent'));
    unusedExit(ctx, 'failed', id, "Moflow's outbox retries and records failed sends.");
    return id;
  },

  'send-and-wait-for-reply': (ctx) => {
    const id = reply(ctx, ctx.state.name);
    const seconds = Number(str(ctx.state.properties['timeout']) ?? 3600);
    const timeoutSeconds = Number.isFinite(seconds) && seconds >= 1 ? Math.min(Math.round(seconds), 2_592_000) : 3600;
    const wait = ctx.b.add({ idBase: `${ctx.state.name}_wait`, type: 'wait', label: `${ctx.state.name} · wait`, position: below(ctx.position),
      config: { timeoutSeconds, resultVar: toVarName(ctx.state.name) } });
    ctx.b.connect(id, 'next', wait);
    ctx.b.link(wait, 'reply', exit(ctx.state, 'incomingMessage'));
    ctx.b.link(wait, 'timeout', exit(ctx.state, 'timeout'));
    unusedExit(ctx, 'deliveryFailure', id, "Moflow's outbox retries and records failed sends.");
    return id;
  },

  'split-based-on': (ctx) => {
    const p = ctx.state.properties;
    const inputSource = str(p['input']) ?? '';
    const id = ctx.b.add({ idBase: ctx.state.name, type: 'match', label: ctx.state.name, position: ctx.position, config: { input: 'message.text', cases: [] } });
    const input = expression(ctx, inputSource, 'input', id, '""');
    const cases: Record<string, unknown>[] = [];
    const used = new Set<string>();
    for (const t of ctx.state.transitions.filter((x) => x.event === 'match')) {
      const conds = t.conditions ?? [];
      const parts: string[] = [];
      let regex: string | null = null;
      const label = conds.map((c) => c.friendly_name ?? c.value ?? c.type).join(' and ') || 'match';
      for (const c of conds) {
        const arg = c.arguments?.[0];
        const subject = !arg || arg === inputSource ? 'input' : expression(ctx, arg, `condition "${label}"`, id, '""');
        const r = conditionCase(c, subject, ctx.scope);
        if ('error' in r) {
          ctx.b.note('warning', ctx.state.name, `condition "${label}": ${r.error}; this case never matches.`, id);
          parts.push('false');
        } else if ('regex' in r && conds.length === 1) regex = r.regex;
        else parts.push('regex' in r ? `$contains($string(input), /${r.regex.replace(/\//g, '\\/')}/i)` : r.expression);
      }
      let caseId = toId(label, 'case').slice(0, 60);
      for (let n = 2; used.has(caseId) || caseId === 'other'; n++) caseId = `${toId(label, 'case').slice(0, 56)}_${n}`;
      used.add(caseId);
      cases.push(regex !== null
        ? { id: caseId, label: label.slice(0, 100), mode: 'regex', pattern: regex, foldAccents: false, foldLookalikes: false }
        : { id: caseId, label: label.slice(0, 100), mode: 'expression', expression: parts.length ? parts.join(' and ') : 'false' });
      ctx.b.link(id, caseId, t.next);
    }
    if (!cases.length) cases.push({ id: 'never', label: 'no condition in the source', mode: 'expression', expression: 'false' });
    setConfig(ctx.b, id, { input, cases });
    ctx.b.link(id, 'other', exit(ctx.state, 'noMatch'));
    ctx.b.note('info', ctx.state.name, "compares whole values like Studio (case and surrounding spaces ignored); Moflow's word matching, accent folding and typo tolerance could be switched on per case.", id);
    return id;
  },

  'make-http-request': (ctx) => {
    const p = ctx.state.properties;
    const method = (str(p['method']) ?? 'GET').toUpperCase();
    const contentType = str(p['content_type']) ?? 'application/x-www-form-urlencoded;charset=utf-8';
    const urlT = liquidToTemplate(str(p['url']) ?? '', ctx.scope);
    if (urlT.untranslated.length || !/^https?:\/\/[^\s{}/?#]+([/?#]|$)/i.test(urlT.text) || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      return studioPlaceholder(ctx, `make-http-request to "${str(p['url']) ?? ''}" (not an absolute URL Moflow can call, or method ${method})`, 'success');
    }
    const id = ctx.b.add({ idBase: ctx.state.name, type: 'lookup', label: ctx.state.name, position: ctx.position, config: { kind: 'http', url: urlT.text } });
    const params = Array.isArray(p['parameters']) ? p['parameters'].filter(isRecord) : [];
    const form = params.map((x) => `${encodeURIComponent(str(x['key']) ?? '')}={{ $encodeUrlComponent($string(${expression(ctx, str(x['value']) ?? '', `parameter ${str(x['key'])}`, id, '""')})) }}`).join('&');
    let url = urlT.text;
    let body: string | undefined;
    const headers: Record<string, string> = {};
    if (method === 'GET' || method === 'DELETE') {
      if (form) url += (url.includes('?') ? '&' : '?') + form;
    } else if (/json/i.test(contentType)) {
      body = template(ctx, str(p['body']) ?? '', 'body', id);
      headers['Content-Type'] = 'application/json';
    } else {
      body = form;
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const v = toVarName(ctx.state.name);
    setConfig(ctx.b, id, { kind: 'http', method, url, headers, ...(body !== undefined ? { body } : {}), retries: 0,
      mapping: `{ ${quote(v)}: body, ${quote(`${v}_status`)}: status }` });
    if (p['add_twilio_auth']) ctx.b.note('warning', ctx.state.name, 'Twilio auth (add_twilio_auth) is not carried over: add an Authorization header with a secret.', id);
    ctx.b.link(id, 'success', exit(ctx.state, 'success'));
    ctx.b.link(id, 'failure', exit(ctx.state, 'failed'));
    return id;
  },

  'set-variables': (ctx) => {
    const vars = Array.isArray(ctx.state.properties['variables']) ? ctx.state.properties['variables'].filter(isRecord) : [];
    const id = ctx.b.add({ idBase: ctx.state.name, type: 'set', label: ctx.state.name, position: ctx.position, config: { assignments: [] } });
    const assignments = vars.slice(0, 50).map((x) => {
      const source = str(x['value']) ?? '';
      return { target: `vars.${toVarName(str(x['key']) ?? 'value')}`, expression: expression(ctx, source, `variable ${str(x['key'])}`, id, quote(source)) };
    });
    if (!assignments.length) assignments.push({ target: 'vars.imported_empty', expression: 'null' });
    setConfig(ctx.b, id, { assignments });
    ctx.b.link(id, 'next', exit(ctx.state, 'next'));
    return id;
  },

  'send-to-flex': (ctx) => {
    const p = ctx.state.properties;
    const id = ctx.b.add({ idBase: ctx.state.name, type: 'ticket', label: ctx.state.name, position: ctx.position,
      config: { subject: `Conversation handed over by ${ctx.state.name}`, team: 'support' } });
    const attributes = str(p['attributes']);
    if (attributes) setConfig(ctx.b, id, { subject: `Conversation handed over by ${ctx.state.name}`, team: 'support', body: template(ctx, attributes, 'attributes', id) });
    ctx.b.note('info', ctx.state.name, `send-to-flex becomes a ticket in Moflow's inbox (Flex workflow ${str(p['workflow']) ?? '?'} is not used).`, id);
    ctx.b.link(id, 'next', exit(ctx.state, 'callComplete'));
    for (const e of ['failedToEnqueue', 'callFailure']) unusedExit(ctx, e, id, 'opening a ticket does not fail.');
    return id;
  },
};

const assumedExits: Record<string, string> = { 'run-function': 'success', 'run-subflow': 'completed', 'send-to-auto-pilot': 'sessionEnded', 'gather-input-on-call': 'keypress', 'say-play': 'audioComplete' };

export function studioPlaceholder(ctx: WidgetContext, what: string, assumed?: string): string {
  const exits = ctx.state.transitions.map((t) => ({ name: t.event, target: t.next }));
  return ctx.b.placeholder({ idBase: ctx.state.name, label: ctx.state.name, position: ctx.position, what, exits,
    assumed: assumed ?? assumedExits[ctx.state.type] ?? exits.find((e) => e.target)?.name ?? null });
}
