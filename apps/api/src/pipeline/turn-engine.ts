import { TurnPool, type TurnSettings } from '@moflow/engine-pool';
import { FlowEngine, type EnginePorts, type ResumeEvent, type RunResult, type RunState, type StartParams } from '@moflow/flow-engine';
import type { FlowDefinition } from '@moflow/flow-spec';

/**
 * How contact turns reach the engine. `flowKey` names an immutable definition (a published version)
 * so the pool sends it to each worker once; null for one-off definitions (an operator's retry).
 * The ports are the turn's full set: the pool answers the worker's port calls with them.
 */
export interface TurnEngine {
  start(params: StartParams, ports: EnginePorts, flowKey: string | null): Promise<RunResult>;
  resume(definition: FlowDefinition, state: RunState, event: ResumeEvent, ports: EnginePorts, flowKey: string | null): Promise<RunResult>;
}

/** Published versions never change: their key is enough for a worker to reuse what it was sent. */
export const flowKey = (flowId: string, version: number) => `${flowId}@${version}`;

// What a turn sends, opens and changes is read back from its events and state: the worker answers
// those ports itself instead of making a round trip to this thread for a fresh id.
const LIVE: TurnSettings = { localEffects: true };

/**
 * The default: every turn runs in the engine pool's worker threads, under its watchdog, so a costly
 * or runaway turn never holds this thread (and the engine uses every core). A turn the watchdog
 * stops rejects with TurnStoppedError.
 */
export function pooledTurns(pool: TurnPool): TurnEngine {
  return {
    start: (params, ports, key) => pool.runTurn(key ? { kind: 'start', params, flowKey: key } : { kind: 'start', params }, ports, LIVE),
    resume: (definition, state, event, ports, key) =>
      pool.runTurn(key ? { kind: 'resume', definition, state, event, flowKey: key } : { kind: 'resume', definition, state, event }, ports, LIVE),
  };
}

/** `ENGINE_LIVE_TURNS=inline`: turns run on this thread, without a watchdog (tests, debugging). */
export function inlineTurns(): TurnEngine {
  const engine = new FlowEngine();
  return {
    start: (params, ports) => engine.start(params, ports),
    resume: (definition, state, event, ports) => engine.resume(definition, state, event, ports),
  };
}
