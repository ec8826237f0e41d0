import { Inject, Injectable } from '@nestjs/common';
import { ChannelEntity, ChannelSettingsEntity, isoOrNull, newId, writeTransaction, row } from '@moflow/data-access';
import { fieldPlace, ProviderConfigError, providerSchema, publicConnection, validateChannelSettings } from '@moflow/providers';
import { normalizeAddress, PayloadError } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { SecretBox } from '../config/secret-box.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { createAdapter } from './provider-adapters';
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
  /** SMPP only: the bind as this API process sees it. */
  smpp?: { state: string; lastError: string | null; lastErrorAt: string | null; lastPduAt: string | null; binds: number } | null;
}

/** Channel CRUD. Credentials are sealed with AES-256-GCM (SecretBox) and only ever decrypted in ChannelRegistry. */
@Injectable()
export class ChannelsService {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly registry: ChannelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly allowlist: LookupAllowlistService,
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
    const address = this.address(dto.address, region);
    const connection = merged({}, dto.connection);
    const credentials = merged({}, dto.credentials);
    this.validate(dto.provider, connection, credentials);
    const channel: ChannelEntity = {
      id, name: dto.name, provider: dto.provider, address, defaultRegion: region,
      config: connection, credentialsEncrypted: this.seal(credentials), createdAt: now, updatedAt: now,
    };
    const settings = applySettings(defaultSettings(id), dto, now);
    this.check(channel, credentials);
    await this.refuseInternalUrls(channel);
    await this.refuseTakenAddress(channel);
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
    const { connection, credentials } = this.mergeSettings(channel, dto);
    this.validate(channel.provider, connection, credentials);
    channel.config = connection;
    channel.credentialsEncrypted = this.seal(credentials);
    channel.updatedAt = Math.max(now, channel.updatedAt + 1);
    const settings = applySettings(current, dto, now);
    this.check(channel, credentials);
    await this.refuseInternalUrls(channel);
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

  /**
   * PATCH merges key by key (null removes a key); a secret stored in `connection` before settings had
   * a schema moves to `credentials` rather than making every later save fail.
   */
  private mergeSettings(channel: ChannelEntity, dto: UpdateChannelDto) {
    const secretKeys = new Set(providerSchema(channel.provider)?.fields.filter((f) => f.secret).map((f) => f.key));
    const stored = this.registry.credentials(channel);
    const legacy = Object.fromEntries(Object.entries(channel.config).filter(([k]) => secretKeys.has(k)));
    const plain = Object.fromEntries(Object.entries(channel.config).filter(([k]) => !secretKeys.has(k)));
    return { connection: merged(plain, dto.connection), credentials: merged({ ...legacy, ...stored }, dto.credentials) };
  }

  private validate(provider: string, connection: Record<string, unknown>, credentials: Record<string, unknown>): void {
    const problems = validateChannelSettings(provider, connection, credentials);
    if (problems.length) {
      throw new DomainException(ErrorCode.CHANNEL_INVALID, problems.map((p) => `${p.path}: ${p.message}`).join('; '), { problems: problems.map((p) => problem(p.path, p.message)) });
    }
  }

  private seal(credentials: Record<string, unknown>): string | null {
    return Object.keys(credentials).length ? this.box.sealJson(credentials) : null;
  }

  private async refuseTakenAddress(channel: ChannelEntity): Promise<void> {
    const other = await this.ds.getRepository(ChannelEntity).findOneBy({ provider: channel.provider, address: channel.address });
    if (other && other.id !== channel.id) {
      throw new DomainException(ErrorCode.CHANNEL_ADDRESS_TAKEN, `address: channel "${other.name}" already uses ${channel.address} on ${channel.provider}; edit that channel instead.`,
        { problems: [problem('address', `already used by channel "${other.name}" (${other.id}) on ${channel.provider}`, 'taken')], details: { channelId: other.id } });
    }
  }

  /**
   * Every destination an admin sets on a channel (providers' `baseUrl`/`tokenUrl` overrides, a
   * generic gateway, an SMSC's host) must not point at an internal service: the lookups' address
   * policy and allow-list. What a name resolves to is judged again on every connection opened.
   */
  private async refuseInternalUrls(channel: ChannelEntity): Promise<void> {
    for (const field of providerSchema(channel.provider)?.fields ?? []) {
      const value = channel.config[field.key];
      if (typeof value !== 'string') continue;
      const reason = field.type === 'url' ? await this.allowlist.urlProblem(value)
        : channel.provider === 'smpp' && field.key === 'host' ? await this.allowlist.hostProblem(value) : null;
      if (reason) throw invalid(`${field.in}.${field.key}`, reason);
    }
  }

  /** Builds the adapter once so a value the schema cannot judge (an SDK's own checks) is refused at save time, naming the field. */
  private check(channel: ChannelEntity, credentials: Record<string, unknown>): void {
    try {
      const adapter = createAdapter(channel.provider, { ...channel.config, ...credentials });
      void adapter?.close?.();
    } catch (err) {
      if (err instanceof ProviderConfigError) {
        const key = err.field.replace(/^\w+\./, '');
        throw invalid(`${fieldPlace(channel.provider, key)}.${key}`, err.message.replace(/^[^:]+: /, ''));
      }
      throw err;
    }
  }

  private map(c: ChannelEntity, s: ChannelSettingsEntity): ChannelResponse {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    return {
      id: c.id, name: c.name, kind: s.kind, provider: c.provider, address: c.address, defaultRegion: c.defaultRegion, connection: publicConnection(c.provider, c.config),
      credentialFields: Object.keys(this.registry.credentials(c)).sort(),
      quietHours: s.quietHours, rateLimit: s.ratePerSecond ? { perSecond: s.ratePerSecond, burst: s.rateBurst ?? s.ratePerSecond } : null,
      helpText: s.helpText, optOutText: s.optOutText, optInText: s.optInText, keywords: s.keywords,
      webhookUrl: `${base}/api/v1/inbound/${c.id}`, statusUrl: `${base}/api/v1/inbound/${c.id}/status`,
      createdAt: isoOrNull(c.createdAt), updatedAt: isoOrNull(c.updatedAt),
      ...(c.provider === 'smpp' ? { smpp: this.smppLink(c.id) } : {}),
    };
  }

  private smppLink(id: string): ChannelResponse['smpp'] {
    const link = this.registry.smppStatus(id);
    return link ? { ...link, lastErrorAt: isoOrNull(link.lastErrorAt), lastPduAt: isoOrNull(link.lastPduAt) } : null;
  }
}

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.CHANNEL_INVALID, `${path}: ${message}`, { problems: [problem(path, message)] });
}

/** `base` with `patch` applied key by key; null (or an empty string) removes a key. */
function merged(base: Record<string, unknown>, patch: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...base, ...(patch ?? {}) };
  for (const [key, value] of Object.entries(out)) if (value === null || value === undefined || value === '') delete out[key];
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
