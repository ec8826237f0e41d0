/**
 * Secrets resolve only in an HTTP lookup's URL and headers, and go only to the hosts an admin bound
 * them to. Anywhere else `secrets.NAME` would render empty, so it is refused as a mistake with a
 * clear reason instead of silently doing nothing; hosts are checked by the API (it knows bindings).
 */
import type { FlowDefinition, FlowNode } from '../definition';
import { normalizeHost, secretRefs } from '../secret-hosts';
import { parseTemplate } from '../template';
import { ProblemCode, type ProblemList } from './problems';

type Path = PropertyKey[];

const OUT_OF_PLACE = "can't use secrets here: secrets are sent only in a lookup's URL and headers, to the hosts an admin bound them to, never into replies, tickets, vars or request bodies";

function templateSecrets(text: string): string[] {
  const parsed = parseTemplate(text);
  return parsed.parts.flatMap((p) => (p.kind === 'expression' ? secretRefs(p.expression) : []));
}

function refuse(path: Path, names: string[], problems: ProblemList): void {
  if (names.length > 0) problems.add(path, ProblemCode.SecretOutOfPlace, `${OUT_OF_PLACE} (secrets.${names[0]})`);
}

/** Every template/expression field of a node except a lookup's URL and headers. */
export function checkSecretPlacement(node: FlowNode, base: Path, problems: ProblemList): void {
  const tpl = (path: Path, text: string | undefined) => { if (text !== undefined) refuse(path, templateSecrets(text), problems); };
  const expr = (path: Path, text: string | undefined) => { if (text !== undefined) refuse(path, secretRefs(text), problems); };
  switch (node.type) {
    case 'reply': return tpl([...base, 'text'], node.config.text);
    case 'ticket':
      tpl([...base, 'subject'], node.config.subject);
      return tpl([...base, 'body'], node.config.body);
    case 'set':
      node.config.assignments.forEach((a, i) => expr([...base, 'assignments', i, 'expression'], a.expression));
      return;
    case 'match':
      expr([...base, 'input'], node.config.input);
      node.config.cases.forEach((c, i) => expr([...base, 'cases', i, 'expression'], c.expression));
      return;
    case 'lookup': {
      const c = node.config;
      expr([...base, 'mapping'], c.mapping);
      if (c.kind === 'table') return tpl([...base, 'key'], c.key);
      tpl([...base, 'body'], c.body);
      return expr([...base, 'successWhen'], c.successWhen);
    }
    default:
      return;
  }
}

export interface LookupSecretUse {
  nodeId: string;
  /** Index of the node in `nodes`, for problem paths. */
  index: number;
  /** The URL's literal host, or null when a secret stands for the base URL (checked at run time). */
  host: string | null;
  /** Secrets named in the URL and headers, each with the field that names it first. */
  secrets: Array<{ name: string; path: string }>;
}

/** The secrets each HTTP lookup would send, and to which literal host, for the API's binding check. */
export function lookupSecretUses(definition: FlowDefinition): LookupSecretUse[] {
  const out: LookupSecretUse[] = [];
  definition.nodes.forEach((node, index) => {
    if (node.type !== 'lookup' || node.config.kind !== 'http') return;
    const c = node.config;
    const secrets = new Map<string, string>();
    const base = `nodes[${index}].config`;
    for (const name of templateSecrets(c.url)) if (!secrets.has(name)) secrets.set(name, `${base}.url`);
    for (const [header, value] of Object.entries(c.headers))
      for (const name of templateSecrets(value)) if (!secrets.has(name)) secrets.set(name, `${base}.headers.${header}`);
    if (secrets.size === 0) return;
    out.push({ nodeId: node.id, index, host: literalHost(c.url), secrets: [...secrets].map(([name, path]) => ({ name, path })) });
  });
  return out;
}

/** `https://crm.example.com/x/{{ vars.id }}` → `crm.example.com`; null when the host is not spelled out. */
export function literalHost(url: string): string | null {
  const parsed = parseTemplate(url);
  const first = parsed.parts[0];
  if (!parsed.ok || first?.kind !== 'literal') return null;
  const m = /^https?:\/\/(?:[^/?#@]*@)?(\[[^\]]+\]|[^/?#:]+)(?::\d+)?(?:[/?#]|$)/i.exec(first.text);
  if (!m?.[1] || (parsed.parts.length > 1 && !/^https?:\/\/[^/?#]+[/?#]/i.test(first.text))) return null;
  return normalizeHost(m[1]);
}
