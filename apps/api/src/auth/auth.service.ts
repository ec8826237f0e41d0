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
    // Counted before the password is checked, so parallel guesses cannot slip past the limit.
    const attempt = await this.limiter.attempt(ip, email);
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      throw new DomainException(ErrorCode.TOO_MANY_ATTEMPTS, `Too many sign-in attempts: try again in ${wait} s.`, { headers: { 'Retry-After': String(wait) } });
    }
    const user = await this.users.findByEmail(email);
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : (await this.passwords.burn(password), false);
    // One message whatever was wrong: no hint whether the account exists.
    if (!user || !ok) throw new DomainException(ErrorCode.INVALID_CREDENTIALS);
    await attempt.succeeded();
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
