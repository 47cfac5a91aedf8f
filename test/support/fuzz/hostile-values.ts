import fc from 'fast-check';

/**
 * Hostile inputs for the fuzz suite: values that are well-formed enough to get past the first checks of
 * a service and then break something further in (a cast in SQL, a date library, a keyset cursor, an
 * object used as a map).
 */

/** JSON text to put verbatim where a value goes: numbers JSON.stringify cannot write (1e999, -0, 2^53+1). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson parts and own `__proto__` keys (kept, unlike a JSON.parse round trip). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`,
    );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A copy of `target` with an own, enumerable property `key`, even `__proto__` (which `{ ...}` would not make own). */
export function withOwnKey(target: object, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const existing of Object.keys(target)) {
    Object.defineProperty(copy, existing, {
      value: (target as Record<string, unknown>)[existing],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'toJSON',
  'then',
] as const;

export const LONG_STRING_LENGTH = 100_000;

/** Strings that upset parsers, SQL, Unicode handling or length limits. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'a'.repeat(LONG_STRING_LENGTH),
    '界'.repeat(LONG_STRING_LENGTH / 2),
    'x\u0000y',
    '\u0000',
    'null',
    'undefined',
    'NaN',
    'Infinity',
    '-0',
    '1e308',
    '9'.repeat(400),
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    '$1',
    '%s%s%n',
    '${jndi:ldap://127.0.0.1/a}',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '\\',
    '\uD800',
    '\uFEFFBOM',
    '\u202Eevil',
    'e\u0301\u0301\u0301',
    '🚂'.repeat(300),
    'ǅǈǋ İı ß',
    'CNZGZ\u0000',
    ' CNZGZ ',
    'cnzgz',
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);

/** Numbers at and beyond the edges, also as JSON text a JavaScript number cannot hold, and as strings. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.constantFrom(
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 63,
  2 ** 64,
  1e21,
  0,
  -1,
  0.5,
  1.000000000001,
  new RawJson('-0'),
  new RawJson('9007199254740993'),
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('1E+2'),
  new RawJson('0.1e-400'),
  new RawJson('123456789012345678901234567890'),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '0x10',
  '1_000',
  '12abc',
  '',
);

/** Dates at the edges of calendars, of JavaScript and of PostgreSQL, and strings PostgreSQL reads as dates. */
export const extremeDate: fc.Arbitrary<string> = fc.constantFrom(
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+00:00',
  '9999-12-31',
  '9999-12-31T23:59:59.999999Z',
  '-001000-01-01',
  '-001000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '10000-01-01',
  '294277-01-01',
  '4714-11-24 BC',
  'J2451187',
  'Infinity',
  '-Infinity',
  'infinity',
  'epoch',
  'now',
  'today',
  'allballs',
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-03-20T24:00:00Z',
  '2024-03-20T25:61:61Z',
  '2024-03-20T09:30:00+25:00',
  '2024-03-20T09:30:00+14:01',
  '2024-03-20T09:30:00-00:00',
  '2024-03-20T09:30:00',
  '2024-03-20 09:30:00+08',
  '2024-03-20T09:30:00.1234567890123Z',
  '2024-03-20T09:30:60Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2024-W12-3',
  '20240320',
  '2024',
  '2024-03',
  '1e10',
  '0',
  '',
  '2024-03-20\u0000',
);

/** Values for an id in a path that is not a UUID (or one nothing has), percent-encoded when sent. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
    '{6f1c8a2e-5d4b-4a3c-9e2f-1b0a9c8d7e6f}',
    '6f1c8a2e5d4b4a3c9e2f1b0a9c8d7e6f',
    '6f1c8a2e-5d4b-4a3c-9e2f-1b0a9c8d7e6',
    '6f1c8a2e-5d4b-4a3c-9e2f-1b0a9c8d7e6fz',
    'undefined',
    'null',
    'me',
    '0',
    '-1',
    '1e308',
    '9'.repeat(40),
    'x'.repeat(120),
    'x'.repeat(1000),
    ' ',
    '\u0000',
    "1' OR '1'='1",
    '__proto__',
    'constructor',
    '..',
    '郑州',
    'CNZGZ',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Already percent-encoded path segments, sent as they are: encoded dots and slashes, malformed escapes. */
export const rawPathSegment: fc.Arbitrary<string> = fc.constantFrom(
  '%2e%2e',
  '%2F',
  '..%2F..%2Fhealth',
  '%ZZ',
  '%',
  '%C0%AF',
  '%FF',
  '%E2%80%AE',
  '%u0000',
  '%2500',
);

/** A base64url cursor for any JSON value (also one with RawJson parts). */
export const cursorOf = (value: unknown): string => Buffer.from(toJsonText(value), 'utf8').toString('base64url');

/** One element of a crafted cursor: a wrong kind, or the right kind with content no server issued. */
const cursorPart: fc.Arbitrary<unknown> = fc.constantFrom(
  'not-a-time',
  'x',
  '',
  'infinity',
  '-infinity',
  'epoch',
  '0000-01-01',
  '9999-12-31T23:59:59.999999Z',
  '-001000-01-01',
  '294277-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '\u0000',
  'x\u0000y',
  "'; SELECT pg_sleep(5); --",
  'y'.repeat(3000),
  1,
  2,
  -1,
  0,
  1.5,
  1e308,
  new RawJson('1e999'),
  new RawJson('9007199254740993'),
  new RawJson('-0'),
  2 ** 53 + 2,
  true,
  null,
  {},
  [],
  { a: 1 },
  [[1, 2]],
  ['x'],
);

/**
 * Cursors the server never issued: for each real cursor shape (the decoded key of a real cursor), the
 * same number of parts with wrong kinds or impossible content, the real key with its parts swapped, keys
 * of other lengths, other JSON, and text that is not base64url or not JSON.
 */
export function craftedCursor(realKeys: unknown[][]): fc.Arbitrary<string> {
  const shapes =
    realKeys.length > 0 ? realKeys : [['2024-03-20T01:30:00.000000Z', '6f1c8a2e-5d4b-4a3c-9e2f-1b0a9c8d7e6f']];
  const sameLength = fc
    .constantFrom(...shapes)
    .chain((shape) =>
      fc.tuple(
        ...shape.map((part) =>
          fc.oneof({ weight: 1, arbitrary: fc.constant(part) }, { weight: 3, arbitrary: cursorPart }),
        ),
      ),
    );
  const swapped = fc.constantFrom(...shapes).map((shape) => [...shape].reverse());
  return fc.oneof(
    { weight: 6, arbitrary: sameLength.map(cursorOf) },
    { weight: 1, arbitrary: swapped.map(cursorOf) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<unknown>(
          ['not-a-time', 'x'],
          [1, 2],
          [{}, {}],
          [[], []],
          [1e308, 1e308],
          [],
          ['x'],
          [1, 2, 3],
          {},
          'x',
          1,
          null,
        )
        .map(cursorOf),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'x',
        '!!!',
        'bm90IGpzb24',
        'WyJ4IiwieCJd=',
        'WyJ4Ii+x/A==',
        '%00',
        'a'.repeat(5000),
        cursorOf('a'.repeat(3000)),
      ),
    },
  );
}

/** Any hostile JSON value: for replacing a field, a body or an array element. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 2, arbitrary: extremeDate },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(null, true, false, {}, [], [null], { '': '' }, [[[[[[]]]]]], { $gt: '' }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((key) => withOwnKey({}, key, { polluted: true })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('x', 1, {}, null).map((item) => Array<unknown>(600).fill(item)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Bodies that are not JSON, or JSON the parser should refuse. */
export const brokenJson: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":',
  '[',
  '{"a":1}}',
  "{'a':1}",
  '{"a":1,}',
  '{a:1}',
  'nul',
  'undefined',
  'NaN',
  '\uFEFF{}',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  '[]',
  '""',
  '0',
  'null',
  'true',
  '[' + '['.repeat(40) + ']'.repeat(40) + ']',
  '['.repeat(10_000) + ']'.repeat(10_000),
  '{"a":' + '{"a":'.repeat(40) + '1' + '}'.repeat(41),
  '\u0000',
);

