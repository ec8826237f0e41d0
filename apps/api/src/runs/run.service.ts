import { Injectable } from '@nestjs/common';
import type { IdempotencyKeyEntity } from '@moflow/data-access';
import type { TurnOutcome } from '../pipeline/contact-turns';
import { TurnPump } from '../pipeline/turn-pump';
import type { PublishedFlow } from './flow-source';

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

  start(p: StartRunParams): Promise<TurnOutcome> {
    return this.pump.submitStart({
      kind: 'start', phone: p.phone, runId: p.runId, flow: p.flow, channelId: p.channelId, parameters: p.parameters, idempotency: p.idempotency ?? null,
    });
  }
}
