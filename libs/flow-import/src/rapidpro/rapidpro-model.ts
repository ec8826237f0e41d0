/**
 * The goflow (spec 13+) node model both RapidPro formats are read into: legacy `action_sets` /
 * `rule_sets` are converted to it first (as goflow's own migrations do), so one mapper serves both.
 */
import type { Position } from '../builder';
import { isRecord, str } from '../names';

export type RpAction = Record<string, unknown> & { type: string };

export interface RpCase {
  uuid: string;
  type: string;
  arguments: string[];
  category_uuid: string;
}

export interface RpCategory {
  uuid: string;
  name: string;
  exit_uuid: string;
}

export interface RpRouter {
  type: string;
  operand?: string;
  /** Legacy form fields: the operand is one field of a delimited text. */
  field?: { index: number; delimiter: string };
  cases: RpCase[];
  categories: RpCategory[];
  default_category_uuid?: string;
  result_name?: string;
  wait?: { type: string; timeout?: { seconds: number; category_uuid: string } };
  /** Legacy ruleset type, for the report. */
  legacyType?: string;
}

export interface RpNode {
  uuid: string;
  label: string;
  actions: RpAction[];
  router?: RpRouter;
  exits: { uuid: string; destination_uuid: string | null }[];
  position?: Position;
}

export interface RpFlow {
  uuid: string;
  name: string;
  legacy: boolean;
  expireMinutes: number;
  entry: string | null;
  nodes: RpNode[];
}

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

export function readSpec13(flow: Record<string, unknown>): RpFlow {
  const ui = isRecord(flow['_ui']) && isRecord(flow['_ui']['nodes']) ? flow['_ui']['nodes'] : {};
  const nodes = arr(flow['nodes']).map((n, i): RpNode => {
    const uuid = str(n['uuid']) ?? `node-${i + 1}`;
    const r = isRecord(n['router']) ? n['router'] : null;
    const uiNode = ui[uuid];
    const pos = isRecord(uiNode) && isRecord(uiNode['position']) ? uiNode['position'] : null;
    const wait = r && isRecord(r['wait']) ? r['wait'] : null;
    const timeout = wait && isRecord(wait['timeout']) ? wait['timeout'] : null;
    const router: RpRouter | undefined = r ? {
      type: str(r['type']) ?? 'switch',
      ...(str(r['operand']) ? { operand: str(r['operand']) } : {}),
      cases: arr(r['cases']).map((c) => ({ uuid: str(c['uuid']) ?? '', type: str(c['type']) ?? '', arguments: (Array.isArray(c['arguments']) ? c['arguments'] : []).map((a) => str(a) ?? ''), category_uuid: str(c['category_uuid']) ?? '' })),
      categories: arr(r['categories']).map((c) => ({ uuid: str(c['uuid']) ?? '', name: str(c['name']) ?? 'Category', exit_uuid: str(c['exit_uuid']) ?? '' })),
      ...(str(r['default_category_uuid']) ? { default_category_uuid: str(r['default_category_uuid']) } : {}),
      ...(str(r['result_name']) ? { result_name: str(r['result_name']) } : {}),
      ...(wait ? { wait: { type: str(wait['type']) ?? 'msg', ...(timeout ? { timeout: { seconds: Number(timeout['seconds']) || 0, category_uuid: str(timeout['category_uuid']) ?? '' } } : {}) } } : {}),
    } : undefined;
    return {
      uuid,
      label: router?.result_name ?? uuid,
      actions: arr(n['actions']).map((a) => ({ ...a, type: str(a['type']) ?? 'unknown' })),
      ...(router ? { router } : {}),
      exits: arr(n['exits']).map((e) => ({ uuid: str(e['uuid']) ?? '', destination_uuid: str(e['destination_uuid']) ?? str(e['destination_node_uuid']) ?? null })),
      ...(pos && typeof pos['left'] === 'number' && typeof pos['top'] === 'number' ? { position: { x: pos['left'], y: pos['top'] } } : {}),
    };
  });
  return {
    uuid: str(flow['uuid']) ?? '',
    name: str(flow['name']) ?? 'Imported RapidPro flow',
    legacy: false,
    expireMinutes: Number(flow['expire_after_minutes']) || 10080,
    entry: nodes[0]?.uuid ?? null,
    nodes,
  };
}

/** A localized legacy text (`{"eng": "..."}` or a plain string) in the base language. */
export function baseText(v: unknown, lang: string): string {
  if (typeof v === 'string') return v;
  if (isRecord(v)) return str(v[lang]) ?? str(v['base']) ?? Object.values(v).map(str).find((x) => x !== undefined) ?? '';
  return '';
}

const legacyTests: Record<string, string> = {
  contains_any: 'has_any_word', contains: 'has_all_words', contains_phrase: 'has_phrase', contains_only_phrase: 'has_only_phrase',
  starts: 'has_beginning', number: 'has_number', between: 'has_number_between', gt: 'has_number_gt', gte: 'has_number_gte',
  lt: 'has_number_lt', lte: 'has_number_lte', eq: 'has_number_eq', regex: 'has_pattern', phone: 'has_phone', email: 'has_email',
  not_empty: 'has_text', date: 'has_date', date_before: 'has_date_lt', date_after: 'has_date_gt', date_equal: 'has_date_eq',
  state: 'has_state', district: 'has_district', ward: 'has_ward', in_group: 'has_group', webhook_status: 'has_webhook_status',
  subflow: 'subflow', has_category: 'has_category',
};

