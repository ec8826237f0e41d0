import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataRowEntity, type MessageEntity } from '@moflow/data-access';
import { TurnPool } from '@moflow/engine-pool';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from '../channels/channel-registry.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ContactsService } from '../contacts/contacts.service';
import { ConsoleEventsBus } from '../shared-state/console-events.bus';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { OutboxSender } from '../outbox/outbox.sender';
import { FlowSource } from '../flows/flow-source';
import { RunEventsBus } from '../shared-state/run-events.bus';
import { mapRunSummary } from '../mappers/run.mapper';
import { SecretsService } from '../secrets/secrets.service';
import type { ContactTurns, TurnHost } from './contact-turns';
import { PartitionOwnership } from './partition-ownership';
import { RouteTable } from './route-table';
import { TurnPump } from './turn-pump';
import { inlineTurns, pooledTurns } from './turn-engine';
import { WakeBus } from './wake-bus';

/**
 * Mounts the turn pipeline in this process: builds the host the contact turns use (their engine
 * work runs in the engine pool's worker threads unless ENGINE_LIVE_TURNS=inline),
 * starts the pump (inbox, timeouts and REST starts when `MOFLOW_PIPELINE=embedded` or in a worker;
 * REST starts only on an API replica with `MOFLOW_PIPELINE=off`), and after each committed batch
 * announces its runs, messages and tickets on the SSE buses and wakes the sender. Never waits for a carrier.
 */
@Injectable()
export class PipelineService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Pipeline');

  constructor(
    private readonly ds: DataSource,
    private readonly pump: TurnPump,
    private readonly routes: RouteTable,
    private readonly partitions: PartitionOwnership,
    private readonly flows: FlowSource,
    private readonly channels: ChannelRegistry,
    private readonly contacts: ContactsService,
    private readonly lookups: LookupAllowlistService,
    private readonly secrets: SecretsService,
    private readonly bus: RunEventsBus,
    private readonly live: ConsoleEventsBus,
    private readonly sender: OutboxSender,
    private readonly wake: WakeBus,
    private readonly pool: TurnPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const ds = this.ds;
    const consume = this.config.pipeline !== 'off';
    const pooled = this.config.engine.liveTurns === 'pool';
    // loading a worker takes a while: the first MOs should not wait for it
    if (pooled && consume) this.pool.warm();
    const host: TurnHost = {
      engine: pooled ? pooledTurns(this.pool) : inlineTurns(),
      ports: {
        http: this.lookups.http,
        tables: {
          async find(table, key) {
            return (await ds.getRepository(DataRowEntity).findOneBy({ table, key }))?.row ?? null;
          },
        },
        clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      },
      routes: this.routes,
      revealSecret: (name) => this.secrets.reveal(name),
      flowVersion: (flowId, version, name) => this.flows.version(flowId, version, name),
      channel: (id) => this.channels.get(id),
      newContact: (phone) => this.contacts.draft(phone),
    };
    this.partitions.busy = () => this.pump.busyContacts();
    this.pump.start(host, { committed: (batch, mts, adopted) => this.committed(batch, mts, adopted), adoption: () => this.sender.adoption() }, consume);
    if (consume) this.wake.on('inbox', () => this.pump.wake());
    this.logger.log(consume ? 'turn pipeline running (inbox, timeouts, REST starts)' : 'turn pipeline off: REST starts only, MOs go to the workers');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pump.stop();
  }

  private committed(batch: readonly ContactTurns[], queuedMts: number, adopted: readonly MessageEntity[]): void {
    for (const turns of batch) {
      for (const run of turns.fragment.announced.values()) this.bus.publish(mapRunSummary(run));
      // One ContactTurns is one contact: its rows' contact is the batch's own, no lookup.
      this.live.turnBatch(turns.fragment.writes, () => turns.phone);
    }
    // MTs leased to this process's sender in the batch's write go out now, without a claim; for the
    // rest the sender wakes here, or on another process through Redis (its own wake channel).
    if (adopted.length > 0) this.sender.adopt(adopted);
    if (queuedMts > adopted.length) this.sender.wake();
  }
}
