import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRow, queryRows, type Role, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';

/** A user as the service reads it (never with the password hash). */
export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
}

const COLUMNS = sql`u.id, u.email, u.role, u.organization_id AS "organizationId"`;
const ANY_USER = sql`SELECT EXISTS (SELECT 1 FROM users) AS exists`;
/** Serialises the first start of several api processes, so that exactly one creates the first admin. */
const BOOTSTRAP_LOCK = 7_310_042_025;

/** The table users (and, for the very first admin, the platform organization). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a user; undefined when the (lower-cased) email is taken. */
  async insert(user: Omit<UserRecord, 'id'> & { passwordHash: string }): Promise<UserRecord | undefined> {
    return queryRow<UserRecord>(
      this.dataSource,
      sql`INSERT INTO users AS u (email, password_hash, role, organization_id)
          VALUES (${user.email}, ${user.passwordHash}, ${user.role}, ${user.organizationId})
          ON CONFLICT (email) DO NOTHING
          RETURNING ${COLUMNS}`,
    );
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    return queryRow<UserRecord>(this.dataSource, sql`SELECT ${COLUMNS} FROM users u WHERE u.id = ${id}`);
  }

  /** The user with this (lower-cased) email and the hash to check a password against, for signing in. */
  async findWithPasswordHash(email: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
    return queryRow(
      this.dataSource,
      sql`SELECT ${COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE u.email = ${email}`,
    );
  }

  /** Whether there is any user at all (none before the first start). */
  async anyExist(): Promise<boolean> {
    const row = await queryRow<{ exists: boolean }>(this.dataSource, ANY_USER);
    return row?.exists ?? false;
  }

  /**
   * Creates the platform organization (Landbridge, an operator) and in it the first admin, unless some
   * user exists: checked again under an advisory lock, so that api processes starting together create one.
   * True when this call created the admin.
   */
  async createFirstAdmin(email: string, passwordHash: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      await queryRow(em, sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
      const row = await queryRow<{ exists: boolean }>(em, ANY_USER);
      if (row?.exists) return false;
      const organization = await queryRow<{ id: string }>(
        em,
        sql`INSERT INTO organizations (name, kind) VALUES ('Landbridge', 'operator')
            ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      );
      await queryRows(
        em,
        sql`INSERT INTO users (email, password_hash, role, organization_id)
            VALUES (${email}, ${passwordHash}, 'admin', ${organization!.id})`,
      );
      return true;
    });
  }
}
