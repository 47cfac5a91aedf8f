import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The PostgreSQL error behind a failed query (TypeORM wraps the driver's). */
function pgErrorOf(error: unknown): PgError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgError;
  if (typeof error === 'object' && error !== null && 'code' in error) return error as PgError;
  return undefined;
}

/** A unique or exclusion constraint was violated (optionally: this one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = pgErrorOf(error);
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
