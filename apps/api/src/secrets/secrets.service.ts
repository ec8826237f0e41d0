import { Inject, Injectable } from '@nestjs/common';
import { SecretEntity } from '@moflow/data-access';
import type { SecretValue } from '@moflow/flow-engine';
import { effectiveSecretHosts, isValidSecretHost, normalizeHost } from '@moflow/flow-spec';
import { DataSource, In } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { resolveSecretKey } from '../config/secret-key';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SecretCipher } from './secret-cipher';

export interface SecretSummary { name: string; hosts: string[]; createdAt: string; updatedAt: string }

/** Named secrets for lookups. Values go in, never out, except to the engine's SecretPort. */
@Injectable()
export class SecretsService {
  private readonly cipher: SecretCipher;

  constructor(private readonly ds: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.cipher = new SecretCipher(config.secretKey ?? resolveSecretKey(undefined, config.dataDir, () => undefined));
  }

  async list(): Promise<SecretSummary[]> {
    const rows = await this.ds.getRepository(SecretEntity).find({ order: { name: 'ASC' } });
    return rows.map((r) => this.summary(r));
  }

  /**
   * Creates or replaces; returns the name, hosts and times only. `hosts` left out keeps the
   * secret's current hosts (rotating a token) or, for a new base-URL secret, its URL's host.
   */
  async put(name: string, value: string, hosts: string[] | undefined): Promise<SecretSummary> {
    const repo = this.ds.getRepository(SecretEntity);
    const now = Date.now();
    const existing = await repo.findOneBy({ name });
    const bound = effectiveSecretHosts(value, hosts ?? existing?.hosts ?? []);
    const bad = bound.findIndex((h) => !isValidSecretHost(h));
    if (bad >= 0)
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, {
        problems: [problem(`hosts[${bad}]`, 'must be a host name (crm.example.com), *.domain (any subdomain) or an IP address, without scheme, port or path')],
      });
    if (bound.length === 0)
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, {
        problems: [problem('hosts', 'name the host(s) this secret may be sent to, e.g. ["crm.example.com"]: a lookup to any other host is refused')],
      });
    const row: SecretEntity = {
      name, sealed: this.cipher.seal(value, name), hosts: [...new Set(bound.map(normalizeHost))], createdAt: existing?.createdAt ?? now, updatedAt: now,
    };
    await repo.save(row);
    return this.summary(row);
  }

  async remove(name: string): Promise<void> {
    const res = await this.ds.getRepository(SecretEntity).delete({ name });
    if (!res.affected) throw new DomainException(ErrorCode.SECRET_NOT_FOUND, `No secret named ${name}.`);
  }

  /** For the engine only (SecretPort): undefined when there is no such secret. */
  async reveal(name: string): Promise<SecretValue | undefined> {
    const row = await this.ds.getRepository(SecretEntity).findOneBy({ name });
    if (!row) return undefined;
    const value = this.cipher.open(row.sealed, name);
    return { value, hosts: effectiveSecretHosts(value, row.hosts) };
  }

  /** Hosts of the named secrets that exist (values stay sealed unless an old row has no hosts). */
  async hostsOf(names: readonly string[]): Promise<Map<string, string[]>> {
    if (names.length === 0) return new Map();
    const rows = await this.ds.getRepository(SecretEntity).findBy({ name: In([...names]) });
    return new Map(rows.map((r) => [r.name, r.hosts.length > 0 ? r.hosts : effectiveSecretHosts(this.cipher.open(r.sealed, r.name), [])]));
  }

  private summary(r: SecretEntity): SecretSummary {
    return { name: r.name, hosts: r.hosts, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString() };
  }
}
