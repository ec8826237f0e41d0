export type { EngineLimits, EnginePorts, ResumeEvent, RunEvent, RunResult, RunState, StartParams } from '@moflow/flow-engine';
export type { FlowDefinition } from '@moflow/flow-spec';
