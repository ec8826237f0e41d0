/** Problems found in a flow definition: every check reports into one list so the editor can show all at once. */

export const ProblemCode = {
  /** The JSON does not have the shape of a flow definition (zod). */
  InvalidShape: 'invalid_shape',
  UnsupportedSpecVersion: 'unsupported_spec_version',
  MissingTrigger: 'missing_trigger',
  MultipleTriggers: 'multiple_triggers',
  TriggerNeverStarts: 'trigger_never_starts',
  DuplicateNodeId: 'duplicate_node_id',
  DuplicateEdgeId: 'duplicate_edge_id',
  UnknownEdgeSource: 'unknown_edge_source',
  UnknownEdgeTarget: 'unknown_edge_target',
  UnknownSourceHandle: 'unknown_source_handle',
  DuplicateHandleEdge: 'duplicate_handle_edge',
  EdgeIntoTrigger: 'edge_into_trigger',
  UnreachableNode: 'unreachable_node',
  CycleWithoutWait: 'cycle_without_wait',
  InvalidExpression: 'invalid_expression',
  InvalidTemplate: 'invalid_template',
  InvalidRegex: 'invalid_regex',
  /** A regex the linear-time engine cannot run: backreference, lookaround, syntax RE2 lacks. */
  UnsupportedRegex: 'unsupported_regex',
  DuplicateKeyword: 'duplicate_keyword',
  /** A trigger keyword (error) or a match answer (warning) that the compliance rules take first. */
  ComplianceWord: 'compliance_word',
  /** Warning: typo tolerance is on, but a keyword has no word it can apply to (3 letters or fewer, or digits). */
  TypoToleranceNotApplied: 'typo_tolerance_not_applied',
  DuplicateCaseId: 'duplicate_case_id',
  InvalidUrl: 'invalid_url',
  InvalidHeader: 'invalid_header',
  /** `secrets.NAME` outside a lookup's URL and headers (it could only leak there). */
  SecretOutOfPlace: 'secret_out_of_place',
  /** A lookup would send a secret to a host the admin did not bind it to (reported by the API). */
  SecretHostNotBound: 'secret_host_not_bound',
  /** Warning from the API: a lookup names a secret that does not exist (yet). */
  UnknownSecret: 'unknown_secret',
  /** Warning: an output handle leads nowhere, so the run ends there. */
  UnconnectedOutput: 'unconnected_output',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** Errors block publishing; warnings are shown but a flow with only warnings can be published. */
export type ProblemSeverity = 'error' | 'warning';

export interface Problem {
  /** Where, as `nodes[3].config.url`; empty for the definition as a whole. */
  path: string;
  /** The node concerned, when there is one. */
  nodeId: string | null;
  code: ProblemCode;
  severity: ProblemSeverity;
  /** Reads after the path: `must be an absolute http(s) URL`. */
  message: string;
}

/** `nodes[3].config.url: must be ...` — the form used in API errors and logs. */
export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** `['nodes', 3, 'config']` → `nodes[3].config`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Collects problems; `nodeId` is looked up from the path when the caller does not know it. */
export class ProblemList {
  readonly items: Problem[] = [];

  constructor(private readonly nodeIdAt: (index: number) => string | null = () => null) {}

  add(path: ReadonlyArray<PropertyKey>, code: ProblemCode, message: string, severity: ProblemSeverity = 'error', nodeId?: string | null): void {
    const inferred = path[0] === 'nodes' && typeof path[1] === 'number' ? this.nodeIdAt(path[1]) : null;
    this.items.push({ path: formatPath(path), nodeId: nodeId === undefined ? inferred : nodeId, code, severity, message });
  }

  get hasErrors(): boolean {
    return this.items.some((p) => p.severity === 'error');
  }
}
