import { Injectable } from '@nestjs/common';
import type { IdempotencyKeyEntity } from '@moflow/data-access';
import type { TurnOutcome } from './contact-turns';
import { TurnPump } from './turn-pump';
import type { PublishedFlow } from '../flows/flow-source';

export interface StartRunParams {
  runId: string;
  flow: PublishedFlow;
  phone: string;
  channelId: string | null;
  parameters: Record<string, unknown>;
  /** Committed with the run it starts (REST trigger). */
  idempotency?: IdempotencyKeyEntity | null;
}

/**
 * Starting and resuming runs from outside the message path (REST trigger, operator actions): both
 * go through the turn pipeline, so they are batched, ordered per contact and written like any turn.
 */
@Injectable()
export class RunService {
  constructor(private readonly pump: TurnPump) {}

  /** Runs a run on from a failed lookup (operator action): resumes at `nodeId` with its vars as they are. */
  retry(p: { runId: string; phone: string; nodeId: string; note: string }): Promise<TurnOutcome> {
    return this.pump.submit({ kind: 'retry', phone: p.phone, runId: p.runId, nodeId: p.nodeId, note: p.note });
  }

  start(p: StartRunParams): Promise<TurnOutcome> {
    return this.pump.submit({
      kind: 'start', phone: p.phone, runId: p.runId, flow: p.flow, channelId: p.channelId, parameters: p.parameters, idempotency: p.idempotency ?? null,
    });
  }
}
