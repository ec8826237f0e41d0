import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiKeyScope } from '@moflow/api-contract';
import { ApiKeyEntity, newId, UserEntity } from '@moflow/data-access';
import { In, IsNull, Repository } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { API_KEY_PREFIX, randomToken, sha256 } from './tokens';

/** Recording every use would write on every request; once a minute per key is precise enough. */
const LAST_USED_GRANULARITY_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'DESC' } });
  }

  /** E-mails of the users who created these keys (deleted users are simply absent). */
  async creators(keys: readonly ApiKeyEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(keys.map((k) => k.createdById).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    return new Map((await this.users.findBy({ id: In(ids) })).map((u) => [u.id, u.email]));
  }

  async create(name: string, scopes: ApiKeyScope[], createdById: string | null, expiresInDays?: number, now = Date.now()): Promise<{ entity: ApiKeyEntity; key: string }> {
    const key = API_KEY_PREFIX + randomToken(32);
    const entity = this.keys.create({
      id: newId(), name, scopes: [...new Set(scopes)], prefix: key.slice(0, 12), keyHash: sha256(key),
      createdById, createdAt: now, lastUsedAt: null, revokedAt: null, expiresAt: expiresInDays ? now + expiresInDays * 86_400_000 : null,
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

  /** A deleted user's keys stop working with them (they could not be managed by anyone who knew why they exist). */
  async revokeAllOf(userId: string, now = Date.now()): Promise<number> {
    const res = await this.keys.update({ createdById: userId, revokedAt: IsNull() }, { revokedAt: now });
    return res.affected ?? 0;
  }

  /** For long-lived responses: the key is neither revoked, expired nor deleted. */
  async stillValid(id: string, now = Date.now()): Promise<boolean> {
    const entity = await this.keys.findOneBy({ id });
    return entity !== null && entity.revokedAt === null && (entity.expiresAt === null || entity.expiresAt > now);
  }

  /** The live key for a presented secret, recording its use; null when unknown, revoked or expired. */
  async authenticate(presented: string, now = Date.now()): Promise<ApiKeyEntity | null> {
    if (!presented.startsWith(API_KEY_PREFIX)) return null;
    const entity = await this.keys.findOneBy({ keyHash: sha256(presented) });
    if (!entity || entity.revokedAt !== null || (entity.expiresAt !== null && entity.expiresAt <= now)) return null;
    if (entity.lastUsedAt === null || now - entity.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
      entity.lastUsedAt = now;
      await this.keys.update({ id: entity.id }, { lastUsedAt: now });
    }
    return entity;
  }
}
