import { Injectable } from '@nestjs/common';
import type { SessionDto } from '@moflow/api-contract';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordService } from './password.service';
import type { Principal } from './principal';
import { SessionsService } from './sessions.service';
import { mapUser } from './user.mapper';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; dto: SessionDto }> {
    const wait = await this.limiter.retryAfterSeconds(ip, email);
    if (wait > 0) {
      throw new DomainException(ErrorCode.TOO_MANY_ATTEMPTS, `Too many failed sign-ins: try again in ${wait} s.`, { headers: { 'Retry-After': String(wait) } });
    }
    const user = await this.users.findByEmail(email);
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : (await this.passwords.burn(password), false);
    if (!user || !ok) {
      await this.limiter.recordFailure(ip, email);
      // One message whatever was wrong: no hint whether the account exists.
      throw new DomainException(ErrorCode.INVALID_CREDENTIALS);
    }
    const opened = await this.sessions.open(user.id);
    return { token: opened.token, dto: { user: mapUser(user), csrfToken: opened.csrfToken } };
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.close(sessionId);
  }

  me(principal: Principal): SessionDto {
    if (principal.kind !== 'user') throw new DomainException(ErrorCode.FORBIDDEN_SCOPE, 'Only signed-in users have a session.');
    return { user: mapUser(principal.user), csrfToken: principal.session.csrfToken };
  }
}
