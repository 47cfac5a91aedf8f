import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@landbridge/common';
import { hashPassword } from '../auth/password-hasher.js';
import { UsersRepository } from './users.repository.js';

/**
 * On the first start (no users at all) creates the platform organization and its first admin, from
 * ADMIN_EMAIL / ADMIN_PASSWORD or else admin@localhost with a generated password logged this once.
 * Several api processes starting together create one admin (UsersRepository.createFirstAdmin).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersRepository,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The usual case, decided without the cost of hashing a password at every start.
    if (await this.users.anyExist()) return;
    const configuredEmail = this.config.get('ADMIN_EMAIL', { infer: true });
    const configuredPassword = this.config.get('ADMIN_PASSWORD', { infer: true });
    const email = (configuredEmail ?? 'admin@localhost').toLowerCase();
    const password = configuredPassword ?? randomBytes(18).toString('base64url');
    const created = await this.users.createFirstAdmin(email, await hashPassword(password));
    if (!created) return;
    if (configuredPassword) {
      this.logger.log(`created the first admin ${email} with the password from ADMIN_PASSWORD`);
    } else {
      this.logger.warn(
        `created the first admin ${email} with the generated password ${password} — it is shown only this once; ` +
          'sign in and create your own admin, or set ADMIN_EMAIL and ADMIN_PASSWORD before the first start',
      );
    }
  }
}
