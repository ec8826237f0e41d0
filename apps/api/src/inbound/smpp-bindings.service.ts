import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChannelEntity } from '@moflow/data-access';
import type { SmppAdapter } from '@moflow/providers';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { ChannelRegistry } from '../channels/channel-registry.service';
import { DeliveryReportsService } from '../outbox/delivery-reports.service';
import { createAdapter } from '../channels/provider-adapters';
import { InboxService } from './inbox.service';

/**
 * Binds one ESME per `smpp` channel at start-up (and when a channel is saved). MOs go through the
 * same inbox as webhooks, and are stored before deliver_sm_resp: if storing throws, the SMSC gets
 * an error status and delivers again. Receipts update the outbox like a DLR webhook.
 */
@Injectable()
export class SmppBindingsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmppBindings');
  private readonly bound = new Map<string, { stamp: string; adapter: SmppAdapter }>();
  /** The last thing that went wrong per channel (bind refused, connection lost, misconfigured), for the settings page. */
  private readonly lastError = new Map<string, { message: string; at: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly inbox: InboxService,
    private readonly reports: DeliveryReportsService,
    metrics: MetricsService,
  ) {
    const bound = this.bound;
    const labels = (id: string) => ({ channel: id });
    new Gauge({
      name: 'moflow_smpp_bound', help: 'SMPP channels: 1 while bound, 0 otherwise', labelNames: ['channel'] as const, registers: [metrics.registry],
      collect() {
        this.reset();
        for (const [id, b] of bound) this.set(labels(id), b.adapter.esme.isBound ? 1 : 0);
      },
    });
    new Gauge({
      name: 'moflow_smpp_last_pdu_seconds', help: 'SMPP channels: epoch seconds of the last PDU received from the SMSC', labelNames: ['channel'] as const, registers: [metrics.registry],
      collect() {
        this.reset();
        for (const [id, b] of bound) {
          const at = b.adapter.esme.status.lastPduAt;
          if (at) this.set(labels(id), Math.floor(at / 1000));
        }
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.registry.onChange((id) => {
      this.refresh(id).catch((err: unknown) => this.logger.error(`SMPP channel ${id}: ${(err as Error).message}`));
    });
    for (const channel of await this.ds.getRepository(ChannelEntity).findBy({ provider: 'smpp' })) await this.refresh(channel.id);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { adapter } of this.bound.values()) await adapter.close().catch(() => undefined);
    this.bound.clear();
  }

  /** The bound adapter of a channel, for tests and health. */
  adapter(channelId: string): SmppAdapter | undefined {
    return this.bound.get(channelId)?.adapter;
  }

  /** Live bind state and the last bind error of an SMPP channel. */
  status(channelId: string): { state: 'bound' | 'not bound'; lastError: string | null; lastErrorAt: string | null } {
    const err = this.lastError.get(channelId);
    return {
      state: this.bound.get(channelId)?.adapter.esme.isBound ? 'bound' : 'not bound',
      lastError: err?.message ?? null, lastErrorAt: err ? new Date(err.at).toISOString() : null,
    };
  }

  private noteError(channelId: string, message: string): void {
    this.lastError.set(channelId, { message, at: Date.now() });
  }

  private async refresh(channelId: string): Promise<void> {
    const runtime = await this.registry.get(channelId);
    const current = this.bound.get(channelId);
    // Only what the bind uses: renaming the channel or changing its quiet hours keeps the session.
    const stamp = runtime ? JSON.stringify([runtime.provider, runtime.channel.defaultRegion]) : '';
    if (current && runtime?.channel.provider === 'smpp' && current.stamp === stamp) return;
    if (current) {
      this.bound.delete(channelId);
      this.registry.registerSmpp(channelId, null);
      await current.adapter.close().catch(() => undefined);
    }
    if (runtime?.channel.provider !== 'smpp') return;
    try {
      const adapter = createAdapter('smpp', runtime.provider, {
        defaultRegion: runtime.channel.defaultRegion ?? undefined,
        onMo: async (msg) => {
          await this.inbox.store(channelId, 'smpp', [msg], runtime.channel.address);
        },
        onDlr: async (report) => {
          // Resolves after the commit that holds it (applied, or held until submit_sm_resp's id is stored).
          await this.reports.submit(channelId, [report], 'smpp');
        },
      }, this.registry.destinations) as SmppAdapter;
      this.bound.set(channelId, { stamp, adapter });
      this.registry.registerSmpp(channelId, adapter);
      adapter.esme.on('error', (err) => { this.noteError(channelId, err.message); this.logger.warn(`SMPP channel ${channelId}: ${err.message}`); });
      adapter.esme.on('unbound', (reason) => this.noteError(channelId, `unbound: ${reason}`));
      adapter.esme.start().catch((err: Error) => { this.noteError(channelId, `cannot bind: ${err.message}`); this.logger.error(`SMPP channel ${channelId} cannot bind: ${err.message}; retrying with backoff`); });
    } catch (err) {
      this.noteError(channelId, `misconfigured: ${(err as Error).message}`);
      this.logger.error(`SMPP channel ${channelId} is misconfigured: ${(err as Error).message}`);
    }
  }
}
