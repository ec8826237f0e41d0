import { Injectable } from '@nestjs/common';
import type { FlowTestCaseDto, FlowTestResultDto, RunTestsResponse } from '@moflow/api-contract';
import { compileLinearRegex, type FlowDefinition } from '@moflow/flow-spec';
import type { FlowTestRunnerPort } from '../flows/flow-ports';
import { SimulationService } from './simulation.service';

/**
 * Runs a flow's saved test cases through the simulator and compares the outbound texts with the
 * expected ones. Exported for the publish endpoint (requireTestsToPublish).
 */
@Injectable()
export class FlowTestRunner implements FlowTestRunnerPort {
  constructor(private readonly simulation: SimulationService) {}

  runTests(_flowId: string, definition: FlowDefinition, tests: FlowTestCaseDto[]): Promise<RunTestsResponse> {
    return this.run(definition, tests);
  }

  async run(definition: FlowDefinition, cases: readonly FlowTestCaseDto[]): Promise<RunTestsResponse> {
    const results: FlowTestResultDto[] = [];
    for (const c of cases) {
      let transcript: FlowTestResultDto['transcript'] = [];
      let firstDifference: string | null;
      try {
        const sim = await this.simulation.simulate(definition, { script: c.script, contact: c.contact, lookups: c.lookups });
        transcript = sim.transcript;
        firstDifference = firstDiff(c.expect, sim.transcript.filter((t) => t.direction === 'out').map((t) => t.text));
      } catch (err) {
        firstDifference = `the case could not run: ${(err as Error).message}`;
      }
      results.push({ caseId: c.id, name: c.name, passed: firstDifference === null, firstDifference, transcript });
    }
    const passed = results.filter((r) => r.passed).length;
    return { passed, failed: results.length - passed, results };
  }
}

/** The first place the replies differ from the expectation, in words an editor understands. */
export function firstDiff(expected: FlowTestCaseDto['expect'], actual: readonly string[]): string | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i];
    const got = actual[i];
    if (!want) return `reply ${i + 1}: expected no more replies, got "${got}"`;
    if (got === undefined) return `reply ${i + 1}: expected "${want.text}", got no reply`;
    if (want.match === 'pattern') {
      // replies echo message text: the pattern runs on the linear-time engine like every user regex
      const re = compileLinearRegex(want.text, 'u');
      if (!re.ok) return `expect[${i}].text: /${want.text}/ cannot be used: ${re.message}`;
      if (!re.regex.test(got)) return `reply ${i + 1}: "${got}" does not match /${want.text}/`;
    } else if (got !== want.text) {
      return `reply ${i + 1}: expected "${want.text}", got "${got}"`;
    }
  }
  return null;
}
