/**
 * One entry of `errors[]`: which field is wrong and why; for a spreadsheet upload also the row (as a
 * spreadsheet numbers it), the column as the file names it, and the value found there.
 */
export interface FieldError {
  field: string;
  message: string;
  row?: number;
  column?: string;
  value?: string;
}

/** RFC 9457 problem details, as every error of the API is answered. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_BASE = 'https://landbridge.dev/problems/';

export function problemType(slug: string): string {
  return PROBLEM_BASE + slug;
}
