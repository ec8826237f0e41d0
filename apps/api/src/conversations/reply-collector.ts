import { Injectable } from '@nestjs/common';
import { MessageEntity, RunEntity, WaitingSessionEntity } from '@moflow/data-access';
import type { InboundMessageSnapshot, RunState } from '@moflow/flow-engine';
import { DataSource, In } from 'typeorm';
import { appendRunStep } from '../outbox/run-step-note';
import { FlowSource } from '../runs/flow-source';
import { RunService } from '../runs/run.service';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row } from '../runs/typeorm-rows';

interface CollectingWait {
  nodeId: string;
  deadline: number;
  since?: number;
  collectUntil?: number;
  collected?: string[];
  /** Ids of the collected MOs, linked to the run when it resumes. */
  collectedIds?: string[];
}

/**
 * A wait with `collectSeconds`: the first reply opens a window, every reply inside it is appended,
 * and when it closes the run resumes ONCE with the texts joined by "\n" (engine-api.ts). Progress
 * lives in the run state and the session deadline is pulled in to the window's end, so the timeout
 * poller closes the window on time and a restart loses nothing.
 */
@Injectable()
export class ReplyCollector {
  constructor(private readonly ds: DataSource, private readonly flows: FlowSource, private readonly runs: RunService) {}

  /** Seconds the run's current wait collects for; 0 when it does not. */
  async collectSeconds(run: RunEntity): Promise<number> {
    const waiting = (run.state as unknown as RunState).waiting;
    if (!waiting) return 0;
    const flow = await this.flows.version(run.flowId, run.flowVersion, run.flowName);
    const node = flow.definition.nodes.find((n) => n.id === waiting.nodeId);
    return node?.type === 'wait' ? node.config.collectSeconds : 0;
  }

  isCollecting(run: RunEntity): boolean {
    const w = (run.state as unknown as RunState).waiting as CollectingWait | null;
    return !!w?.collectUntil && (w.collected?.length ?? 0) > 0;
  }

  isDue(run: RunEntity, now = Date.now()): boolean {
    const w = (run.state as unknown as RunState).waiting as CollectingWait | null;
    return this.isCollecting(run) && (w?.collectUntil ?? Infinity) <= now;
  }

  async add(run: RunEntity, message: InboundMessageSnapshot, seconds: number): Promise<void> {
    const state = run.state as unknown as RunState;
    const w = state.waiting as CollectingWait;
    const now = Date.now();
    if (!w.collectUntil) w.collectUntil = now + seconds * 1000;
    w.collected = [...(w.collected ?? []), message.text];
    w.collectedIds = [...(w.collectedIds ?? []), message.id];
    state.message = message;
    const deadline = Math.min(w.deadline, w.collectUntil);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(RunEntity).update({ id: run.id }, row<RunEntity>({ state: state as unknown as Record<string, unknown>, waitDeadline: deadline, updatedAt: now }));
      await m.getRepository(WaitingSessionEntity).update({ runId: run.id }, { deadline });
      await m.getRepository(MessageEntity).update({ id: message.id }, { runId: run.id, status: 'handled', updatedAt: now });
    });
    await appendRunStep(this.ds, run.id, {
      type: 'reply_collected', nodeId: w.nodeId,
      reason: `reply ${w.collected.length} collected; the window closes at ${new Date(w.collectUntil).toISOString()}`,
      data: { messageId: message.id, count: w.collected.length },
    });
  }

  /** Resumes the run with everything collected; the window must have closed. */
  async flush(run: RunEntity): Promise<RunEntity | null> {
    const state = run.state as unknown as RunState;
    const w = state.waiting as CollectingWait;
    const last = state.message;
    const text = (w.collected ?? []).join('\n');
    const message: InboundMessageSnapshot = last ? { ...last, text } : { id: run.id, text, from: run.contactPhone, to: '', channelId: run.channelId ?? '', receivedAt: new Date().toISOString() };
    const resumed = await this.runs.resume(run.id, { kind: 'reply', message });
    if (w.collectedIds?.length) {
      await writeTransaction(this.ds, (m) => m.getRepository(MessageEntity).update({ id: In(w.collectedIds!) }, { runId: run.id }));
    }
    return resumed;
  }
}
