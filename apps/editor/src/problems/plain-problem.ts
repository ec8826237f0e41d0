/**
 * Problems in the words of the person building the flow: the step by its name, the field by its
 * label, and what to do, e.g. `Reply ‘Ask size’: the text has a "{{" that is never closed (after
 * ‘Hi {{’)`. The validator's own form (`nodes[5].config.text: unclosed "{{" at character 8`) stays
 * in `detail` for developers.
 */
import type { ProblemDto } from '@moflow/api-contract';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { outputsOf } from '../catalogue/node-catalogue';
import { stepName, stepTitle } from '../utils/step-name';

export interface PlainProblem extends ProblemDto {
  /** The whole sentence: `Reply ‘Ask size’: the text …`. */
  text: string;
  /** The validator's path and message, for developers. */
  detail: string;
}

type Key = string | number;

function parsePath(path: string): Key[] {
  const keys: Key[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return keys;
}

function valueAt(root: unknown, keys: readonly Key[]): unknown {
  let v = root;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<Key, unknown>)[k] : undefined;
  return v;
}

const words = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();

/** The field a path inside a step's config points at, as its label reads. */
function fieldName(node: FlowNode, keys: readonly Key[]): string {
  const c = keys.slice(keys.indexOf('config') + 1);
  if (!keys.includes('config') || c.length === 0) return '';
  const [first, i, sub] = c;
  const config = node.config as unknown as Record<string, unknown>;
  if (first === 'cases' && typeof i === 'number') {
    const out = outputsOf(node)[i];
    const name = `answer ‘${out?.label ?? i + 1}’`;
    if (sub === 'values') return keys.length > keys.indexOf('values') + 1 ? `a word of ${name}` : name;
    if (sub === 'pattern') return `the pattern of ${name}`;
    if (sub === 'expression') return `the condition of ${name}`;
    if (sub === 'id') return `the output id of ${name}`;
    return name;
  }
  if (first === 'keywords' && typeof i === 'number') return `the keyword “${String(valueAt(config, c))}”`;
  if (first === 'assignments' && typeof i === 'number') {
    const target = valueAt(config, ['assignments', i, 'target']);
    return sub === 'target' ? 'where a value is saved' : `the value saved in ‘${String(target)}’`;
  }
  if (first === 'headers' && typeof i === 'string') return `the header “${i}”`;
  const named: Record<string, string> = {
    text: 'the text', url: 'the web address', body: node.type === 'ticket' ? 'the ticket text' : 'the request body', subject: 'the subject',
    input: 'what is tested', resultVar: '“Save the reply as”', timeoutSeconds: 'the waiting time', keywords: 'the keywords', cases: 'the answers',
  };
  return typeof first === 'string' ? (named[first] ?? `the ${words(first)}`) : '';
}

/** `… at character 8` → the few characters up to there, to show where. */
function whereIn(value: unknown, message: string, template: boolean): string {
  const m = /at character (\d+)/.exec(message);
  if (!m || typeof value !== 'string') return '';
  const at = Number(m[1]) - 1;
  const end = template && value.startsWith('{{', at) ? at + 2 : at + 1;
  const snippet = value.slice(Math.max(0, end - 16), end);
  return snippet ? ` (after ‘${end - 16 > 0 ? '…' : ''}${snippet}’)` : '';
}

