/**
 * One RapidPro flow (goflow node model) to one Moflow draft: each node's actions become a chain of
 * steps, its router a wait (when it waits) and a match whose cases lead to the category exits.
 */
import { FlowBuilder, type Position } from '../builder';
import { resultKey, type ExcellentScope } from '../expressions/excellent';
import { clip, quote, toId } from '../names';
import type { ImportedFlow, ReportItem } from '../types';
import { actions, expression, placeholderAction, type Chain } from './rapidpro-actions';
import { numberIn, rapidProCase } from './rapidpro-cases';
import type { RpCategory, RpFlow, RpNode, RpRouter } from './rapidpro-model';

export interface FlowTrigger {
  keywords: string[];
  match: 'first_word' | 'only_word';
  catchAll: boolean;
}

/** Result keys whose category / raw text the flow reads: only those get the extra variables. */
interface ResultRefs {
  category: Set<string>;
  text: Set<string>;
}

const actionRouters = new Set(['call_webhook', 'open_ticket', 'enter_flow', 'call_resthook', 'call_classifier', 'transfer_airtime', 'call_llm']);

class NodeChain implements Chain {
  private open: { id: string; handle: string }[] = [];
  entry: string | null = null;
  private count = 0;

  constructor(readonly b: FlowBuilder, readonly scope: ExcellentScope, readonly label: string, readonly position: Position) {}

  add(step: { idBase: string; type: Parameters<FlowBuilder['add']>[0]['type']; config: Record<string, unknown>; label?: string }, outputs = ['next']): string {
    const n = this.count++;
    const id = this.b.add({ ...step, label: step.label ?? (n === 0 ? this.label : clip(`${this.label} · ${step.type}`, 100)),
      position: { x: this.position.x, y: this.position.y + 110 * n } });
    this.attach(id);
    this.open = outputs.map((handle) => ({ id, handle }));
    return id;
  }

  /** Connect the open outputs to a step made elsewhere (a placeholder). */
  attach(id: string): void {
    if (this.entry === null) this.entry = id;
    for (const o of this.open) this.b.connect(o.id, o.handle, id);
    this.open = [];
  }

  closeTo(fn: (id: string, handle: string) => void): void {
    for (const o of this.open) fn(o.id, o.handle);
    this.open = [];
  }

  closeEach(destinations: Record<string, string | null>): void {
    this.closeTo((id, handle) => this.b.link(id, handle, destinations[handle]));
  }

  /** Connect the open outputs to a source node (by uuid). */
  close(destination: string | null | undefined): void {
    for (const o of this.open) this.b.link(o.id, o.handle, destination);
    this.open = [];
  }

  nextPosition(): Position {
    return { x: this.position.x, y: this.position.y + 110 * this.count++ };
  }
}

export function importRapidProFlow(flow: RpFlow, trigger: FlowTrigger, sourceText: string): { flow: ImportedFlow; report: ReportItem[] } {
  const b = new FlowBuilder(flow.name);
  const scope: ExcellentScope = { legacy: flow.legacy, resultVar: (k) => k };
  const refsTo = (fields: string) => new Set([...sourceText.matchAll(new RegExp(`(?:results|flow)\\.([A-Za-z0-9_]+)\\.(?:${fields})`, 'gi'))].map((m) => m[1]!.toLowerCase()));
  const refs: ResultRefs = { category: refsTo('category'), text: refsTo('text|input') };
  flow.nodes.forEach((node, i) => {
    const chain = new NodeChain(b, scope, node.label, node.position ?? { x: 0, y: i * 200 });
    const exitOf = (cat: RpCategory | undefined) => node.exits.find((e) => e.uuid === cat?.exit_uuid)?.destination_uuid ?? null;
    const last = node.actions[node.actions.length - 1];
    const routedAction = node.router && !node.router.wait && last && actionRouters.has(last.type) ? last : null;
    for (const a of routedAction ? node.actions.slice(0, -1) : node.actions) {
      const map = actions[a.type];
      if (map) map(chain, a);
      else placeholderAction(chain, a.type.startsWith('legacy ') ? `legacy action ${a.type.slice(7)}` : `action ${a.type}`);
    }
    if (routedAction && node.router) actionRouter(chain, node, node.router, routedAction, exitOf);
    else if (node.router) router(chain, node, node.router, flow, refs, exitOf);
    else {
      if (chain.entry === null) passThrough(chain);
      chain.close(node.exits[0]?.destination_uuid);
    }
    if (chain.entry) b.setEntry(node.uuid, chain.entry);
  });

  const entry = flow.nodes.find((n) => n.uuid === flow.entry);
  const pos = entry?.position ?? { x: 0, y: 0 };
  const triggerId = b.add({ idBase: 'trigger', type: 'trigger', label: 'Trigger', position: { x: pos.x, y: pos.y - 150 },
    config: { keywords: trigger.keywords.slice(0, 50), match: trigger.match, catchAll: trigger.catchAll, rest: true, foldAccents: false, foldLookalikes: false } });
  if (trigger.keywords.length) b.note('info', 'Trigger', `keyword trigger(s) ${trigger.keywords.join(', ')} (${trigger.match === 'only_word' ? 'only word' : 'first word'}) start this flow.`, triggerId);
  else if (!trigger.catchAll) b.note('info', 'Trigger', 'no keyword trigger in the export: the flow starts through the REST API until you add keywords.', triggerId);
  if (!entry) b.note('warning', flow.name, 'the flow has no steps.', triggerId);
  b.link(triggerId, 'next', flow.entry);
  return { flow: { name: flow.name, sourceName: flow.name, definition: b.finish() }, report: b.report };
}