/** Content types a JSON API should refuse or handle with care. */
export const oddContentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'json',
  '*/*',
  '',
);

/** Content types that are JSON, spelled the ways clients spell them. */
export const jsonContentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('application/json; charset=utf-8', 'Application/JSON', 'application/json ; foo=bar'),
  },
);

/** Header values that are still sendable (visible ASCII, spaces, Latin-1; no DEL), odd in every other way. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0xfe }).map((code) => String.fromCharCode(code < 0x7f ? code : code + 1)),
    maxLength,
  });

/** Idempotency keys: a few reused ones (replays, same key with another body), fresh ones, and invalid ones. */
export const idempotencyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
  { weight: 5, arbitrary: fc.uuid() },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'a'.repeat(255),
      'a'.repeat(256),
      'a'.repeat(8000),
      'key with spaces',
      'clé',
      '"quoted"',
      '\t',
      '__proto__',
    ),
  },
  { weight: 1, arbitrary: headerText(300) },
);

export const ifMatch: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '"1"',
    '"2"',
    'W/"1"',
    '*',
    '1',
    '"0"',
    '"-1"',
    '"1.5"',
    '"abc"',
    '"99999999999999999999"',
    '"1e308"',
    '"NaN"',
    '"1", "2"',
    '""',
    '"',
    '',
    '"\u00e9"',
  ),
  headerText(40),
);

