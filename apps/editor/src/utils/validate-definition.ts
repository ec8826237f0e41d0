/**
 * Problems of a draft, computed in the browser on every (debounced) change with the same
 * `validateFlow` the server runs before publishing, so the editor never shows a different verdict.
 */
import { validateFlow, type FlowDefinition } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { classifyComplianceKeyword } from '@moflow/sms';

// The same compliance words the server checks at publish (apps/api flow-validation.ts).
const options = { compliance: (text: string) => classifyComplianceKeyword(text) };

export function validateDefinition(def: FlowDefinition): ProblemDto[] {
  return validateFlow(def, options).problems.map((p) => ({ path: p.path, nodeId: p.nodeId, code: p.code, message: p.message, severity: p.severity }));
}