/** A webhook, ticket or subflow followed by its result router: the step's own outputs lead to the categories. */
function actionRouter(c: NodeChain, node: RpNode, r: RpRouter, a: { type: string } & Record<string, unknown>, exitOf: (cat: RpCategory | undefined) => string | null): void {
  const byName = (re: RegExp) => r.categories.find((cat) => re.test(cat.name));
  if (a.type === 'call_webhook') {
    actions['call_webhook']!(c, a);
    const success = byName(/^success/i) ?? r.categories[0];
    const failure = byName(/^fail/i) ?? r.categories.find((cat) => cat !== success);
    // The lookup leaves two open outputs (success, failure) unless it became a placeholder.
    c.closeEach({ success: exitOf(success), failure: exitOf(failure), next: exitOf(success) });
    return;
  }
  if (a.type === 'open_ticket') {
    actions['open_ticket']!(c, a);
    c.close(exitOf(byName(/^success/i) ?? r.categories[0]));
    return;
  }
  const flowName = typeof a['flow'] === 'object' && a['flow'] !== null ? String((a['flow'] as Record<string, unknown>)['name'] ?? '') : '';
  const exits = r.categories.map((cat) => ({ name: cat.name, target: exitOf(cat) }));
  const assumed = byName(/^complete/i)?.name ?? byName(/^success/i)?.name ?? exits[0]?.name ?? null;
  const id = c.b.placeholder({ idBase: `${a.type}_${node.label}`, label: node.label, position: c.nextPosition(),
    what: a.type === 'enter_flow' ? `enter_flow "${flowName}"` : a.type, exits, assumed });
  c.attach(id);
}

