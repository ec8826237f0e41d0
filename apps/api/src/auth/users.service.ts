import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Role } from '@moflow/api-contract';
import { newId, UserEntity } from '@moflow/data-access';
import { Repository } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { ApiKeysService } from './api-keys.service';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';

export interface NewUser { email: string; password: string; name?: string | null; role: Role }
export interface UserChanges { name?: string | null; role?: Role; password?: string }

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new DomainException(ErrorCode.USER_NOT_FOUND);
    return user;
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async create(input: NewUser, now = Date.now()): Promise<UserEntity> {
    const email = input.email.trim().toLowerCase();
    if (await this.findByEmail(email)) throw new DomainException(ErrorCode.USER_EMAIL_TAKEN, `A user with e-mail ${email} already exists.`);
    const user = this.users.create({
      id: newId(), email, name: input.name ?? null, role: input.role,
      passwordHash: await this.passwords.hash(input.password), createdAt: now, updatedAt: now,
    });
    return this.users.save(user);
  }

  async update(id: string, changes: UserChanges): Promise<UserEntity> {
    const user = await this.get(id);
    if (changes.role && changes.role !== 'admin' && user.role === 'admin') await this.assertNotLastAdmin();
    if (changes.name !== undefined) user.name = changes.name;
    if (changes.role) user.role = changes.role;
    if (changes.password) {
      user.passwordHash = await this.passwords.hash(changes.password);
      // A new password signs the user out everywhere: the old one may be why it changed.
      await this.sessions.closeAllOf(user.id);
    }
    user.updatedAt = Date.now();
    return this.users.save(user);
  }

  async remove(id: string): Promise<void> {
    const user = await this.get(id);
    if (user.role === 'admin') await this.assertNotLastAdmin();
    await this.users.delete({ id });
    // Nobody left knows why these keys exist or who holds them: they stop with their creator.
    await this.apiKeys.revokeAllOf(id);
  }

  private async assertNotLastAdmin(): Promise<void> {
    if ((await this.users.countBy({ role: 'admin' })) <= 1) throw new DomainException(ErrorCode.LAST_ADMIN);
  }
}
