import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  emptySql,
  Keyset,
  type Page,
  queryPrepared,
  queryRow,
  queryRows,
  type Role,
  sql,
  toPage,
  where,
} from '@landbridge/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

/** A user as the service reads it (never with the password hash). */
export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
  disabled: boolean;
  version: number;
}

/** What signing in needs of a user: the hash to check a password against, and the generation of its tokens. */
export interface UserCredentials extends UserRecord {
  passwordHash: string;
  tokenGeneration: number;
}

/** What authenticating a request by access token needs to know of its user now. */
export interface UserState {
  role: Role;
  organizationId: string;
  disabled: boolean;
  tokenGeneration: number;
}

const COLUMNS = sql`u.id, u.email, u.role, u.organization_id AS "organizationId", u.disabled, u.version`;
const ANY_USER = sql`SELECT EXISTS (SELECT 1 FROM users) AS exists`;
const BY_EMAIL = new Keyset(['u.email'], ['text'] as const, 'asc');
/** Serialises the first start of several api processes, so that exactly one creates the first admin. */
const BOOTSTRAP_LOCK = 7_310_042_025;
/** Serialises changes of role and disabled, so that two admins cannot demote each other at once. */
const ACCESS_CHANGE_LOCK = 7_310_042_026;
/** The channel on which the users_changed trigger names each user changed, when the change commits. */
const USERS_CHANGED_CHANNEL = 'users_changed';

/** The table users (and, for the very first admin, the platform organization). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a user; undefined when the (lower-cased) email is taken. */
  async insert(
    user: Pick<UserRecord, 'email' | 'role' | 'organizationId'> & { passwordHash: string },
  ): Promise<UserRecord | undefined> {
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

  /** A page of users by email, of one organization or of all, disabled ones included. */
  async page(organizationId: string | undefined, limit: number, cursor: string | undefined): Promise<Page<UserRecord>> {
    const ofOrganization = organizationId === undefined ? emptySql : sql`u.organization_id = ${organizationId}`;
    const rows = await queryRows<UserRecord>(
      this.dataSource,
      sql`SELECT ${COLUMNS} FROM users u ${where(ofOrganization, BY_EMAIL.after(cursor))}
          ORDER BY ${BY_EMAIL.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      (row) => row,
      (row) => BY_EMAIL.key(row.email),
    );
  }

  /** The user with this (lower-cased) email and what signing in checks. */
  async findCredentials(email: string): Promise<UserCredentials | undefined> {
    return queryRow(
      this.dataSource,
      sql`SELECT ${COLUMNS}, u.password_hash AS "passwordHash", u.token_generation AS "tokenGeneration"
          FROM users u WHERE u.email = ${email}`,
    );
  }

  /** The user's state now: read for a request by access token when this process does not remember it. */
  async findState(id: string): Promise<UserState | undefined> {
    const [row] = await queryPrepared<UserState>(
      this.dataSource,
      sql`SELECT role, organization_id AS "organizationId", disabled, token_generation AS "tokenGeneration"
          FROM users WHERE id = ${id}`,
    );
    return row;
  }

  /**
   * Subscribes a connection of its own (it stays in LISTEN) to the changes of users: it then emits a
   * `notification` whose payload is the id of each user changed, when the change commits.
   */
  async listen(client: pg.Client): Promise<void> {
    await client.query(`LISTEN ${USERS_CHANGED_CHANNEL}`);
  }

  /**
   * The user locked for a change of its role or disabled flag in the caller's transaction, after every such
   * change in progress (of any user) has ended: a rule over all admins then sees them all settled.
   */
  async lockForAccessChange(em: EntityManager, id: string): Promise<UserRecord | undefined> {
    await queryRow(em, sql`SELECT pg_advisory_xact_lock(${ACCESS_CHANGE_LOCK})`);
    return queryRow<UserRecord>(em, sql`SELECT ${COLUMNS} FROM users u WHERE u.id = ${id} FOR UPDATE`);
  }

  /** How many admins are not disabled. */
  async countActiveAdmins(em: EntityManager): Promise<number> {
    const row = await queryRow<{ count: number }>(
      em,
      sql`SELECT count(*)::int AS count FROM users WHERE role = 'admin' AND NOT disabled`,
    );
    return row?.count ?? 0;
  }

  /**
   * Sets the user's role and disabled flag and moves it to its next version; disabling it also invalidates
   * every access token issued to it so far (re-enabling it does not bring them back).
   */
  async changeAccess(em: EntityManager, id: string, access: { role: Role; disabled: boolean }): Promise<UserRecord> {
    const row = await queryRow<UserRecord>(
      em,
      sql`UPDATE users u SET role = ${access.role}, disabled = ${access.disabled}, version = u.version + 1,
            token_generation = u.token_generation + CASE WHEN ${access.disabled}::boolean AND NOT u.disabled THEN 1 ELSE 0 END
          WHERE u.id = ${id}
          RETURNING ${COLUMNS}`,
    );
    return row!;
  }

  /** Replaces the user's password hash and invalidates every access token issued to it so far. */
  async replacePassword(id: string, passwordHash: string): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`UPDATE users SET password_hash = ${passwordHash}, token_generation = token_generation + 1 WHERE id = ${id}`,
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
