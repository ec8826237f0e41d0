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
/**
 * How long a verified key is trusted without reading its row again. A revocation in this process
 * (revoke, a deleted user) takes effect at once; one made on another replica within this time.
 * Expiry is checked on every request against the cached row.
 */
export const VERIFIED_KEY_TTL_MS = 1_000;

@Injectable()
export class ApiKeysService {
  /** Live keys read recently, by the SHA-256 of the secret (the column the row is found by). */
  private readonly verified = new Map<string, { entity: ApiKeyEntity; readAt: number }>();
  /** Reads in flight, so a burst of requests with one key reads its row once. */
  private readonly reading = new Map<string, Promise<ApiKeyEntity | null>>();

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
    this.forget(id);
    return entity;
  }

  /** A deleted user's keys stop working with them (they could not be managed by anyone who knew why they exist). */
  async revokeAllOf(userId: string, now = Date.now()): Promise<number> {
    const res = await this.keys.update({ createdById: userId, revokedAt: IsNull() }, { revokedAt: now });
    for (const { entity } of this.verified.values()) if (entity.createdById === userId) this.forget(entity.id);
    return res.affected ?? 0;
  }

  /** For long-lived responses: the key is neither revoked, expired nor deleted. */
  async stillValid(id: string, now = Date.now()): Promise<boolean> {
    const entity = await this.keys.findOneBy({ id });
    return entity !== null && entity.revokedAt === null && (entity.expiresAt === null || entity.expiresAt > now);
  }

  /**
   * The live key for a presented secret, recording its use; null when unknown, revoked or expired.
   * The row is read at most once per VERIFIED_KEY_TTL_MS per key (the REST trigger calls this
   * thousands of times a second); unknown secrets are never cached, so each costs a read.
   */
  async authenticate(presented: string, now = Date.now()): Promise<ApiKeyEntity | null> {
    if (!presented.startsWith(API_KEY_PREFIX)) return null;
    const hash = sha256(presented);
    const hit = this.verified.get(hash);
    const entity = hit && now - hit.readAt < VERIFIED_KEY_TTL_MS ? hit.entity : await this.read(hash, now);
    if (!entity || entity.revokedAt !== null || (entity.expiresAt !== null && entity.expiresAt <= now)) return null;
    if (entity.lastUsedAt === null || now - entity.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
      entity.lastUsedAt = now;
      await this.keys.update({ id: entity.id }, { lastUsedAt: now });
    }
    return entity;
  }

  private read(hash: string, now: number): Promise<ApiKeyEntity | null> {
    let pending = this.reading.get(hash);
    if (!pending) {
      pending = this.keys.findOneBy({ keyHash: hash }).then((entity) => {
        if (entity && entity.revokedAt === null) {
          // bounded by the number of live keys; a flood of distinct live keys only costs re-reads
          if (this.verified.size >= 10_000) this.verified.clear();
          this.verified.set(hash, { entity, readAt: now });
        } else this.verified.delete(hash);
        return entity;
      }).finally(() => this.reading.delete(hash));
      this.reading.set(hash, pending);
    }
    return pending;
  }

  /** Drops a key from the verified cache (its row changed here). */
  private forget(id: string): void {
    for (const [hash, { entity }] of this.verified) if (entity.id === id) this.verified.delete(hash);
  }
}
