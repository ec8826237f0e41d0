import { Inject, Injectable } from '@nestjs/common';
import { ChannelEntity, RunEntity, WaitingSessionEntity, type ContactEntity } from '@moflow/data-access';
import type { FlowEngineApi, InboundMessageSnapshot, ResumeEvent, RunResult, RunState, TriggerInfo } from '@moflow/flow-engine';
import { DataSource } from 'typeorm';
import { contactSnapshot, ContactsService } from '../contacts/contacts.service';
import { BurstContext, burstStorage } from './burst-context';
import { FlowSource, type PublishedFlow } from './flow-source';
import { RunEventsBus } from './run-events.bus';
import { mapRunSummary } from './run.mapper';
import { findRow, hydrate, placeholder, selectList, tableOf } from './fast-sql';
import { channelKey, ContactRaceError, writeBurst } from './run-writer';
import { SimulatorOutboxSender } from './simulator-outbox.sender';

export const RUN_ENGINE = Symbol('RUN_ENGINE');

export interface StartRunParams {
  runId: string;
  flow: PublishedFlow;
  phone: string;
  channelId: string | null;
  trigger: TriggerInfo;
  message: InboundMessageSnapshot | null;
}

/**
 * Executes published flow versions for real: one burst at a time through the engine, each burst
 * persisted in one transaction (run, steps, outbox, tickets, contact, waiting session), then the
 * outbox handed to the sender and the run announced on the SSE bus. Callers (the dispatcher)
 * guarantee one burst per contact at a time.
 */
@Injectable()
export class RunService {
  private readonly channels = new Map<string, string>();

  constructor(
    private readonly ds: DataSource,
    private readonly flows: FlowSource,
    private readonly contacts: ContactsService,
    @Inject(RUN_ENGINE) private readonly engine: FlowEngineApi,
    private readonly sender: SimulatorOutboxSender,
    private readonly bus: RunEventsBus,
  ) {}

  async start(p: StartRunParams): Promise<RunEntity> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.contacts.find(p.phone);
      // A first contact is inserted with the run, in the burst's transaction; it has no waiting run yet.
      const contact = found ?? this.contacts.draft(p.phone);
      // At most one waiting session per (contact, channel): a new run replaces the old one.
      const supersedes = found ? await this.waitingRun(found.id, p.channelId) : null;
      const ctx = new BurstContext();
      const result = await burstStorage.run(ctx, () => this.engine.start({
        runId: p.runId, flowId: p.flow.flowId, flowVersion: p.flow.version, definition: p.flow.definition,
        contact: contactSnapshot(contact), channelId: p.channelId, message: p.message, trigger: p.trigger,
      }));
      try {
        return await this.persist(true, p.flow.name, contact, result, ctx, supersedes, !found);
      } catch (err) {
        // Another replica created the same number meanwhile (nothing was written): run again as that contact.
        if (err instanceof ContactRaceError && attempt === 0) continue;
        throw err;
      }
    }
  }

  /** Resumes a waiting run with a reply or its timeout; null when the run is no longer waiting. */
  async resume(runId: string, event: ResumeEvent): Promise<RunEntity | null> {
    const run = await findRow(this.ds, RunEntity, { id: runId });
    if (!run || run.status !== 'waiting') return null;
    const state = run.state as unknown as RunState;
    if (event.kind === 'timeout' && (run.waitDeadline ?? Number.POSITIVE_INFINITY) > Date.now()) return null;
    const flow = await this.flows.version(run.flowId, run.flowVersion, run.flowName);
    const contact = (await this.contacts.byId(run.contactId)) ?? (await this.contacts.findOrCreate(run.contactPhone));
    // The contact may have changed since the run suspended (another flow, an operator).
    state.contact = contactSnapshot(contact);
    const ctx = new BurstContext();
    const result = await burstStorage.run(ctx, () => this.engine.resume(flow.definition, state, event));
    return this.persist(false, run.flowName, contact, result, ctx, null);
  }

  /** The run waiting in the contact's session on that channel: one statement (session joined to its run). */
  async waitingRun(contactId: string, channelId: string | null): Promise<RunEntity | null> {
    const sql = `SELECT ${selectList(this.ds, RunEntity, 'r')} FROM ${tableOf(this.ds, WaitingSessionEntity)} w ` +
      `JOIN ${tableOf(this.ds, RunEntity)} r ON r."id" = w."run_id" WHERE w."contact_id" = ${placeholder(this.ds, 0)} AND w."channel_key" = ${placeholder(this.ds, 1)}`;
    const raw = (await this.ds.query(sql, [contactId, channelKey(channelId)])) as Record<string, unknown>[];
    return hydrate(this.ds, RunEntity, raw)[0] ?? null;
  }

  private async persist(isNew: boolean, flowName: string, contact: ContactEntity, result: RunResult, ctx: BurstContext,
    supersedes: RunEntity | null, newContact = false): Promise<RunEntity> {
    const { run, outbound } = await writeBurst(this.ds, {
      isNew, flowName, contact, newContact, channelAddress: await this.channelAddress(result.state.channelId), state: result.state,
      events: result.events, ctx, supersedes,
    });
    await this.sender.send(outbound);
    if (supersedes) this.bus.publish({ ...mapRunSummary(supersedes), status: 'cancelled' });
    this.bus.publish(mapRunSummary(run));
    return run;
  }

  private async channelAddress(channelId: string | null): Promise<string> {
    if (!channelId) return '';
    let address = this.channels.get(channelId);
    if (address === undefined) {
      address = (await this.ds.getRepository(ChannelEntity).findOneBy({ id: channelId }))?.address ?? '';
      this.channels.set(channelId, address);
    }
    return address;
  }
}
