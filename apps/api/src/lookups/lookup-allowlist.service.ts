import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LookupAllowEntryEntity } from '@moflow/data-access';
import { DestinationPolicy } from '@moflow/providers';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { blockedReason, isValidAllowEntry, parseAllowList, type AllowList } from './address-policy';
import { SafeHttpPort } from './safe-http.port';

export interface AllowEntryDto { id: string; entry: string; note: string | null; createdAt: string }

/**
 * The admin-managed allow-list, cached briefly: every lookup consults it, and so do the outbound
 * URLs admins set elsewhere (providers' API URLs, a generic channel's gateway, event subscriptions,
 * the helpdesk webhook).
 */
@Injectable()
export class LookupAllowlistService implements OnApplicationShutdown {
  private cached: { list: AllowList; at: number } | null = null;
  /** The policy of the current list's contents, with the keep-alive agents it judged; replaced when the list changes. */
  private policy: { key: string; list: AllowList; policy: DestinationPolicy } | null = null;
  readonly http: SafeHttpPort;

  constructor(private readonly ds: DataSource) {
    this.http = new SafeHttpPort(() => this.current());
  }

  async list(): Promise<AllowEntryDto[]> {
    const rows = await this.ds.getRepository(LookupAllowEntryEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map(map);
  }

  async add(entry: string, note: string | null): Promise<AllowEntryDto> {
    const value = entry.trim().toLowerCase();
    if (!isValidAllowEntry(value)) {
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, {
        problems: [problem('entry', 'must be a host name (api.example.com), an IP address or a CIDR range (10.0.0.0/8)')],
      });
    }
    const repo = this.ds.getRepository(LookupAllowEntryEntity);
    const existing = await repo.findOneBy({ entry: value });
    if (existing) return map(existing);
    const row: LookupAllowEntryEntity = { id: randomUUID(), entry: value, note, createdAt: Date.now() };
    await repo.insert(row);
    this.cached = null;
    return map(row);
  }

  async remove(id: string): Promise<void> {
    const res = await this.ds.getRepository(LookupAllowEntryEntity).delete({ id });
    if (!res.affected) throw new DomainException(ErrorCode.ALLOWLIST_ENTRY_NOT_FOUND);
    this.cached = null;
  }

  /**
   * The address policy with the current allow-list, for an adapter to judge where it connects. The
   * same object (and so the same kept-alive connections) while the list's contents stay the same;
   * when they change, connections opened under the old list are retired, never reused.
   */
  async destinations(): Promise<DestinationPolicy> {
    const allow = await this.current();
    // every MT asks: the key is only worked out when the cached list was reloaded
    if (this.policy?.list === allow) return this.policy.policy;
    const key = [...allow.hosts, ...allow.ranges.map(([net, bits]) => `${net.toString()}/${bits}`)].sort().join(' ');
    if (this.policy?.key !== key) {
      this.policy?.policy.retire();
      this.policy = { key, list: allow, policy: new DestinationPolicy((host, address) => blockedReason(address, host, allow)) };
    }
    this.policy.list = allow;
    return this.policy.policy;
  }

  onApplicationShutdown(): void {
    this.policy?.policy.retire();
  }

  /**
   * Why an admin-set URL may not be saved, or null. Only what is known without DNS: a literal
   * address, or a localhost name; other names are judged on what they resolve to, at send time.
   */
  async urlProblem(raw: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null; // the schema names malformed URLs
    }
    return this.hostProblem(url.hostname);
  }

  /** The same for a bare host name or address (an SMSC's `host`). */
  async hostProblem(raw: string): Promise<string | null> {
    const host = canonicalHost(raw);
    const address = isIP(host) ? host : host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : null;
    if (!address) return null;
    const reason = blockedReason(address, host, await this.current());
    return reason ? `${host} is refused (${reason}): outbound URLs follow the lookups' address policy; an admin can allow-list the host or range at /api/v1/settings/lookup-allowlist` : null;
  }

  private async current(): Promise<AllowList> {
    // Short TTL: a removal on another replica takes effect within seconds.
    if (this.cached && Date.now() - this.cached.at < 5_000) return this.cached.list;
    const rows = await this.ds.getRepository(LookupAllowEntryEntity).find();
    this.cached = { list: parseAllowList(rows.map((r) => r.entry)), at: Date.now() };
    return this.cached.list;
  }
}

function map(r: LookupAllowEntryEntity): AllowEntryDto {
  return { id: r.id, entry: r.entry, note: r.note, createdAt: new Date(r.createdAt).toISOString() };
}

/** As a URL would read the host: `2130706433` and `0x7f.1` are 127.0.0.1 to the resolver too. */
function canonicalHost(raw: string): string {
  const bare = raw.trim().replace(/^\[|\]$/g, '').toLowerCase();
  try {
    return new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return bare;
  }
}
