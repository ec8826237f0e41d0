import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LookupAllowEntryEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { isValidAllowEntry, parseAllowList, type AllowList } from './address-policy';
import { SafeHttpPort } from './safe-http.port';

export interface AllowEntryDto { id: string; entry: string; note: string | null; createdAt: string }

/** The admin-managed allow-list, cached briefly: every lookup consults it. */
@Injectable()
export class LookupAllowlistService {
  private cached: { list: AllowList; at: number } | null = null;
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
