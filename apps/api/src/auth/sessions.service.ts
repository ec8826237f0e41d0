import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { newId, SessionEntity, UserEntity } from '@moflow/data-access';
import { LessThan, Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { randomToken, sha256 } from './tokens';

export interface OpenedSession {
  token: string;
  csrfToken: string;
  session: SessionEntity;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(userId: string, now = Date.now()): Promise<OpenedSession> {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const session = this.sessions.create({ id: newId(), tokenHash: sha256(token), userId, csrfToken, createdAt: now, expiresAt: now + this.config.sessionTtlMs });
    await this.sessions.save(session);
    // Expired rows are useless; clearing them on login keeps the table small without a timer.
    await this.sessions.delete({ expiresAt: LessThan(now) });
    return { token, csrfToken, session };
  }

  async resolve(token: string, now = Date.now()): Promise<{ session: SessionEntity; user: UserEntity } | null> {
    const session = await this.sessions.findOneBy({ tokenHash: sha256(token) });
    if (!session || session.expiresAt <= now) return null;
    const user = await this.users.findOneBy({ id: session.userId });
    return user ? { session, user } : null;
  }

  /** For long-lived responses: the session still exists, has not expired and its user still exists. */
  async stillValid(sessionId: string, now = Date.now()): Promise<boolean> {
    const session = await this.sessions.findOneBy({ id: sessionId });
    if (!session || session.expiresAt <= now) return false;
    return this.users.existsBy({ id: session.userId });
  }

  async close(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  async closeAllOf(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }
}
