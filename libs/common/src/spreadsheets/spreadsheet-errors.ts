import { DomainError, InvalidInputError } from '../problems/domain-error.js';
import type { FieldError } from '../problems/problem-details.js';

/** The most row errors a refused file lists; `errorCount` tells how many there were in all. */
export const MAX_ROW_ERRORS = 1000;

/** The longest cell value a row error repeats, so that a hostile cell does not come back whole. */
const MAX_REPORTED_VALUE = 200;

/** A file refused for its rows: each listed by spreadsheet row and column, with the total count. */
export class SpreadsheetRowsError extends InvalidInputError {
  constructor(
    errors: FieldError[],
    readonly errorCount: number,
  ) {
    super(
      `The file has ${errorCount} invalid ${errorCount === 1 ? 'value' : 'values'}; nothing was stored`,
      errors,
      'invalid-spreadsheet',
      { errorCount },
    );
  }
}

/** A file over the row or size limit (413). */
export class SpreadsheetTooLargeError extends DomainError {
  constructor(detail: string) {
    super('too-large', 'payload-too-large', detail);
  }
}

/** An upload in a format not read (yet), or not a spreadsheet at all (415). */
export class UnsupportedSpreadsheetError extends DomainError {
  constructor(detail: string) {
    super('unsupported-media-type', 'unsupported-media-type', detail);
  }
}

/** A download format the service cannot write (yet) (406). */
export class NotAcceptableSpreadsheetError extends DomainError {
  constructor(detail: string) {
    super('not-acceptable', 'not-acceptable', detail);
  }
}

/**
 * Collects the row errors of a file while it is read, keeping the first MAX_ROW_ERRORS and counting all,
 * so that a file with 50,000 bad rows answers quickly with a bounded problem.
 */
export class RowErrors {
  private readonly listed: FieldError[] = [];
  private total = 0;

  /** `column` as the file writes it (the English field name when the column is missing), `field` the English one. */
  add(row: number, field: string, column: string, value: string, message: string): void {
    this.total += 1;
    if (this.listed.length >= MAX_ROW_ERRORS) return;
    const shown = value.length > MAX_REPORTED_VALUE ? `${value.slice(0, MAX_REPORTED_VALUE)}…` : value;
    this.listed.push({ field, row, column, value: shown, message });
  }

  get count(): number {
    return this.total;
  }

  /** Refuses the file when any row error was collected, listing them in row order. */
  throwIfAny(): void {
    if (!this.total) return;
    const sorted = [...this.listed].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new SpreadsheetRowsError(sorted, this.total);
  }
}