/** Last-Event-ID values: real event ids (given), random UUIDs, and not-ids at all. */
export function lastEventId(realIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    ...(realIds.length ? [{ weight: 3, arbitrary: fc.constantFrom(...realIds) }] : []),
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        '0',
        '-1',
        'not-a-uuid',
        'null',
        '00000000-0000-0000-0000-000000000000',
        'x'.repeat(8000),
        cursorOf(['not-a-time', 'x']),
        '1e308',
      ),
    },
    { weight: 1, arbitrary: headerText(60) },
  );
}

/** Extra query parameters nobody declared, some named after prototype properties. */
export const strayQuery: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.constantFrom(
    'foo',
    '__proto__',
    'constructor',
    'constructor[prototype][polluted]',
    '__proto__[polluted]',
    'a[]',
    'limit[]',
    '',
  ),
  fc.constantFrom('1', 'true', '', 'x'.repeat(2000), '%00'),
);

/** Query strings sent as they are (malformed escapes, encoded NUL, invalid UTF-8, repeated keys). */
export const rawQuery: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%zz',
  '%00',
  'limit=%C0%AF',
  'limit=1&limit=2',
  'cursor=&cursor=x',
  'limit=%FF%FE',
  '&&&=&=',
  '?',
  'a=' + 'b'.repeat(9000),
);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Authorization headers that must not authenticate anyone, most made from a valid access token: its
 * claims unsigned (`alg: none`), signed with another key, its signature on claims with a later expiry,
 * an expired token signed with the real key, the token cut or extended; besides nonsense, an API key of
 * the right shape that does not exist, and Basic with the admin's real password.
 */
export async function garbageCredentials(input: {
  validToken: string;
  tokenSecret: string;
  adminEmail: string;
  adminPassword: string;
}): Promise<string[]> {
  const { SignJWT } = await import('jose');
  const [header, payload, signature] = input.validToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown> & {
    exp: number;
  };
  const sign = (key: string, extra: Record<string, unknown> = {}) =>
    new SignJWT({ ...claims, ...extra })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(key));
  const now = Math.floor(Date.now() / 1000);
  const none = base64url({ alg: 'none', typ: 'JWT' });
  return [
    'Bearer garbage',
    'Bearer lb_xxx.yyy',
    `Bearer lb_0123456789abcdef_${'A'.repeat(43)}`,
    'Bearer lb__',
    'Bearer',
    'Basic abc',
    `Basic ${Buffer.from(`${input.adminEmail}:${input.adminPassword}`).toString('base64')}`,
    'Digest username="admin"',
    `Bearer ${none}.${payload}.`,
    `Bearer ${none}.${payload}`,
    `Bearer ${await sign('another-key-that-is-long-enough-0123456789')}`,
    `Bearer ${await sign(input.tokenSecret, { iat: now - 7200, exp: now - 3600 })}`,
    `Bearer ${header}.${base64url({ ...claims, exp: claims.exp + 86_400 })}.${signature}`,
    `Bearer ${header}.${base64url({ ...claims, role: 'admin', org: '00000000-0000-0000-0000-000000000000' })}.${signature}`,
    `Bearer ${input.validToken}x`,
    `Bearer ${input.validToken.slice(0, -2)}`,
    `Bearer ${base64url({ alg: 'RS256', typ: 'JWT' })}.${payload}.${'A'.repeat(342)}`,
    `Bearer ${base64url({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' })}.${payload}.`,
    `Bearer ${'x'.repeat(8000)}`,
  ];
}
