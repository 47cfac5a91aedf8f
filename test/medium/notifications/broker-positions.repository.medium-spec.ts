import { randomUUID } from 'node:crypto';
import { ALL_TENANTS } from '@landbridge/common';
import { BrokerPositionsRepository } from '../../../libs/notifications/src/relay/broker-positions.repository.js';
import { StatusEventsRepository } from '../../../libs/notifications/src/status-events/status-events.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aStatusChange, eventually } from './notifications-fixtures.js';

describe('broker positions: how far the feed is published, and who publishes it', () => {
  let db: MediumDatabase;
  let positions: BrokerPositionsRepository;
  let events: StatusEventsRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    positions = new BrokerPositionsRepository(db.dataSource);
    events = new StatusEventsRepository(db.dataSource);
  });
  afterAll(() => db.close());

  /** An event committed and readable, with its position. */
  const committedEvent = async () => {
    const start = await events.currentPosition();
    const change = aStatusChange(randomUUID());
    await db.dataSource.transaction((em) => events.append(em, [change]));
    const [event] = await eventually(
      () => events.readAfter(ALL_TENANTS, start, 10),
      (items) => items.some((item) => item.event.data.consignmentId === change.consignmentId),
    );
    return event!;
  };

  it('starts a cursor at the end of the feed once, and keeps it where it is afterwards', async () => {
    const name = `nats:${randomUUID()}`;
    const before = await committedEvent();
    await positions.startAtEnd(name);
    const start = await positions.lease(name, 'worker-1', 15);
    expect(start!.seq).toBe('0');
    // Nothing committed before the start is published.
    expect(await events.readAfter(ALL_TENANTS, start!, 10)).not.toContainEqual(before);

    const event = await committedEvent();
    expect(await positions.advance(name, 'worker-1', event.position, 15)).toBe(true);
    await positions.startAtEnd(name);
    expect(await positions.lease(name, 'worker-1', 15)).toEqual(event.position);
  });

  it('leases the cursor to one worker at a time; only the holder moves it', async () => {
    const name = `nats:${randomUUID()}`;
    await positions.startAtEnd(name);
    const start = await positions.lease(name, 'worker-1', 15);
    expect(start).toBeDefined();
    expect(await positions.lease(name, 'worker-2', 15)).toBeUndefined();
    expect(await positions.lease(name, 'worker-1', 15)).toEqual(start);

    const event = await committedEvent();
    expect(await positions.advance(name, 'worker-2', event.position, 15)).toBe(false);
    expect(await positions.lease(name, 'worker-1', 0)).toEqual(start);

    // A lease that ran out goes to the next worker asking, and the former holder can no longer move it.
    expect(await positions.lease(name, 'worker-2', 15)).toEqual(start);
    expect(await positions.advance(name, 'worker-1', event.position, 15)).toBe(false);
    expect(await positions.advance(name, 'worker-2', event.position, 15)).toBe(true);
    expect(await positions.lease(name, 'worker-2', 15)).toEqual(event.position);
  });

  it('has no lease to give for an unknown cursor', async () => {
    expect(await positions.lease(`nats:${randomUUID()}`, 'worker-1', 15)).toBeUndefined();
  });
});
