import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hasher.js';

const BOOTSTRAP_LOCK = 7_310_042_025;

/**
 * On the first start (no users at all) creates the platform organization and its first admin, from
 * ADMIN_EMAIL / ADMIN_PASSWORD or else admin@localhost with a generated password logged this once.
 * Several api processes starting together create one admin: the check runs under an advisory lock.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The usual case, decided without the cost of hashing a password at every start.
    const [existing] = await this.dataSource.query<{ exists: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM users) AS exists',
    );
    if (existing?.exists) return;
    const configuredEmail = this.config.get('ADMIN_EMAIL', { infer: true });
    const configuredPassword = this.config.get('ADMIN_PASSWORD', { infer: true });
    const email = (configuredEmail ?? 'admin@localhost').toLowerCase();
    const password = configuredPassword ?? randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password);

    const created = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const [row] = await em.query<{ exists: boolean }[]>('SELECT EXISTS (SELECT 1 FROM users) AS exists');
      if (row?.exists) return false;
      const [organization] = await em.query<{ id: string }[]>(
        `INSERT INTO organizations (name, kind) VALUES ('Landbridge', 'operator')
         ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      );
      await em.query(`INSERT INTO users (email, password_hash, role, organization_id) VALUES ($1, $2, 'admin', $3)`, [
        email,
        passwordHash,
        organization!.id,
      ]);
      return true;
    });
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
