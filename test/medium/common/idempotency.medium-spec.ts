import { randomUUID } from 'node:crypto';
import { IdempotencyStore } from '@landbridge/common';
import { IdempotencyRepository } from '../../../libs/common/src/idempotency/idempotency.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const created = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"id":"t-1"}' };

describe('idempotency keys', () => {
  let db: MediumDatabase;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await openMediumDatabase();
    store = new IdempotencyStore(new IdempotencyRepository(db.dataSource));
  });
  afterAll(() => db.close());

  const request = (body: unknown) => IdempotencyStore.fingerprint('POST', '/api/v1/trains', body);
  const age = (callerId: string, column: 'created_at' | 'locked_until', interval: string) =>
    db.dataSource.query(`UPDATE idempotency_keys SET ${column} = now() - $2::interval WHERE caller_id = $1`, [
      callerId,
      interval,
    ]);

  it('lets the first request run, and answers a repeat in flight, a different request, and a replay', async () => {
    const caller = randomUUID();
    expect(await store.claim(caller, 'k', request({ a: 1 }))).toEqual({ kind: 'claimed' });
    expect(await store.claim(caller, 'k', request({ a: 1 }))).toEqual({ kind: 'in-flight' });
    expect(await store.claim(caller, 'k', request({ a: 2 }))).toEqual({ kind: 'mismatch' });

    await store.complete(caller, 'k', created.status, created.headers, created.body);
    expect(await store.claim(caller, 'k', request({ a: 1 }))).toEqual({ kind: 'replay', ...created });
    expect(await store.claim(caller, 'k', request({ a: 2 }))).toEqual({ kind: 'mismatch' });
  });

  it('claims a key once among concurrent requests, and keeps keys apart per caller', async () => {
    const caller = randomUUID();
    const results = await Promise.all(Array.from({ length: 4 }, () => store.claim(caller, 'race', request({}))));
    expect(results.filter((result) => result.kind === 'claimed')).toHaveLength(1);
    expect(await store.claim(randomUUID(), 'race', request({}))).toEqual({ kind: 'claimed' });
  });

  it('frees a released key, and one whose request outlived its lease for the same request only', async () => {
    const caller = randomUUID();
    await store.claim(caller, 'released', request({}));
    await store.release(caller, 'released');
    expect(await store.claim(caller, 'released', request({ other: true }))).toEqual({ kind: 'claimed' });

    await store.claim(caller, 'stuck', request({ a: 1 }));
    await age(caller, 'locked_until', '1 second');
    expect(await store.claim(caller, 'stuck', request({ a: 2 }))).toEqual({ kind: 'mismatch' });
    expect(await store.claim(caller, 'stuck', request({ a: 1 }))).toEqual({ kind: 'claimed' });
  });

  it('forgets keys past their retention: they may be claimed anew, and the purge removes only them', async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    await store.claim(old, 'k', request({ a: 1 }));
    await store.complete(old, 'k', created.status, created.headers, created.body);
    await store.claim(recent, 'k', request({ a: 1 }));
    await age(old, 'created_at', '25 hours');
    expect(await store.claim(old, 'k', request({ a: 2 }))).toEqual({ kind: 'claimed' });

    await age(old, 'created_at', '25 hours');
    const before = await db.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    );
    expect(await store.purge()).toBe(before[0]!.count);
    const left = await db.dataSource.query<{ caller_id: string }[]>(
      'SELECT caller_id FROM idempotency_keys WHERE caller_id = ANY($1::uuid[])',
      [[old, recent]],
    );
    expect(left).toEqual([{ caller_id: recent }]);
  });
});
