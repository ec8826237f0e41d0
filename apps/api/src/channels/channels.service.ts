import { Inject, Injectable } from '@nestjs/common';
import { ChannelEntity, ChannelSettingsEntity, isoOrNull, newId } from '@moflow/data-access';
import { ProviderConfigError } from '@moflow/providers';
import { normalizeAddress, PayloadError } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { SecretBox } from '../common/secret-box.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { createAdapter } from '../outbox/provider-adapters';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row } from '../runs/typeorm-rows';
import type { CreateChannelDto, UpdateChannelDto } from './channel.dto';
import { ChannelRegistry, defaultSettings } from './channel-registry.service';

export interface ChannelResponse {
  id: string;
  name: string;
  kind: string;
  provider: string;
  address: string;
  defaultRegion: string | null;
  connection: Record<string, unknown>;
  /** Names of the stored credential fields; the values are never returned. */
  credentialFields: string[];
  quietHours: { start: string; end: string; replyWindowMinutes: number } | null;
  rateLimit: { perSecond: number; burst: number } | null;
  helpText: string;
  optOutText: string;
  optInText: string;
  keywords: { optOut: string[]; optIn: string[]; help: string[] };
  /** Paste into the provider's console: MOs go here. */
  webhookUrl: string;
  /** Delivery reports go here. */
  statusUrl: string;
  createdAt: string | null;
  updatedAt: string | null;
}

/** Channel CRUD. Credentials are sealed with AES-256-GCM (SecretBox) and only ever decrypted in ChannelRegistry. */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly registry: ChannelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<ChannelResponse[]> {
    const channels = await this.ds.getRepository(ChannelEntity).find({ order: { createdAt: 'ASC' } });
    const settings = new Map((await this.ds.getRepository(ChannelSettingsEntity).find()).map((s) => [s.channelId, s]));
    return channels.map((c) => this.map(c, settings.get(c.id) ?? defaultSettings(c.id)));
  }

  async get(id: string): Promise<ChannelResponse> {
    const channel = await this.ds.getRepository(ChannelEntity).findOneBy({ id });
    if (!channel) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    const settings = (await this.ds.getRepository(ChannelSettingsEntity).findOneBy({ channelId: id })) ?? defaultSettings(id);
    return this.map(channel, settings);
  }

  async create(dto: CreateChannelDto): Promise<ChannelResponse> {
    const now = Date.now();
    const id = newId();
    const region = dto.defaultRegion ?? null;
    const channel: ChannelEntity = {
      id, name: dto.name, provider: dto.provider, address: this.address(dto.address, region), defaultRegion: region,
      config: dto.connection ?? {}, credentialsEncrypted: dto.credentials ? this.box.sealJson(stringsOnly(dto.credentials)) : null,
      createdAt: now, updatedAt: now,
    };
    const settings = applySettings(defaultSettings(id), dto, now);
    this.check(channel);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(ChannelEntity).insert(row(channel));
      await m.getRepository(ChannelSettingsEntity).insert(row(settings));
    });
    this.registry.invalidate(id);
    return this.map(channel, settings);
  }

  async update(id: string, dto: UpdateChannelDto): Promise<ChannelResponse> {
    const channel = await this.ds.getRepository(ChannelEntity).findOneBy({ id });
    if (!channel) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    const now = Date.now();
    const current = (await this.ds.getRepository(ChannelSettingsEntity).findOneBy({ channelId: id })) ?? defaultSettings(id);
    if (dto.name !== undefined) channel.name = dto.name;
    if (dto.defaultRegion !== undefined) channel.defaultRegion = dto.defaultRegion;
    if (dto.connection !== undefined) channel.config = dto.connection;
    if (dto.credentials !== undefined) channel.credentialsEncrypted = this.box.sealJson(stringsOnly(dto.credentials));
    channel.updatedAt = Math.max(now, channel.updatedAt + 1);
    const settings = applySettings(current, dto, now);
    this.check(channel);
    await writeTransaction(this.ds, async (m) => {
      await m.getRepository(ChannelEntity).save(channel);
      await m.getRepository(ChannelSettingsEntity).save(settings);
    });
    this.registry.invalidate(id);
    return this.map(channel, settings);
  }

  async remove(id: string): Promise<void> {
    const res = await writeTransaction(this.ds, async (m) => {
      await m.getRepository(ChannelSettingsEntity).delete({ channelId: id });
      return m.getRepository(ChannelEntity).delete({ id });
    });
    if (!res.affected) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    this.registry.invalidate(id);
  }

  private address(raw: string, region: string | null): string {
    try {
      return normalizeAddress(raw, region ?? undefined, 'address').value;
    } catch (err) {
      if (err instanceof PayloadError) throw invalid(err.field, err.reason);
      throw err;
    }
  }

  /** Builds the adapter once so a wrong connection is refused at save time, naming the field. */
  private check(channel: ChannelEntity): void {
    try {
      const adapter = createAdapter(channel.provider, { ...channel.config, ...this.registry.credentials(channel) });
      void adapter?.close?.();
    } catch (err) {
      if (err instanceof ProviderConfigError) throw invalid(`connection.${err.field.replace(/^\w+\./, '')}`, err.message.replace(/^[^:]+: /, ''));
      throw err;
    }
  }

  private map(c: ChannelEntity, s: ChannelSettingsEntity): ChannelResponse {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    return {
      id: c.id, name: c.name, kind: s.kind, provider: c.provider, address: c.address, defaultRegion: c.defaultRegion, connection: c.config,
      credentialFields: Object.keys(this.registry.credentials(c)).sort(),
      quietHours: s.quietHours, rateLimit: s.ratePerSecond ? { perSecond: s.ratePerSecond, burst: s.rateBurst ?? s.ratePerSecond } : null,
      helpText: s.helpText, optOutText: s.optOutText, optInText: s.optInText, keywords: s.keywords,
      webhookUrl: `${base}/api/v1/inbound/${c.id}`, statusUrl: `${base}/api/v1/inbound/${c.id}/status`,
      createdAt: isoOrNull(c.createdAt), updatedAt: isoOrNull(c.updatedAt),
    };
  }
}

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.CHANNEL_INVALID, `${path}: ${message}`, { problems: [problem(path, message)] });
}

function stringsOnly(credentials: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (typeof value !== 'string') throw invalid(`credentials.${key}`, 'must be a string');
    out[key] = value;
  }
  return out;
}

function applySettings(s: ChannelSettingsEntity, dto: UpdateChannelDto, now: number): ChannelSettingsEntity {
  const next = { ...s, updatedAt: now };
  if (dto.kind !== undefined) next.kind = dto.kind;
  if (dto.quietHours !== undefined) {
    next.quietHours = dto.quietHours
      ? { start: dto.quietHours.start, end: dto.quietHours.end, replyWindowMinutes: dto.quietHours.replyWindowMinutes ?? 15 } : null;
  }
  if (dto.rateLimit !== undefined) {
    next.ratePerSecond = dto.rateLimit?.perSecond ?? null;
    next.rateBurst = dto.rateLimit ? (dto.rateLimit.burst ?? dto.rateLimit.perSecond) : null;
  }
  if (dto.helpText !== undefined) next.helpText = dto.helpText;
  if (dto.optOutText !== undefined) next.optOutText = dto.optOutText;
  if (dto.optInText !== undefined) next.optInText = dto.optInText;
  if (dto.keywords !== undefined) {
    next.keywords = { optOut: dto.keywords.optOut ?? [], optIn: dto.keywords.optIn ?? [], help: dto.keywords.help ?? [] };
  }
  return next;
}
