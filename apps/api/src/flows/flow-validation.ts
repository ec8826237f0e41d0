import { validateFlow, type ValidationResult } from '@moflow/flow-spec';
import { classifyComplianceKeyword } from '@moflow/sms';

/**
 * validateFlow as publishing sees it: with the default compliance words (opt-out, opt-in, help), so
 * a trigger keyword they take first is an error and a match answer they take first a warning.
 */
export function validateForPublish(definition: unknown): ValidationResult {
  return validateFlow(definition, { compliance: (text) => classifyComplianceKeyword(text) });
}
