/** Fields whose values never enter the audit log, at any depth: passwords, keys, secrets, tokens. */
const SECRET = /pass(word)?|secret|token|^key$|apikey|hash/i;
/** A list longer than this is summarised by its length (a 20,000-row manifest is one entry, not a copy). */
const MAX_LISTED = 500;

export type Changes = Record<string, [unknown, unknown]>;

/** A lone UTF-16 surrogate, which JSON allows and PostgreSQL's jsonb refuses. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as jsonb can store it: a lone surrogate (from a body no DTO checked) becomes U+FFFD. */
function storable(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * A value as the audit log keeps it: secrets left out, lists of objects and long lists summarised, bytes
 * (a Buffer, a typed array) by their size.
 */
export function auditValue(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return { bytes: value.byteLength };
  if (value instanceof ArrayBuffer) return { bytes: value.byteLength };
  if (Array.isArray(value)) {
    const scalars = value.every((item) => item === null || typeof item !== 'object');
    return scalars && value.length <= MAX_LISTED ? value : { count: value.length };
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([field]) => !SECRET.test(field))
        .map(([field, inner]) => [storable(field), auditValue(inner)]),
    );
  }
  return typeof value === 'string' ? storable(value) : value;
}

/**
 * `{ field: [before, after] }` for the fields a request set: `after` from the request (or, for a value the
 * service derived, the response), `before` from the object as it was (null for a create). Secret fields
 * appear with neither value (`[null, null]`), so that the entry says a password changed and not to what.
 */
export function changesOf(
  given: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(given)) {
    if (SECRET.test(field)) {
      changes[storable(field)] = [null, null];
      continue;
    }
    const was = before === undefined ? null : auditValue(before[field] ?? null);
    const now = auditValue(after !== undefined && field in after ? after[field] : value);
    if (before !== undefined && JSON.stringify(was) === JSON.stringify(now)) continue;
    changes[storable(field)] = [was, now];
  }
  return changes;
}

/** An uploaded file as an audit entry names it: its format, its SHA-256 and its size, never its bytes. */
export interface UploadedFile {
  format: string;
  sha256: string;
  bytes: { byteLength: number };
}

/**
 * The changes of a file upload: the file (format, SHA-256, size) and what the answer counts (its numbers,
 * and the length of its lists), so that a 20 MB manifest is a few fields of the audit log.
 */
export function uploadChanges(file: UploadedFile, answer: Record<string, unknown> | undefined): Changes {
  const changes: Changes = {
    file: [null, { format: file.format, sha256: file.sha256, size: file.bytes.byteLength }],
  };
  for (const [field, value] of Object.entries(answer ?? {})) {
    if (typeof value === 'number') changes[field] = [null, value];
    else if (Array.isArray(value)) changes[field] = [null, { count: value.length }];
  }
  return changes;
}
