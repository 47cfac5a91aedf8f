import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@landbridge/common';
import { generatePassword, hashPassword } from '../auth/password-hasher.js';
import { firstAdminNotice, writeIfTerminal } from './first-admin-notice.js';
import { UsersRepository } from './users.repository.js';

/**
 * On the first start (no users at all) creates the platform organization and its first admin, from
 * ADMIN_EMAIL / ADMIN_PASSWORD or else admin@localhost with a generated password shown this once (in the
 * log, and on stderr when it is a terminal).
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
    const password = configuredPassword ?? generatePassword();
    const created = await this.users.createFirstAdmin(email, await hashPassword(password));
    if (!created) return;
    if (configuredPassword) {
      this.logger.log(`created the first admin ${email} with the password from ADMIN_PASSWORD`);
    } else {
      const notice = firstAdminNotice(email, password);
      this.logger.warn(notice.logLine);
      writeIfTerminal(process.stderr, notice.terminalText);
    }
  }
}
