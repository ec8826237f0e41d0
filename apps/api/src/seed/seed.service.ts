import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { UsersService } from '../auth/users.service';
import { DemoSeeder } from './demo.seeder';

/** First start: an admin (env or a generated password printed once), then the demo channel and flow. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly demo: DemoSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adminId = await this.ensureAdmin();
    if (this.config.seedDemo && adminId) await this.demo.seed(adminId);
  }

  /** Returns the new admin's id on first start, null when users already exist. */
  private async ensureAdmin(): Promise<string | null> {
    if ((await this.users.count()) > 0) return null;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const admin = await this.users.create({ email: this.config.adminEmail, password, name: 'Administrator', role: 'admin' });
    if (!this.config.adminPassword) {
      // Printed once, on stdout and outside the JSON logs, so the operator sees it and no log keeps it.
      process.stdout.write(`\n  Moflow admin created: ${admin.email} / ${password}\n  (shown once: change it after signing in)\n\n`);
    }
    this.logger.log(`Seeded admin ${admin.email}`);
    return admin.id;
  }
}
