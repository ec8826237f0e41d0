import { RunStepEntity, insertRows, reserveRunSeqs, writeTransaction } from '@moflow/data-access';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Appends a step to a run's log from outside a burst (message status, delivery report, routing
 * rule). The (run_id, seq) key can collide with a burst writing at the same moment on PostgreSQL:
 * the loser takes the next number.
 */
export async function appendRunStep(ds: DataSource, runId: string, step: RunStepNote): Promise<void> {
  await withSeqRetry(() => writeTransaction(ds, (m) => insertRunStep(m, runId, step)));
}

export interface RunStepNote { type: string; nodeId?: string | null; reason: string; data: Record<string, unknown> }

/** Inside a caller's transaction; wrap the transaction in withSeqRetry. */
export async function insertRunStep(m: EntityManager, runId: string, step: RunStepNote): Promise<void> {
  await insertRunSteps(m, [{ ...step, runId }]);
}

export interface RunNote extends RunStepNote { runId: string }

/**
 * Many notes (of many runs) in a few statements: sequence numbers reserved from the run rows
 * (`reserveRunSeqs`, so the turn pipeline and this writer never pick the same seq), then one
 * multi-row insert. Notes of runs that no longer exist are dropped. Inside a caller's transaction.
 */
export async function insertRunSteps(m: EntityManager, notes: readonly RunNote[]): Promise<void> {
  if (notes.length === 0) return;
  const counts = new Map<string, number>();
  for (const n of notes) counts.set(n.runId, (counts.get(n.runId) ?? 0) + 1);
  const next = await reserveRunSeqs(m, counts);
  const at = Date.now();
  const values: RunStepEntity[] = [];
  for (const n of notes) {
    const seq = next.get(n.runId);
    if (seq === undefined) continue;
    next.set(n.runId, seq + 1);
    values.push({
      runId: n.runId, seq, type: n.type, nodeId: n.nodeId ?? null, nodeType: null, handle: null, reason: n.reason, input: null, output: null,
      durationMs: null, error: null, at, data: n.data,
    });
  }
  if (values.length) await insertRows(m, RunStepEntity, values);
}

export async function withSeqRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
