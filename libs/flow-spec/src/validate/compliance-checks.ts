/**
 * Words the compliance rules take before any flow (opt-out, opt-in, help: libs/sms). flow-spec
 * imports nothing internal, so the caller passes the classifier; without one these checks are off.
 */
import type { FlowView } from './flow-view';
import { ProblemCode, type ProblemList } from './problems';

export type ComplianceKind = 'opt_out' | 'opt_in' | 'help';
/**
 * What the compliance rules make of a text a contact sends on these channels (none or "*": any),
 * or null (libs/sms classifyComplianceKeyword). `channel`: the hit is that channel's own word.
 */
export type ComplianceClassifier = (text: string, channels?: readonly string[]) =>
  { kind: ComplianceKind; word: string; channel?: { id: string; name: string | null } } | null;

const RULE: Record<ComplianceKind, [name: string, effect: string]> = {
  opt_out: ['the opt-out rule', 'the contact is opted out of the channel and unsubscribed'],
  opt_in: ['the opt-in rule', 'the contact is opted back in'],
  help: ['the help rule', 'the channel\'s help message is sent'],
};

/** The opt-in word YES is only taken from contacts who opted out; everyone else's YES reaches flows. */
const takenFromEveryone = (hit: { kind: ComplianceKind; word: string }) => !(hit.kind === 'opt_in' && hit.word === 'YES');
type Hit = NonNullable<ReturnType<ComplianceClassifier>>;
const ruleOf = (hit: Hit) => {
  const [name, effect] = RULE[hit.kind];
  return `${name}${hit.channel ? ` of channel “${hit.channel.name ?? hit.channel.id}”` : ''}: ${effect}`;
};

export function checkComplianceWords(view: FlowView, problems: ProblemList, classify: ComplianceClassifier): void {
  const triggerNode = view.nodes.find((e) => e.node?.type === 'trigger')?.node;
  const channels = triggerNode?.type === 'trigger' ? triggerNode.config.channels : undefined;
  for (const entry of view.nodes) {
    const node = entry.node;
    if (!node) continue;
    const base = ['nodes', entry.index, 'config'];
    if (node.type === 'trigger' && node.config.match !== 'regex') {
      node.config.keywords.forEach((k, i) => {
        const hit = classify(k, node.config.channels);
        if (!hit) return;
        const what = hit.word === k.toUpperCase() ? 'a compliance word' : `read as the compliance word ${hit.word}`;
        // A channel's own word blocks the flow on that channel only: an error when it is the only one listened on.
        const onlyThere = !hit.channel || (node.config.channels.length === 1 && node.config.channels[0] === hit.channel.id);
        if (takenFromEveryone(hit) && onlyThere) {
          problems.add([...base, 'keywords', i], ProblemCode.ComplianceWord, `"${k}" can never start this flow: it is ${what}, taken first by ${ruleOf(hit)}`);
        } else if (takenFromEveryone(hit)) {
          problems.add([...base, 'keywords', i], ProblemCode.ComplianceWord,
            `"${k}" never starts this flow on channel “${hit.channel?.name ?? hit.channel?.id ?? ''}”: it is ${what}, taken first by ${ruleOf(hit)}`, 'warning');
        } else {
          problems.add([...base, 'keywords', i], ProblemCode.ComplianceWord,
            `"${k}" from a contact who opted out is taken first by ${ruleOf(hit)}; it starts this flow only for the others`, 'warning');
        }
      });
    }
    if (node.type === 'match') {
      node.config.cases.forEach((c, ci) => c.values.forEach((v, vi) => {
        const hit = classify(v, channels);
        if (!hit || !takenFromEveryone(hit)) return;
        problems.add([...base, 'cases', ci, 'values', vi], ProblemCode.ComplianceWord,
          `a contact who answers "${v}" never reaches this answer: it is taken first by ${ruleOf(hit)}`, 'warning');
      }));
    }
  }
}
