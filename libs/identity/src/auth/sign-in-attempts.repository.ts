import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { execute, queryRow, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';

export interface CountedAttempt {
  /** Attempts in the current window, this one included. */
  attempts: number;
  /** Whole seconds until the window ends. */
  secondsLeft: number;
}

/** Sign-in attempts per account (table sign_in_attempts), counted in fixed windows. */
@Injectable()
export class SignInAttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt for `email` before its password is checked, atomically, so that concurrent attempts
   * cannot all pass the limit; a window that has ended starts again.
   */
  async count(email: string, windowSeconds: number): Promise<CountedAttempt> {
    const row = await queryRow<{ attempts: number; seconds_left: number }>(
      this.dataSource,
      sql`INSERT INTO sign_in_attempts AS a (email, attempts, window_ends_at)
       VALUES (${email}, 1, now() + make_interval(secs => ${windowSeconds}))
       ON CONFLICT (email) DO UPDATE SET
         attempts = CASE WHEN a.window_ends_at <= now() THEN 1 ELSE a.attempts + 1 END,
         window_ends_at = CASE WHEN a.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE a.window_ends_at END
       RETURNING attempts, ceil(extract(epoch FROM window_ends_at - now()))::int AS seconds_left`,
    );
    return { attempts: row!.attempts, secondsLeft: Math.max(1, row!.seconds_left) };
  }

  /** A successful sign-in forgets the account's attempts. */
  async forget(email: string): Promise<void> {
    await execute(this.dataSource, sql`DELETE FROM sign_in_attempts WHERE email = ${email}`);
  }

  /** Forgets windows that have ended. */
  async purgeEnded(): Promise<number> {
    const row = await queryRow<{ purged: number }>(
      this.dataSource,
      sql`WITH purged AS (DELETE FROM sign_in_attempts WHERE window_ends_at < now() RETURNING 1)
       SELECT count(*)::int AS purged FROM purged`,
    );
    return row?.purged ?? 0;
  }
}
