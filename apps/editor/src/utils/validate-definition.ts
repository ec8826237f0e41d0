/**
 * Problems of a draft, computed in the browser on every change: the flow-spec schema, the graph
 * (dangling edges, unknown handles, unreachable nodes) and JSONata syntax. Paths use the same
 * `nodes[3].config.text` form as the server so both lists read alike.
 */
import { flowDefinitionSchema, type FlowDefinition, type FlowNode } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { outputsOf } from '../catalogue/node-catalogue';
import { checkExpression, checkTemplate } from './jsonata-check';

export function pathToString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function schemaProblems(def: FlowDefinition): ProblemDto[] {
  const parsed = flowDefinitionSchema.safeParse(def);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const idx = issue.path[0] === 'nodes' && typeof issue.path[1] === 'number' ? issue.path[1] : -1;
    return { path: pathToString(issue.path), nodeId: def.nodes[idx]?.id ?? null, code: 'SCHEMA', message: issue.message, severity: 'error' as const };
  });
}

type Field = { path: string; value: string | undefined; kind: 'expression' | 'template' };

function expressionFields(node: FlowNode): Field[] {
  switch (node.type) {
    case 'match':
      return [{ path: 'config.input', value: node.config.input, kind: 'expression' },
        ...node.config.cases.map((c, i) => ({ path: `config.cases[${i}].expression`, value: c.expression, kind: 'expression' as const }))];
    case 'set':
      return node.config.assignments.map((a, i) => ({ path: `config.assignments[${i}].expression`, value: a.expression, kind: 'expression' as const }));
    case 'lookup':
      return node.config.kind === 'http'
        ? [{ path: 'config.url', value: node.config.url, kind: 'template' }, { path: 'config.body', value: node.config.body, kind: 'template' },
          { path: 'config.mapping', value: node.config.mapping, kind: 'expression' }, { path: 'config.successWhen', value: node.config.successWhen, kind: 'expression' },
          ...Object.entries(node.config.headers).map(([k, v]) => ({ path: `config.headers.${k}`, value: v, kind: 'template' as const }))]
        : [{ path: 'config.key', value: node.config.key, kind: 'template' }, { path: 'config.mapping', value: node.config.mapping, kind: 'expression' }];
    case 'reply':
      return [{ path: 'config.text', value: node.config.text, kind: 'template' }];
    case 'ticket':
      return [{ path: 'config.subject', value: node.config.subject, kind: 'template' }, { path: 'config.body', value: node.config.body, kind: 'template' }];
    default:
      return [];
  }
}

function expressionProblems(def: FlowDefinition): ProblemDto[] {
  const out: ProblemDto[] = [];
  def.nodes.forEach((node, i) => {
    for (const f of expressionFields(node)) {
      if (!f.value) continue;
      const r = f.kind === 'expression' ? checkExpression(f.value) : checkTemplate(f.value);
      if (!r.ok) out.push({ path: `nodes[${i}].${f.path}`, nodeId: node.id, code: 'EXPRESSION_SYNTAX', severity: 'error',
        message: `${r.message} (at character ${r.position + 1})` });
    }
  });
  return out;
}

function graphProblems(def: FlowDefinition): ProblemDto[] {
  const out: ProblemDto[] = [];
  const byId = new Map<string, FlowNode>();
  def.nodes.forEach((n, i) => {
    if (byId.has(n.id)) out.push({ path: `nodes[${i}].id`, nodeId: n.id, code: 'DUPLICATE_ID', severity: 'error', message: `duplicate node id "${n.id}"` });
    byId.set(n.id, n);
  });
  if (!def.nodes.some((n) => n.type === 'trigger'))
    out.push({ path: 'nodes', nodeId: null, code: 'NO_TRIGGER', severity: 'error', message: 'the flow needs a trigger node to start' });
  const usedHandles = new Set<string>();
  def.edges.forEach((e, i) => {
    const source = byId.get(e.source);
    if (!source) out.push({ path: `edges[${i}].source`, nodeId: null, code: 'EDGE_SOURCE', severity: 'error', message: `node "${e.source}" does not exist` });
    if (!byId.has(e.target)) out.push({ path: `edges[${i}].target`, nodeId: e.source, code: 'EDGE_TARGET', severity: 'error', message: `node "${e.target}" does not exist` });
    if (source && !outputsOf(source).some((h) => h.id === e.sourceHandle))
      out.push({ path: `edges[${i}].sourceHandle`, nodeId: source.id, code: 'EDGE_HANDLE', severity: 'error',
        message: `${source.type} node "${source.id}" has no output "${e.sourceHandle}"` });
    const key = `${e.source}\u0000${e.sourceHandle}`;
    if (usedHandles.has(key)) out.push({ path: `edges[${i}]`, nodeId: e.source, code: 'EDGE_DUPLICATE_OUTPUT', severity: 'error',
      message: `output "${e.sourceHandle}" of "${e.source}" is connected twice` });
    usedHandles.add(key);
  });
  const reachable = new Set<string>();
  const queue = def.nodes.filter((n) => n.type === 'trigger').map((n) => n.id);
  while (queue.length) {
    const id = queue.pop() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const e of def.edges) if (e.source === id) queue.push(e.target);
  }
  def.nodes.forEach((n, i) => {
    if (!reachable.has(n.id) && n.type !== 'trigger')
      out.push({ path: `nodes[${i}]`, nodeId: n.id, code: 'UNREACHABLE', severity: 'warning', message: 'is not connected to any trigger' });
  });
  return out;
}

export function validateDefinition(def: FlowDefinition): ProblemDto[] {
  return [...schemaProblems(def), ...graphProblems(def), ...expressionProblems(def)];
}