function router(c: NodeChain, node: RpNode, r: RpRouter, flow: RpFlow, refs: ResultRefs, exitOf: (cat: RpCategory | undefined) => string | null): void {
  const b = c.b;
  const key = r.result_name ? resultKey(r.result_name) : null;
  const catById = new Map(r.categories.map((cat) => [cat.uuid, cat]));
  if (r.type !== 'switch') {
    const exits = r.categories.map((cat) => ({ name: cat.name, target: exitOf(cat) }));
    c.attach(b.placeholder({ idBase: `random_${node.label}`, label: node.label, position: c.nextPosition(), what: `${r.type} router`, exits, assumed: exits[0]?.name ?? null }));
    return;
  }
  let waitId: string | null = null;
  if (r.wait) {
    const seconds = r.wait.timeout?.seconds || flow.expireMinutes * 60;
    waitId = c.add({ idBase: `${node.label}_wait`, type: 'wait',
      config: { timeoutSeconds: Math.max(1, Math.min(seconds, 2_592_000)), resultVar: key ?? 'reply' } }, ['reply']);
    if (!r.wait.timeout) b.note('info', node.label, `no timeout in the source: the wait times out after the flow's expiry (${flow.expireMinutes} minutes), as RapidPro expires the run.`, waitId);
    if (r.wait.type !== 'msg') b.note('warning', node.label, `${r.legacyType ?? r.wait.type} waits for media or a location in RapidPro; Moflow waits for a text message.`, waitId);
  }
  let operand = expression(c, r.operand ?? '@input.text', 'operand', waitId ?? '');
  if (r.field) operand = `$trim($split($string(${operand}), ${quote(r.field.delimiter)})[${r.field.index}])`;
  let input = operand;
  if (key) {
    // RapidPro results hold the trimmed text (the number, for number tests: set per category below).
    const value = waitId && operand === 'message.text' ? `vars.${key}` : operand;
    const assignments = [{ target: `vars.${key}`, expression: `$trim($string(${value}))` }];
    if (refs.text.has(key)) assignments.push({ target: `vars.${key}_text`, expression: `vars.${key}` });
    c.add({ idBase: `${node.label}_value`, type: 'set', config: { assignments } });
    input = `vars.${key}`;
  }

  const cases: Record<string, unknown>[] = [];
  const handles: { handle: string; cat: RpCategory | undefined }[] = [];
  const numeric = new Set<string>();
  let wordModes = false;
  const seenValues = new Set<string>();
  const caseNotes: string[] = [];
  r.cases.forEach((rc, i) => {
    const cat = catById.get(rc.category_uuid);
    const res = withoutEarlierValues(rapidProCase(rc, c.scope), seenValues);
    const id = `${toId(cat?.name ?? 'case', 'case').slice(0, 56)}_${i + 1}`;
    const label = clip(cat?.name ?? rc.type, 100);
    if ('error' in res) {
      cases.push({ id, label, mode: 'expression', expression: 'false' });
      caseNotes.push(`case "${label}": ${res.error}; this case never matches.`);
    } else {
      cases.push({ id, label, ...res.config });
      if (res.numeric && cat) numeric.add(cat.uuid);
      if (res.approximated) b.note('info', node.label, res.approximated);
      if (['any_word', 'all_words', 'phrase', 'exact'].includes(String(res.config['mode']))) wordModes = true;
    }
    handles.push({ handle: id, cat });
  });
  const defaultCat = catById.get(r.default_category_uuid ?? '');
  const entries = new Map<string, string | null>();
  const routeTo = (source: string, handle: string, cat: RpCategory | undefined) => {
    if (!cat) return;
    const needsSet = key && (refs.category.has(key) || numeric.has(cat.uuid));
    if (!needsSet) return b.link(source, handle, exitOf(cat));
    let setId = entries.get(cat.uuid);
    if (!setId) {
      const assignments = [{ target: `vars.${key}_category`, expression: quote(cat.name) }];
      if (numeric.has(cat.uuid)) assignments.push({ target: `vars.${key}`, expression: numberIn(`vars.${key}`) });
      setId = b.add({ idBase: `${key}_${cat.name}`, type: 'set', label: clip(`${node.label} · ${cat.name}`, 100), position: c.nextPosition(), config: { assignments } });
      entries.set(cat.uuid, setId);
      b.link(setId, 'next', exitOf(cat));
    }
    b.connect(source, handle, setId);
  };
  const timeoutCat = r.wait?.timeout ? catById.get(r.wait.timeout.category_uuid) : undefined;
  if (cases.length) {
    const matchId = c.add({ idBase: node.label, type: 'match', config: { input, cases } }, []);
    for (const n of caseNotes) b.note('warning', node.label, n, matchId);
    handles.forEach((h) => routeTo(matchId, h.handle, h.cat));
    routeTo(matchId, 'other', defaultCat);
    if (wordModes) b.note('info', node.label, "word tests keep RapidPro's meaning: Moflow's accent folding, look-alike folding and typo tolerance are off and could be switched on.", matchId);
  } else {
    if (c.entry === null) passThrough(c);
    c.closeTo((id, handle) => routeTo(id, handle, defaultCat));
  }
  if (waitId) routeTo(waitId, 'timeout', timeoutCat);
}

/** A node with nothing Moflow runs (no actions, a router with only its default): one step so its exits stay drawn. */
function passThrough(c: NodeChain): void {
  c.add({ idBase: `node_${c.label}`, type: 'set', config: { assignments: [{ target: 'vars.imported_empty', expression: 'null' }] } });
}

/** RapidPro tests cases in order, so a word an earlier case already takes never reaches a later one: drop it (Moflow refuses duplicates). */
function withoutEarlierValues(res: ReturnType<typeof rapidProCase>, seen: Set<string>): ReturnType<typeof rapidProCase> {
  if ('error' in res || !Array.isArray(res.config['values'])) return res;
  const values = (res.config['values'] as string[]).filter((v) => {
    const k = v.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return values.length ? { ...res, config: { ...res.config, values } } : { error: 'every word is already taken by an earlier case' };
}
