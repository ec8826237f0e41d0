import { TurnStoppedError } from '@moflow/engine-pool';
import type { RunResult, RunState, StartParams } from '@moflow/flow-engine';

/**
 * A turn the engine pool stopped (its watchdog, a memory limit, a crashed worker) fails its run with
 * the pool's reason, which the run log shows; the contact's other items and the batch go on. A pool
 * closing at shutdown is not the turn's fault: that error goes up and the MO stays stored.
 */
export function stoppedReason(err: unknown): string | null {
  return err instanceof TurnStoppedError && err.reason !== 'closed' ? err.message : null;
}

/** The run a stopped start leaves: started, then failed with the reason. */
export function stoppedStart(p: StartParams, reason: string, now: number): RunResult {
  const state: RunState = {
    runId: p.runId, flowId: p.flowId, flowVersion: p.flowVersion, status: 'failed', contact: p.contact, channelId: p.channelId,
    message: p.message, trigger: p.trigger, vars: {}, waiting: null, stepCount: 0, startedAt: now, endedAt: now,
    error: { nodeId: null, message: reason },
  };
  return {
    state,
    events: [
      { type: 'run_started', flowId: p.flowId, flowVersion: p.flowVersion, trigger: p.trigger, at: now, runId: p.runId },
      { type: 'run_failed', nodeId: null, message: reason, at: now, runId: p.runId },
    ],
  };
}

/** A waiting run whose resumed turn was stopped: it fails where it waited, with the reason. */
export function stoppedResume(stored: RunState, reason: string, now: number): RunResult {
  const nodeId = stored.waiting?.nodeId ?? null;
  return {
    state: { ...stored, status: 'failed', waiting: null, endedAt: now, error: { nodeId, message: reason } },
    events: [{ type: 'run_failed', nodeId, message: reason, at: now, runId: stored.runId }],
  };
}
