import { RunStepEntity } from '@moflow/data-access';
import type { DataSource, EntityManager } from 'typeorm';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row, rows } from '../runs/typeorm-rows';

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
  const max = await m.getRepository(RunStepEntity).createQueryBuilder('s').select('MAX(s.seq)', 'max')
    .where('s.run_id = :runId', { runId }).getRawOne<{ max: number | string | null }>();
  const seq = max?.max === null || max?.max === undefined ? 0 : Number(max.max) + 1;
  await m.getRepository(RunStepEntity).insert(row<RunStepEntity>({
    runId, seq, type: step.type, nodeId: step.nodeId ?? null, nodeType: null, handle: null, reason: step.reason, input: null, output: null,
    durationMs: null, error: null, at: Date.now(), data: step.data,
  }));
}

export interface RunNote extends RunStepNote { runId: string }

/**
 * Many notes (of many runs) in two statements: the highest seq of every run involved, then one
 * multi-row insert. Inside a caller's transaction; wrap the transaction in withSeqRetry.
 */
export async function insertRunSteps(m: EntityManager, notes: readonly RunNote[]): Promise<void> {
  if (notes.length === 0) return;
  const runIds = [...new Set(notes.map((n) => n.runId))];
  const maxes = await m.getRepository(RunStepEntity).createQueryBuilder('s').select('s.run_id', 'runId').addSelect('MAX(s.seq)', 'max')
    .where('s.run_id IN (:...runIds)', { runIds }).groupBy('s.run_id').getRawMany<{ runId: string; max: number | string | null }>();
  const next = new Map(maxes.map((r) => [r.runId, r.max === null ? 0 : Number(r.max) + 1]));
  const at = Date.now();
  const values = notes.map((n) => {
    const seq = next.get(n.runId) ?? 0;
    next.set(n.runId, seq + 1);
    return {
      runId: n.runId, seq, type: n.type, nodeId: n.nodeId ?? null, nodeType: null, handle: null, reason: n.reason, input: null, output: null,
      durationMs: null, error: null, at, data: n.data,
    } satisfies RunStepEntity;
  });
  await m.createQueryBuilder().insert().into(RunStepEntity).values(rows<RunStepEntity>(values)).execute();
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
