/**
 * Words the compliance rules take before any flow (opt-out, opt-in, help: libs/sms). flow-spec
 * imports nothing internal, so the caller passes the classifier; without one these checks are off.
 */
import type { FlowView } from './flow-view';
import { ProblemCode, type ProblemList } from './problems';

export type ComplianceKind = 'opt_out' | 'opt_in' | 'help';
/** What the compliance rules make of a text a contact sends, or null (libs/sms classifyComplianceKeyword). */
export type ComplianceClassifier = (text: string) => { kind: ComplianceKind; word: string } | null;

const RULE: Record<ComplianceKind, string> = {
  opt_out: 'the opt-out rule: the contact is opted out of the channel and unsubscribed',
  opt_in: 'the opt-in rule: the contact is opted back in',
  help: 'the help rule: the channel\'s help message is sent',
};

/** The opt-in word YES is only taken from contacts who opted out; everyone else's YES reaches flows. */
const takenFromEveryone = (hit: { kind: ComplianceKind; word: string }) => !(hit.kind === 'opt_in' && hit.word === 'YES');

export function checkComplianceWords(view: FlowView, problems: ProblemList, classify: ComplianceClassifier): void {
  for (const entry of view.nodes) {
    const node = entry.node;
    if (!node) continue;
    const base = ['nodes', entry.index, 'config'];
    if (node.type === 'trigger' && node.config.match !== 'regex') {
      node.config.keywords.forEach((k, i) => {
        const hit = classify(k);
        if (!hit) return;
        if (takenFromEveryone(hit)) {
          problems.add([...base, 'keywords', i], ProblemCode.ComplianceWord,
            `"${k}" can never start this flow: it is ${hit.word === k.toUpperCase() ? 'a compliance word' : `read as the compliance word ${hit.word}`}, taken first by ${RULE[hit.kind]}`);
        } else {
          problems.add([...base, 'keywords', i], ProblemCode.ComplianceWord,
            `"${k}" from a contact who opted out is taken first by ${RULE[hit.kind]}; it starts this flow only for the others`, 'warning');
        }
      });
    }
    if (node.type === 'match') {
      node.config.cases.forEach((c, ci) => c.values.forEach((v, vi) => {
        const hit = classify(v);
        if (!hit || !takenFromEveryone(hit)) return;
        problems.add([...base, 'cases', ci, 'values', vi], ProblemCode.ComplianceWord,
          `a contact who answers "${v}" never reaches this answer: it is taken first by ${RULE[hit.kind]}`, 'warning');
      }));
    }
  }
}
