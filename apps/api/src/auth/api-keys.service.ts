import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiKeyScope } from '@moflow/api-contract';
import { ApiKeyEntity, newId } from '@moflow/data-access';
import { Repository } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { API_KEY_PREFIX, randomToken, sha256 } from './tokens';

/** Recording every use would write on every request; once a minute per key is precise enough. */
const LAST_USED_GRANULARITY_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'DESC' } });
  }

  async create(name: string, scopes: ApiKeyScope[], createdById: string | null, now = Date.now()): Promise<{ entity: ApiKeyEntity; key: string }> {
    const key = API_KEY_PREFIX + randomToken(32);
    const entity = this.keys.create({
      id: newId(), name, scopes: [...new Set(scopes)], prefix: key.slice(0, 12), keyHash: sha256(key),
      createdById, createdAt: now, lastUsedAt: null, revokedAt: null,
    });
    return { entity: await this.keys.save(entity), key };
  }

  async revoke(id: string, now = Date.now()): Promise<ApiKeyEntity> {
    const entity = await this.keys.findOneBy({ id });
    if (!entity) throw new DomainException(ErrorCode.API_KEY_NOT_FOUND);
    if (entity.revokedAt === null) {
      entity.revokedAt = now;
      await this.keys.update({ id }, { revokedAt: now });
    }
    return entity;
  }

  /** For long-lived responses: the key is neither revoked nor deleted. */
  async stillValid(id: string): Promise<boolean> {
    const entity = await this.keys.findOneBy({ id });
    return entity !== null && entity.revokedAt === null;
  }

  /** The live key for a presented secret, recording its use; null when unknown or revoked. */
  async authenticate(presented: string, now = Date.now()): Promise<ApiKeyEntity | null> {
    if (!presented.startsWith(API_KEY_PREFIX)) return null;
    const entity = await this.keys.findOneBy({ keyHash: sha256(presented) });
    if (!entity || entity.revokedAt !== null) return null;
    if (entity.lastUsedAt === null || now - entity.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
      entity.lastUsedAt = now;
      await this.keys.update({ id: entity.id }, { lastUsedAt: now });
    }
    return entity;
  }
}
