import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ChannelEntity, ChannelSettingsEntity, type ChannelKeywords } from '@moflow/data-access';
import type { SmppAdapter, SmppLinkStatus, SmsAdapter } from '@moflow/providers';
import { DataSource } from 'typeorm';
import { SecretBox } from '../config/secret-box.service';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { createAdapter, type ProviderSettings } from './provider-adapters';

/** A channel as the messaging code uses it: row, settings, and decrypted provider settings. */
export interface ChannelRuntime {
  channel: ChannelEntity;
  settings: ChannelSettingsEntity;
  /** Connection merged with decrypted credentials. Never leaves the process. */
  provider: ProviderSettings;
}

export const DEFAULT_HELP_TEXT = 'Reply STOP to unsubscribe, START to subscribe again. Msg&data rates may apply.';
export const DEFAULT_OPT_OUT_TEXT = 'You are unsubscribed and will receive no more messages. Reply START to subscribe again.';
export const DEFAULT_OPT_IN_TEXT = 'You are subscribed again. Reply STOP to unsubscribe, HELP for help.';
const NO_KEYWORDS: ChannelKeywords = { optOut: [], optIn: [], help: [] };

/** Settings of a channel created before (or without) messaging settings. */
export function defaultSettings(channelId: string): ChannelSettingsEntity {
  return {
    channelId, kind: 'long_number', quietHours: null, ratePerSecond: null, rateBurst: null, helpText: DEFAULT_HELP_TEXT,
    optOutText: DEFAULT_OPT_OUT_TEXT, optInText: DEFAULT_OPT_IN_TEXT, keywords: NO_KEYWORDS, updatedAt: 0,
  };
}

/**
 * Loads channels for the hot paths (every MO, every MT) with a short cache, and owns the outbound
 * adapters: built once per channel version, closed when the channel changes. SMPP adapters are
 * bound by SmppBindingsService and registered here, because their ESME also receives MOs.
 */
@Injectable()
export class ChannelRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('ChannelRegistry');
  private readonly cache = new Map<string, { at: number; runtime: ChannelRuntime | null }>();
  private readonly adapters = new Map<string, { stamp: number; adapter: SmsAdapter | null }>();
  private readonly smpp = new Map<string, SmppAdapter>();
  private readonly listeners: Array<(channelId: string) => void> = [];

  constructor(private readonly ds: DataSource, private readonly box: SecretBox, private readonly allowlist: LookupAllowlistService) {}

  /** The address policy every adapter's connections pass (the lookups' allow-list). */
  readonly destinations = () => this.allowlist.destinations();

  async get(channelId: string): Promise<ChannelRuntime | null> {
    const hit = this.cache.get(channelId);
    if (hit && Date.now() - hit.at < 5_000) return hit.runtime;
    const channel = await this.ds.getRepository(ChannelEntity).findOneBy({ id: channelId });
    let runtime: ChannelRuntime | null = null;
    if (channel) {
      const settings = (await this.ds.getRepository(ChannelSettingsEntity).findOneBy({ channelId })) ?? defaultSettings(channelId);
      runtime = { channel, settings, provider: { ...channel.config, ...this.credentials(channel) } };
    }
    this.cache.set(channelId, { at: Date.now(), runtime });
    return runtime;
  }

  /** Decrypted credentials; an unreadable blob (key changed) reads as none, logged, never thrown at a webhook. */
  credentials(channel: ChannelEntity): Record<string, unknown> {
    if (!channel.credentialsEncrypted) return {};
    try {
      return this.box.openJson<Record<string, unknown>>(channel.credentialsEncrypted);
    } catch {
      this.logger.error(`credentials of channel ${channel.id} cannot be decrypted with the configured MOFLOW_SECRET_KEY`);
      return {};
    }
  }

  /** The adapter that sends this channel's MTs; null for the simulator provider. */
  async adapter(runtime: ChannelRuntime): Promise<SmsAdapter | null> {
    const id = runtime.channel.id;
    if (runtime.channel.provider === 'smpp') return this.smpp.get(id) ?? null;
    const known = this.adapters.get(id);
    if (known && known.stamp === runtime.channel.updatedAt) return known.adapter;
    await known?.adapter?.close?.();
    const adapter = createAdapter(runtime.channel.provider, runtime.provider, undefined, this.destinations);
    this.adapters.set(id, { stamp: runtime.channel.updatedAt, adapter });
    return adapter;
  }

  /** The bind of an SMPP channel in this process; undefined for other providers or before the first bind attempt. */
  smppStatus(channelId: string): SmppLinkStatus | undefined {
    return this.smpp.get(channelId)?.esme.status;
  }

  registerSmpp(channelId: string, adapter: SmppAdapter | null): void {
    if (adapter) this.smpp.set(channelId, adapter);
    else this.smpp.delete(channelId);
  }

  /** Forget a channel after it changed (this replica; others refresh within the cache TTL) and tell listeners. */
  invalidate(channelId: string): void {
    this.cache.delete(channelId);
    for (const listener of this.listeners) listener(channelId);
  }

  /** Called with the id of every channel created, changed or deleted through this process. */
  onChange(listener: (channelId: string) => void): void {
    this.listeners.push(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { adapter } of this.adapters.values()) await adapter?.close?.().catch(() => undefined);
    this.adapters.clear();
  }
}