function legacyAction(a: Record<string, unknown>, lang: string): RpAction {
  const type = str(a['type']) ?? 'unknown';
  const groups = arr(a['groups']).map((g) => ({ name: str(g['name']) ?? '' }));
  switch (type) {
    case 'reply':
    case 'send':
      return { type: 'send_msg', text: baseText(a['msg'], lang), ...(type === 'send' ? { legacy_send: true } : {}) };
    case 'save': {
      const field = str(a['field']) ?? '';
      if (field === 'name') return { type: 'set_contact_name', name: str(a['value']) ?? '' };
      return { type: 'set_contact_field', field: { key: field, name: str(a['label']) ?? field }, value: str(a['value']) ?? '' };
    }
    case 'add_group': return { type: 'add_contact_groups', groups };
    case 'del_group': return { type: 'remove_contact_groups', groups };
    case 'lang': return { type: 'set_contact_language', language: str(a['lang']) ?? '' };
    case 'api':
    case 'webhook': return { type: 'call_webhook', method: str(a['action']) ?? 'GET', url: str(a['webhook']) ?? '' };
    case 'flow': return { type: 'enter_flow', flow: { name: isRecord(a['flow']) ? str(a['flow']['name']) ?? '' : '' } };
    case 'email': return { type: 'send_email' };
    default: return { type: `legacy ${type}` };
  }
}

function legacyRuleSet(rs: Record<string, unknown>, lang: string): RpNode {
  const uuid = str(rs['uuid']) ?? '';
  const categories: RpCategory[] = [];
  const exits: RpNode['exits'] = [];
  const cases: RpCase[] = [];
  let defaultCat: string | undefined;
  let timeout: { seconds: number; category_uuid: string } | undefined;
  const rulesetType = str(rs['ruleset_type']) ?? 'wait_message';
  for (const [i, rule] of arr(rs['rules']).entries()) {
    const name = baseText(rule['category'], lang) || `Category ${i + 1}`;
    let cat = categories.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!cat) {
      cat = { uuid: `${uuid}-cat-${categories.length}`, name, exit_uuid: `${uuid}-exit-${categories.length}` };
      categories.push(cat);
      exits.push({ uuid: cat.exit_uuid, destination_uuid: str(rule['destination']) ?? null });
    }
    const test = isRecord(rule['test']) ? rule['test'] : {};
    const type = str(test['type']) ?? 'true';
    if (type === 'true') { defaultCat ??= cat.uuid; continue; }
    if (type === 'timeout') { timeout = { seconds: (Number(test['minutes']) || 0) * 60, category_uuid: cat.uuid }; continue; }
    const args = type === 'between' ? [str(test['min']) ?? '', str(test['max']) ?? '']
      : type === 'subflow' ? [str(test['exit_type']) ?? '']
      : [baseText(test['test'], lang)];
    cases.push({ uuid: str(rule['uuid']) ?? '', type: legacyTests[type] ?? `legacy ${type}`, arguments: args, category_uuid: cat.uuid });
  }
  if (!defaultCat) {
    defaultCat = `${uuid}-cat-other`;
    categories.push({ uuid: defaultCat, name: 'Other', exit_uuid: `${uuid}-exit-other` });
    exits.push({ uuid: `${uuid}-exit-other`, destination_uuid: null });
  }
  const config = isRecord(rs['config']) ? rs['config'] : {};
  const waits = rulesetType.startsWith('wait_') || rulesetType === 'wait';
  const label = str(rs['label']) ?? uuid;
  return {
    uuid,
    label,
    actions: rulesetType === 'subflow' ? [{ type: 'enter_flow', flow: { name: isRecord(config['flow']) ? str(config['flow']['name']) ?? '' : '' } }]
      : rulesetType === 'webhook' ? [{ type: 'call_webhook', method: str(config['webhook_action']) ?? 'GET', url: str(config['webhook']) ?? str(rs['webhook']) ?? '' }]
      : [],
    router: {
      type: rulesetType === 'random' ? 'random' : 'switch',
      operand: str(rs['operand']) ?? '@step.value',
      ...(rulesetType === 'form_field' ? { field: { index: Number(config['field_index']) || 0, delimiter: str(config['field_delimiter']) ?? ' ' } } : {}),
      cases, categories, default_category_uuid: defaultCat, result_name: label,
      ...(waits ? { wait: { type: rulesetType === 'wait_message' ? 'msg' : rulesetType, ...(timeout ? { timeout } : {}) } } : {}),
      legacyType: rulesetType,
    },
    exits,
    position: { x: Number(rs['x']) || 0, y: Number(rs['y']) || 0 },
  };
}

export function readLegacy(flow: Record<string, unknown>): RpFlow {
  const meta = isRecord(flow['metadata']) ? flow['metadata'] : {};
  const lang = str(flow['base_language']) ?? 'eng';
  const actionNodes = arr(flow['action_sets']).map((s): RpNode => {
    const uuid = str(s['uuid']) ?? '';
    return {
      uuid, label: uuid,
      actions: arr(s['actions']).map((a) => legacyAction(a, lang)),
      exits: [{ uuid: `${uuid}-exit`, destination_uuid: str(s['destination']) ?? null }],
      position: { x: Number(s['x']) || 0, y: Number(s['y']) || 0 },
    };
  });
  const ruleNodes = arr(flow['rule_sets']).map((rs) => legacyRuleSet(rs, lang));
  return {
    uuid: str(meta['uuid']) ?? str(flow['uuid']) ?? '',
    name: str(meta['name']) ?? str(flow['name']) ?? 'Imported RapidPro flow',
    legacy: true,
    expireMinutes: Number(meta['expires'] ?? flow['expires']) || 10080,
    entry: str(flow['entry']) ?? null,
    nodes: [...actionNodes, ...ruleNodes],
  };
}
