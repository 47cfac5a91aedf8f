import fc from 'fast-check';
import { containerCheckDigit, vinCheckDigit, wagonCheckDigit } from '@landbridge/common';
import { extremeDate } from './hostile-values.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Values seen in the service's answers while seeding (ids, codes, VINs, cursors), by property name and by
 * the collection they were listed from, so that generated requests hit real objects part of the time.
 */
export class KnownValues {
  private readonly byName = new Map<string, Set<string | number>>();
  private readonly byCollection = new Map<string, Map<string, Set<string | number>>>();
  private readonly cursorsOf = new Map<string, Set<string>>();

  /** Remembers every scalar of `payload`; the fields of its items (or of itself) also under `collection`. */
  record(collection: string | undefined, payload: unknown): void {
    this.walk(payload);
    if (collection === undefined || payload === null || typeof payload !== 'object') return;
    const page = payload as { items?: unknown; nextCursor?: unknown };
    if (typeof page.nextCursor === 'string') add(this.cursorsOf, collection, page.nextCursor);
    const items = Array.isArray(page.items) ? (page.items as unknown[]) : [payload];
    const fields = this.byCollection.get(collection) ?? new Map<string, Set<string | number>>();
    this.byCollection.set(collection, fields);
    for (const item of items) {
      if (item === null || typeof item !== 'object') continue;
      for (const [key, value] of Object.entries(item)) {
        if (typeof value === 'string' || typeof value === 'number') add(fields, key, value);
      }
    }
  }

  values(name: string): (string | number)[] {
    return [...(this.byName.get(name) ?? [])];
  }

  inCollection(collection: string, name: string): (string | number)[] {
    return [...(this.byCollection.get(collection)?.get(name) ?? [])];
  }

  cursors(collection: string): string[] {
    return [...(this.cursorsOf.get(collection) ?? [])];
  }

  /** The decoded keys of the real cursors of every collection: the shapes crafted cursors imitate. */
  cursorKeys(): unknown[][] {
    return [...this.cursorsOf.values()]
      .flatMap((cursors) => [...cursors])
      .map(decodedKey)
      .filter((key): key is unknown[] => Array.isArray(key));
  }

  uuids(): string[] {
    return [...new Set([...this.byName.values()].flatMap((values) => [...values]))].filter(
      (value): value is string => typeof value === 'string' && UUID.test(value),
    );
  }

  private walk(value: unknown): void {
    if (Array.isArray(value)) value.forEach((item) => this.walk(item));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string' || typeof item === 'number') add(this.byName, key, item);
        else this.walk(item);
      }
    }
  }
}

