import type { FlowTestCaseDto, RunTestsResponse } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';

/**
 * Runs a flow's saved test cases against a definition (simulation/ provides it as FlowTestRunner).
 * Bind it with `{ provide: FLOW_TEST_RUNNER, useExisting: FlowTestRunner }` in a @Global module.
 */
export interface FlowTestRunnerPort {
  runTests(flowId: string, definition: FlowDefinition, tests: FlowTestCaseDto[]): Promise<RunTestsResponse>;
}
export const FLOW_TEST_RUNNER = Symbol('FLOW_TEST_RUNNER');

/** Counts runs per flow since a time (runs/ provides it); without it lists show 0. */
export interface FlowRunCounterPort {
  countRunsSince(flowIds: string[], sinceMs: number): Promise<Map<string, number>>;
}
export const FLOW_RUN_COUNTER = Symbol('FLOW_RUN_COUNTER');
