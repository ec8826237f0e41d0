import { Inject, Injectable } from '@nestjs/common';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { ChannelEntity, type RunEntity, type RunStepEntity } from '@moflow/data-access';
import type { FlowEngineApi, RunEvent, RunState } from '@moflow/flow-engine';
import { DataSource } from 'typeorm';
import { contactSnapshot, ContactsService } from '../contacts/contacts.service';
import { BurstContext, burstStorage } from './burst-context';
import { FlowSource } from './flow-source';
import { RunEventsBus } from './run-events.bus';
import { mapRunSummary } from './run.mapper';
import { RUN_ENGINE } from './run.service';
import { writeBurst } from './run-writer';
import { SimulatorOutboxSender } from './simulator-outbox.sender';

/** The node id of the stand-in wait the retry resumes from (never stored: its events are dropped). */
export const RETRY_NODE = '__moflow_retry__';

/** The lookup step a retry would run again: the latest lookup that left by `failure` or failed. */
export function failedLookup(steps: readonly RunStepEntity[]): RunStepEntity | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.type === 'step_left' && s.nodeType === 'lookup') return s.handle === 'failure' || s.error !== null ? s : null;
  }
  return null;
}

/**
 * The version's definition plus a stand-in wait whose timeout leads to `nodeId`: resuming that
 * wait with a timeout makes the engine walk on from the lookup with the run's vars as they are,
 * through its public resume() contract.
 */
export function retryDefinition(def: FlowDefinition, nodeId: string): FlowDefinition {
  const wait = { id: RETRY_NODE, type: 'wait', position: { x: 0, y: 0 }, config: { timeoutSeconds: 1, resultVar: 'retry', collectSeconds: 0 } } as unknown as FlowNode;
  return { ...def, nodes: [...def.nodes, wait], edges: [...def.edges, { id: RETRY_NODE, source: RETRY_NODE, sourceHandle: 'timeout', target: nodeId }] } as FlowDefinition;
}

/**
 * Runs a run on from a failed lookup (one burst, written like any other). A bridge until the turn
 * pipeline offers a `retry` job (see /work/notes/for-core.md): it goes through the engine's resume
 * and the shared run writer, but not through the per-contact queue.
 */
@Injectable()
export class LookupRetry {
  constructor(
    private readonly ds: DataSource,
    private readonly flows: FlowSource,
    private readonly contacts: ContactsService,
    @Inject(RUN_ENGINE) private readonly engine: FlowEngineApi,
    private readonly sender: SimulatorOutboxSender,
    private readonly bus: RunEventsBus,
  ) {}

  async retry(run: RunEntity, nodeId: string, note: string): Promise<RunEntity> {
    const flow = await this.flows.version(run.flowId, run.flowVersion, run.flowName);
    const contact = (await this.contacts.byId(run.contactId)) ?? (await this.contacts.findOrCreate(run.contactPhone));
    const now = Date.now();
    const stored = run.state as unknown as RunState;
    const state: RunState = {
      ...stored, contact: contactSnapshot(contact), status: 'waiting', waiting: { nodeId: RETRY_NODE, deadline: now, since: now }, error: null, endedAt: null,
    };
    const ctx = new BurstContext();
    const result = await burstStorage.run(ctx, () => this.engine.resume(retryDefinition(flow.definition, nodeId), state, { kind: 'timeout' }));
    const events = result.events.flatMap((e): RunEvent[] => {
      if ('nodeId' in e && e.nodeId === RETRY_NODE) return [];
      if (e.type === 'run_resumed') return [{ ...e, type: 'run_retried', nodeId, reason: note } as unknown as RunEvent];
      return [e];
    });
    const channelAddress = run.channelId ? (await this.ds.getRepository(ChannelEntity).findOneBy({ id: run.channelId }))?.address ?? '' : '';
    const { run: written, outbound } = await writeBurst(this.ds, {
      isNew: false, flowName: run.flowName, contact, channelAddress, state: result.state, events, ctx, supersedes: null,
    });
    await this.sender.send(outbound);
    this.bus.publish(mapRunSummary(written));
    return written;
  }
}
