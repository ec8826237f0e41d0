import type { RunEvent, RunState } from '@moflow/flow-engine';
import { reserveRunSeqs, RunEntity, RunStepEntity, WaitingSessionEntity, row } from '@moflow/data-access';
import type { EntityManager } from 'typeorm';

export const channelKey = (channelId: string | null) => channelId ?? '';

/** Where the run currently is, for the run list: the waiting node, the failing node, or the last entered. */
export function currentNode(state: RunState, events: readonly RunEvent[]): string | null {
  if (state.waiting) return state.waiting.nodeId;
  if (state.error?.nodeId) return state.error.nodeId;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'step_entered') return e.nodeId;
  }
  return null;
}

/**
 * Cancels a waiting run outside the turn pipeline (an operator action), in the caller's
 * transaction; the run-log number comes from the run row. The pipeline cancels runs it replaces
 * inside its own batch write (pipeline/turn-fragment.ts).
 */
export async function cancelRun(m: EntityManager, run: RunEntity, reason: string): Promise<void> {
  const now = Date.now();
  await m.getRepository(WaitingSessionEntity).delete({ runId: run.id });
  await m.getRepository(RunEntity).update({ id: run.id }, row<RunEntity>({
    status: 'cancelled', endedAt: now, updatedAt: now, waitDeadline: null,
    state: { ...run.state, status: 'cancelled', waiting: null, endedAt: now },
  }));
  const seq = (await reserveRunSeqs(m, new Map([[run.id, 1]]))).get(run.id) ?? 0;
  await m.getRepository(RunStepEntity).insert(row<RunStepEntity>({
    runId: run.id, seq, type: 'run_cancelled', nodeId: run.currentNodeId,
    nodeType: null, handle: null, reason, input: null, output: null, durationMs: null, error: null, at: now, data: {},
  }));
}
