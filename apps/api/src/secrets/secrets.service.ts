import { Inject, Injectable } from '@nestjs/common';
import { SecretEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { resolveSecretKey } from '../config/secret-key';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SecretCipher } from './secret-cipher';

export interface SecretSummary { name: string; createdAt: string; updatedAt: string }

/** Named secrets for lookups. Values go in, never out, except to the engine's SecretPort. */
@Injectable()
export class SecretsService {
  private readonly cipher: SecretCipher;

  constructor(private readonly ds: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.cipher = new SecretCipher(config.secretKey ?? resolveSecretKey(undefined, config.dataDir, () => undefined));
  }

  async list(): Promise<SecretSummary[]> {
    const rows = await this.ds.getRepository(SecretEntity).find({ order: { name: 'ASC' } });
    return rows.map(summary);
  }

  /** Creates or replaces; returns the name and times only. */
  async put(name: string, value: string): Promise<SecretSummary> {
    const repo = this.ds.getRepository(SecretEntity);
    const now = Date.now();
    const existing = await repo.findOneBy({ name });
    const row: SecretEntity = { name, sealed: this.cipher.seal(value, name), createdAt: existing?.createdAt ?? now, updatedAt: now };
    await repo.save(row);
    return summary(row);
  }

  async remove(name: string): Promise<void> {
    const res = await this.ds.getRepository(SecretEntity).delete({ name });
    if (!res.affected) throw new DomainException(ErrorCode.SECRET_NOT_FOUND, `No secret named ${name}.`);
  }

  /** For the engine only (SecretPort): undefined when there is no such secret. */
  async reveal(name: string): Promise<string | undefined> {
    const row = await this.ds.getRepository(SecretEntity).findOneBy({ name });
    return row ? this.cipher.open(row.sealed, name) : undefined;
  }
}

function summary(r: SecretEntity): SecretSummary {
  return { name: r.name, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString() };
}