/** Node ids quoted in a validator message, replaced by step names. */
function namesForIds(message: string, def: FlowDefinition): string {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  return message
    .replace(/nodes\[(\d+)\](?: \("[^"]*"\))?/g, (all, i: string) => { const n = def.nodes[Number(i)]; return n ? `‘${stepName(n)}’` : all; })
    .replace(/"([^"]+)"/g, (all, id: string) => { const n = byId.get(id); return n ? `‘${stepName(n)}’` : all; });
}

function sentence(p: ProblemDto, node: FlowNode | null, field: string, value: unknown, def: FlowDefinition): string {
  const m = p.message;
  switch (p.code) {
    case 'invalid_template': {
      const where = whereIn(value, m, true);
      if (m.startsWith('unclosed')) return `${field || 'the text'} has a “{{” that is never closed${where}`;
      if (m.startsWith('empty placeholder')) return `${field || 'the text'} has an empty “{{ }}”${where}`;
      return `${field || 'the text'}: ${m}`;
    }
    case 'invalid_expression': {
      const why = m.replace(/^expression at character \d+: /, '').replace(/ \(in "\{\{.*\}\}"\)$/, '');
      return `${field || 'a formula'} cannot be worked out: ${why}${whereIn(value, m, false)}`;
    }
    case 'unreachable_node': return 'nothing leads to this step: connect a step to it, or delete it';
    case 'unconnected_output': {
      const id = /output "([^"]+)"/.exec(m)?.[1];
      const label = node && id ? outputsOf(node).find((o) => o.id === id)?.label ?? id : id;
      return node?.type === 'trigger' ? 'starts nothing: connect it to the first step' : `the “${label}” answer leads nowhere, so the flow ends there`;
    }
    case 'unknown_source_handle': {
      const handle = /^"([^"]+)"/.exec(m)?.[1] ?? '';
      return `a connection leaves from “${handle}”, which is no longer one of its outputs: connect that output again, or delete the connection`;
    }
    case 'unknown_edge_target': return 'a connection leads to a step that no longer exists: delete it';
    case 'unknown_edge_source': return 'a connection starts from a step that no longer exists';
    case 'edge_into_trigger': return 'a connection leads back into the Trigger, which only starts the flow: connect it to another step';
    case 'duplicate_handle_edge': return `an output is connected twice: ${namesForIds(m, def)}`;
    case 'missing_trigger': return 'there is no Trigger: add one so the flow can start';
    case 'multiple_triggers': return `a flow has one Trigger, and ${namesForIds(m.replace(/^a flow has exactly one trigger; /, ''), def)}`;
    case 'trigger_never_starts': return 'never starts: add a keyword, or let it start on any message or over the API';
    case 'cycle_without_wait': {
      const names = /\(([^)]*)\)/.exec(m)?.[1] ?? '';
      return `is in a loop with no Wait step (${namesForIds(names, def)}): the flow would go round without waiting for the contact; add a Wait to the loop`;
    }
    case 'compliance_word': return m.replace(/"([^"]*)"/g, '“$1”');
    case 'typo_tolerance_not_applied':
      return `typo tolerance is on but cannot help ${(/apply to (.*): words/.exec(m)?.[1] ?? '').replace(/"([^"]*)"/g, '“$1”')}: words of 3 letters or fewer and words with digits must be typed exactly`;
    case 'duplicate_case_id': return `two answers use the same output id “${String(value)}”`;
    case 'duplicate_keyword': return `${field ? `${field} ` : ''}${namesForIds(m.replace(/^"[^"]*" duplicates/, 'repeats'), def)}`;
    default: return `${field ? `${field} ` : ''}${namesForIds(plainShape(m), def)}`;
  }
}

/** The schema's phrasings that only make sense to developers. */
function plainShape(message: string): string {
  if (/^must list at least one value for mode /.test(message)) return 'needs at least one word';
  if (message === 'is required for mode "regex"') return 'needs a pattern';
  if (message === 'is required for mode "expression"') return 'needs a condition';
  if (message === 'must not be empty') return 'is empty';
  return message;
}

export function plainProblem(p: ProblemDto, def: FlowDefinition): PlainProblem {
  const keys = parsePath(p.path);
  const node = (p.nodeId ? def.nodes.find((n) => n.id === p.nodeId) : undefined)
    ?? (keys[0] === 'nodes' && typeof keys[1] === 'number' ? def.nodes[keys[1]] : undefined) ?? null;
  const value = valueAt(def, keys);
  const field = node && keys[0] === 'nodes' ? fieldName(node, keys) : '';
  const subject = node ? stepTitle(node) : 'This flow';
  return { ...p, text: `${subject}: ${sentence(p, node, field, value, def)}`, detail: p.path ? `${p.path}: ${p.message}` : p.message };
}

/** Errors before warnings, each in the order of the steps. */
export function plainProblems(problems: readonly ProblemDto[], def: FlowDefinition): PlainProblem[] {
  const order = new Map(def.nodes.map((n, i) => [n.id, i]));
  const rank = (p: ProblemDto) => (p.severity === 'warning' ? 1 : 0);
  return problems.map((p) => plainProblem(p, def))
    .sort((a, b) => rank(a) - rank(b) || (order.get(a.nodeId ?? '') ?? -1) - (order.get(b.nodeId ?? '') ?? -1));
}
