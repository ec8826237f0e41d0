/**
 * validateFlow: every problem of a definition in one pass — shape (zod), graph, and content — so the
 * editor can underline them all and the API can refuse to publish with the full list.
 */
import { CURRENT_SPEC_VERSION, flowDefinitionSchema, type FlowDefinition } from '../definition';
import { SpecVersionError, migrateDefinition } from '../migrations';
import { checkComplianceWords, type ComplianceClassifier } from './compliance-checks';
import { checkContent } from './content-checks';
import { buildFlowView, rawNodeId, viewOfDefinition } from './flow-view';
import { checkGraph } from './graph-checks';
import { ProblemCode, ProblemList, type Problem } from './problems';
import { addShapeProblems } from './shape-problems';

export interface ValidationResult {
  /** True when there is no error (warnings allowed): the flow may be published. */
  ok: boolean;
  /** The parsed definition (defaults applied, migrated to the current version) when its shape is valid. */
  definition?: FlowDefinition;
  problems: Problem[];
}

export interface ValidateOptions {
  /** The compliance rules' classifier (libs/sms `classifyComplianceKeyword`): flags words they take first. */
  compliance?: ComplianceClassifier;
}

function needsMigration(input: unknown): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const version = (input as Record<string, unknown>)['specVersion'];
  return version !== undefined && version !== CURRENT_SPEC_VERSION;
}

export function validateFlow(input: unknown, options: ValidateOptions = {}): ValidationResult {
  let raw = input;
  const problems = new ProblemList((index) => rawNodeId(raw, index));
  const skip = new Set<string>();
  if (needsMigration(input)) {
    try {
      raw = migrateDefinition(input);
    } catch (err) {
      if (!(err instanceof SpecVersionError)) throw err;
      problems.add(['specVersion'], ProblemCode.UnsupportedSpecVersion, err.message.replace(/^specVersion: /, ''));
      skip.add('specVersion');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.add([], ProblemCode.InvalidShape, 'a flow definition must be a JSON object with specVersion, nodes and edges');
    return { ok: false, problems: problems.items };
  }
  const parsed = flowDefinitionSchema.safeParse(raw);
  if (!parsed.success) addShapeProblems(parsed.error.issues, problems, skip, raw);
  const view = parsed.success ? viewOfDefinition(parsed.data) : buildFlowView(raw);
  checkGraph(view, problems);
  checkContent(view, problems);
  if (options.compliance) checkComplianceWords(view, problems, options.compliance);
  return {
    ok: !problems.hasErrors,
    ...(parsed.success ? { definition: parsed.data } : {}),
    problems: problems.items,
  };
}