/** The key a cursor encodes (base64url JSON), or undefined for a cursor of another kind (such as an event id). */
function decodedKey(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function add<V>(map: Map<string, Set<V>>, key: string, value: V): void {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
}

const oneOfKnown = (values: (string | number)[]) => (values.length ? fc.constantFrom(...values) : undefined);

const VIN_ALPHABET = [...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'];
const DIGITS = [...'0123456789'];
const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const chars = (alphabet: string[], length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((list) => list.join(''));

/** A VIN of ISO 3779 characters with a valid check digit. */
export const validVin = fc.tuple(chars(VIN_ALPHABET, 8), chars(VIN_ALPHABET, 8)).map(([head, tail]) => {
  const draft = `${head}0${tail}`;
  return `${head}${vinCheckDigit(draft)!}${tail}`;
});

/** A container number (ISO 6346), 12-digit UIC or 8-digit broad-gauge wagon number with a valid check digit. */
export const validUnitNumber = fc.oneof(
  fc.tuple(chars(LETTERS, 3), chars(DIGITS, 6)).map(([owner, serial]) => {
    const body = `${owner}U${serial}`;
    return body + containerCheckDigit(body)!;
  }),
  chars(DIGITS, 8).map((serial) => {
    const body = `313${serial}`;
    return body + wagonCheckDigit(body)!;
  }),
  chars(DIGITS, 7).map((body) => body + wagonCheckDigit(body)!),
);

const OFFSETS = ['Z', '+08:00', '+03:00', '+00:00', '-05:00', '+05:45', '+14:00', '-12:00'];

/** RFC 3339 with one of several offsets (and sometimes milliseconds) for an instant between `min` and `max`. */
export function dateTime(min: Date, max: Date): fc.Arbitrary<string> {
  return fc
    .tuple(fc.date({ min, max, noInvalidDate: true }), fc.constantFrom(...OFFSETS), fc.boolean())
    .map(([date, offset, millis]) => {
      const minutes =
        offset === 'Z'
          ? 0
          : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
      const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, millis ? 23 : 19);
      return `${local}${offset}`;
    });
}

const WEBHOOK_HOSTS = [
  '1.1.1.1',
  '8.8.8.8',
  '93.184.215.14',
  '[2606:4700:4700::1111]',
  '127.0.0.1',
  'localhost',
  'LOCALHOST',
  'localhost.',
  '[::1]',
  '10.0.0.1',
  '192.168.1.10',
  '172.16.0.1',
  '100.64.0.1',
  '169.254.169.254',
  '0.0.0.0',
  '[::]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[fe80::1]',
  '[fc00::1]',
  '[2001:db8::1]',
  '127.1',
  '0x7f.0.0.1',
  '2130706433',
  '0177.0.0.1',
  '192.0.2.1',
  '198.18.0.1',
  '224.0.0.1',
  '255.255.255.255',
];

/**
 * Webhook URLs whose host is almost always an IP literal or localhost (the service resolves host names
 * and this machine has no network); public and forbidden addresses, odd schemes, credentials and ports.
 */
export const webhookUrl: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.constantFrom('https', 'https', 'https', 'http', 'ftp', 'HTTPS'),
        fc.constantFrom('', '', '', 'user:secret@', 'user@'),
        fc.constantFrom(...WEBHOOK_HOSTS),
        fc.constantFrom('', '', ':443', ':8443', ':0', ':65535', ':65536'),
        fc.constantFrom('/hooks', '/', '', '/landbridge/webhooks?x=1', '/a#fragment', `/${'p'.repeat(2100)}`),
      )
      .map(([scheme, credentials, host, port, path]) => `${scheme}://${credentials}${host}${port}${path}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'https://hooks.example.invalid/x',
      'https://xn--n3h.invalid/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/plain,hello',
      'not a url',
      '',
      'https://',
      '//1.1.1.1/hooks',
      'https://1.1.1.1/\u0000',
      'https://1.1.1.1\\@127.0.0.1/',
      'https://127.0.0.1%2f@1.1.1.1/',
    ),
  },
);

/** Mostly `valid`, now and then one of the `edges` (values near what is valid). */
const mostly = <T>(valid: fc.Arbitrary<T>, ...edges: T[]): fc.Arbitrary<T> =>
  edges.length ? fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...edges) }) : valid;

/**
 * Plausible values for properties and parameters by name: real ones seen while seeding, valid fresh ones
 * (VINs and unit numbers with check digits, recent dates, codes of the right shape), and a few near misses.
 * Hostile values come on top of these, from the mutations of the schema generator.
 */
export function landbridgeHints(
  known: KnownValues,
  now = new Date(),
): (name: string) => fc.Arbitrary<unknown> | undefined {
  const day = 86_400_000;
  const recent = dateTime(new Date(now.getTime() - 3 * day), new Date(now.getTime() + 10 * 60_000));
  const planned = dateTime(new Date(now.getTime() - 30 * day), new Date(now.getTime() + 60 * day));
  // Days of recent years, or of a few years at the edges of the calendar (the same ones for `from` and
  // `to`, so that short ranges there come up too).
  const calendarDay = fc
    .tuple(
      fc.oneof(fc.integer({ min: 2019, max: 2028 }), fc.constantFrom(0, 1, 1969, 9999)),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
    )
    .map(([year, month, day]) =>
      [String(year).padStart(4, '0'), String(month).padStart(2, '0'), String(day).padStart(2, '0')].join('-'),
    );
  const stationCodes = [...known.values('stationCode'), ...known.inCollection('/api/v1/stations', 'code')];
  /** Real values of this name (or of `alsoFrom`) or fresh ones, half and half. */
  const realOr = (name: string, fresh: fc.Arbitrary<unknown>, alsoFrom: (string | number)[] = []) => {
    const real = oneOfKnown([...known.values(name), ...alsoFrom]);
    return real ? fc.oneof(real, fresh) : fresh;
  };
  const real = (values: (string | number)[], fallback: fc.Arbitrary<unknown>) => oneOfKnown(values) ?? fallback;
  const organizations = [
    ...known.inCollection('/api/v1/organizations', 'id'),
    ...known.values('organizationId'),
    ...known.values('exporterId'),
  ];
  const stationCode = fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{3}$/);
  const hints: Record<string, () => fc.Arbitrary<unknown> | undefined> = {
    uuid: () => oneOfKnown(known.uuids()),
    vin: () => realOr('vin', mostly(validVin, 'LGXCH4CD3S2107504', 'IOQ00000000000000', 'lgxch4cd3s2107503')),
    number: () => mostly(validUnitNumber, 'CSQU3054384', '12345678', 'ABCD1234567'),
    stationCode: () => real(stationCodes, stationCode),
    originStationCode: () => real(stationCodes, stationCode),
    destinationStationCode: () => real(stationCodes, stationCode),
    code: () => realOr('code', fc.oneof(stationCode, fc.stringMatching(/^[A-Z]{3}-[A-Z]{3}-[A-Z0-9]{3}$/))),
    routeCode: () => real(known.values('routeCode'), fc.constant('ZGZ-MOW-ERC')),
    trainId: () => real(known.inCollection('/api/v1/trains', 'id'), fc.uuid()),
    exporterId: () => real(organizations, fc.uuid()),
    organizationId: () => real(organizations, fc.uuid()),
    after: () => real(known.inCollection('/api/v1/events', 'id'), fc.uuid()),
    waybillNumber: () => realOr('waybillNumber', mostly(fc.stringMatching(/^SMGS[0-9]{8,12}$/), 'smgs1234', 'SMGS')),
    trainNumber: () => realOr('trainNumber', fc.stringMatching(/^X[0-9]{3,5}$/)),
    email: () => realOr('email', mostly(fc.emailAddress(), 'not-an-email', 'a@b')),
    password: () => mostly(fc.string({ minLength: 12, maxLength: 40 }), 'short', 'correct-horse-battery-staple'),
    occurredAt: () => fc.oneof({ weight: 8, arbitrary: recent }, { weight: 1, arbitrary: extremeDate }),
    plannedDepartureAt: () => fc.oneof({ weight: 8, arbitrary: planned }, { weight: 1, arbitrary: extremeDate }),
    from: () => fc.oneof({ weight: 6, arbitrary: calendarDay }, { weight: 1, arbitrary: extremeDate }),
    to: () => fc.oneof({ weight: 6, arbitrary: calendarDay }, { weight: 1, arbitrary: extremeDate }),
    url: () => webhookUrl,
    amount: () =>
      mostly(
        fc
          .tuple(fc.nat({ max: 9_999_999 }), fc.nat({ max: 99 }))
          .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`),
        '0.00',
        '-1.00',
        '999999999999.99',
        '1000000000000.00',
        '12.345',
        '1e5',
        '1,000.00',
        ' 1.00',
      ),
    currency: () => mostly(fc.constant('CNY'), 'USD', 'EUR', 'RUB', 'XXX', 'cny'),
    country: () => mostly(fc.constantFrom('CN', 'RU', 'KZ', 'MN', 'BY', 'PL', 'DE'), 'XX', 'cn', 'CHN'),
    timezone: () =>
      mostly(
        fc.constantFrom('Asia/Shanghai', 'Europe/Moscow', 'UTC', 'Asia/Almaty', 'Asia/Ulaanbaatar'),
        'Etc/GMT+14',
        'Mars/Olympus',
        'localtime',
        '+08:00',
      ),
    delayHours: () => mostly(fc.integer({ min: 1, max: 200 }), 0, -1, 0.5, 1e6),
  };
  return (name) => (Object.hasOwn(hints, name) ? hints[name]!() : undefined);
}
