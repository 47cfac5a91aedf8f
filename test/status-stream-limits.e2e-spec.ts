import { StatusEventsService } from '@landbridge/notifications';
import { type Actor, createActor } from './support/actors.js';
import type { StatusEvent } from './support/api-types.js';
import { loadedTrain } from './support/scenarios.js';
import { openStream, type SseClient } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('status updates: what event streams cost the server', () => {
  /** At most 2 streams per principal. */
  let limited: TestApp;
  /** At most 3 streams in the process (on the same database). */
  let crowded: TestApp;
  /** Room for many streams (on the same database), to count its feed reads. */
  let roomy: TestApp;
  let operator: Actor;
  const streams: SseClient[] = [];

  const open = async (app: TestApp, token: string) => {
    const stream = await openStream(`${app.baseUrl}/api/v1/events/stream`, token);
    streams.push(stream);
    return stream;
  };
  /** A stream request that is refused: the problem details and the Retry-After header. */
  const refused = async (app: TestApp, token: string, status: number) => {
    const response = await app.request('/api/v1/events/stream', { token });
    // An accepted stream has no end to read to.
    if (response.status === 200) await response.body?.cancel();
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(body)).toEqual(expect.objectContaining({ status, detail: expect.any(String) as unknown }));
    return Number(response.headers.get('retry-after'));
  };
  /** Opens a stream, retrying while a slot just given back is not free yet (the close travels over TCP). */
  const openWhenFree = async (app: TestApp, token: string) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${app.baseUrl}/api/v1/events/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.body?.cancel();
      if (response.status === 200 || attempt === 20) return response.status;
      await new Promise((done) => setTimeout(done, 50));
    }
  };
  /** A consignment of the exporter, loaded onto a new train: one status change (booked → loaded). */
  const loaded = async (exporter: Actor) => (await loadedTrain(limited, operator, exporter)).consignment.id;
  const sseClients = async (app: TestApp) => {
    const text = await (await app.asAdmin()).metrics();
    return Number(/^landbridge_sse_clients (\d+)$/m.exec(text)?.[1]);
  };

  beforeAll(async () => {
    limited = await startTestApp({ STREAMS_PER_CALLER: '2' });
    crowded = await startTestApp({ STREAMS_PER_PROCESS: '3' }, limited);
    roomy = await startTestApp({ STREAMS_PER_CALLER: '50' }, limited);
    operator = await createActor(limited, 'operator');
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await roomy.close();
    await crowded.close();
    await limited.close();
  });

  it('refuses a third concurrent stream of the same user (429, Retry-After), and takes one again once closed', async () => {
    const exporter = await createActor(limited, 'exporter');
    const first = await open(limited, exporter.token);
    await open(limited, exporter.token);

    expect(await refused(limited, exporter.token, 429)).toBeGreaterThan(0);
    // Others are not affected; an API key of the same user counts on its own.
    const other = await createActor(limited, 'exporter');
    await open(limited, other.token);
    const { key } = await limited.as(exporter).createApiKey({ name: 'ERP' });
    await open(limited, key);

    first.close();
    expect(await openWhenFree(limited, exporter.token)).toBe(200);
  });

  it('refuses a stream over the limit of the process (503, Retry-After)', async () => {
    const [one, two] = [await createActor(limited, 'exporter'), await createActor(limited, 'exporter')];
    await open(crowded, one.token);
    await open(crowded, one.token);
    const third = await open(crowded, two.token);

    expect(await refused(crowded, operator.token, 503)).toBeGreaterThan(0);
    third.close();
    expect(await openWhenFree(crowded, operator.token)).toBe(200);
  });

  it('reads the feed once a second for all its open streams, not once per stream, and serves each its own', async () => {
    const [exporterA, exporterB] = [await createActor(limited, 'exporter'), await createActor(limited, 'exporter')];
    const service = roomy.app.get(StatusEventsService);
    // Every feed query of the stream goes through readAfter: count them.
    const readAfter = service.readAfter.bind(service);
    let reads = 0;
    service.readAfter = (...args) => {
      reads++;
      return readAfter(...args);
    };
    try {
      const ofA = await Promise.all(Array.from({ length: 10 }, () => open(roomy, exporterA.token)));
      const staff = await Promise.all(Array.from({ length: 10 }, () => open(roomy, operator.token)));
      expect(await sseClients(roomy)).toBe(20);

      // Idle: only the timer wakes the reader.
      await new Promise((done) => setTimeout(done, 500));
      reads = 0;
      await new Promise((done) => setTimeout(done, 3000));
      expect(reads).toBeLessThanOrEqual(2 * 3);

      // Written through another process: its notification wakes this one.
      const mine = await loaded(exporterA);
      const theirs = await loaded(exporterB);
      await Promise.all([...ofA.map((s) => s.waitFor(1)), ...staff.map((s) => s.waitFor(2))]);
      const statuses = (stream: SseClient) =>
        (stream.events.map((e) => e.data) as StatusEvent[]).map((e) => `${e.data.consignmentId}:${e.data.status}`);
      for (const stream of staff) expect(statuses(stream)).toEqual([`${mine}:loaded`, `${theirs}:loaded`]);
      await new Promise((done) => setTimeout(done, 1200));
      for (const stream of ofA) expect(statuses(stream)).toEqual([`${mine}:loaded`]);

      for (const stream of [...ofA, ...staff]) stream.close();
      for (let i = 0; i < 40 && (await sseClients(roomy)) > 0; i++) {
        await new Promise((done) => setTimeout(done, 50));
      }
      expect(await sseClients(roomy)).toBe(0);
    } finally {
      service.readAfter = readAfter;
    }
  });
});
