import { type Actor, createActor } from './support/actors.js';
import { bodyWithStatus } from './support/expect-status.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Documents built as JSON by PostgreSQL (consignments, vehicles, timelines, status events) have one
 * definition: the OpenAPI schema of their DTO. Each is checked against it, strictly, in every state a
 * client sees, so that the SQL and the DTO cannot drift apart.
 */
describe('SQL-built documents match their OpenAPI schemas', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let schemas: OpenApiValidator;

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    schemas = new OpenApiValidator(
      (await (await api.request('/api/v1/openapi.json')).json()) as ConstructorParameters<typeof OpenApiValidator>[0],
    );
  });
  afterAll(() => api.close());

  const expectConforms = (schema: string, value: unknown) => expect(schemas.problems(schema, value)).toEqual([]);

  it('conforms booked, loaded, departed and delivered, in lookups, lists, timelines and the feed', async () => {
    const booked = await bodyWithStatus<{ id: string; vehicles: { vin: string }[] }>(
      await api.request('/api/v1/consignments', { method: 'POST', token: exporter.token, json: aConsignment(3) }),
      201,
    );
    expectConforms('ConsignmentDto', booked);
    const vin = booked.vehicles[0]!.vin;
    expectConforms(
      'VehicleLookupDto',
      await bodyWithStatus(await api.request(`/api/v1/vehicles/${vin}`, { token: exporter.token }), 200),
    );

    const train = await bodyWithStatus<{ id: string }>(
      await api.request('/api/v1/trains', {
        method: 'POST',
        token: operator.token,
        json: aTrain({ plannedDepartureAt: new Date(Date.now() - 86_400_000).toISOString() }),
      }),
      201,
    );
    expectConforms('TrainDto', train);
    await bodyWithStatus(
      await api.request(`/api/v1/trains/${train.id}/loadings`, {
        method: 'POST',
        token: operator.token,
        json: { unit: { kind: 'container', number: aContainerNumber() }, vins: booked.vehicles.map((v) => v.vin) },
      }),
      201,
    );
    const event = (type: string, stationCode: string, hoursAgo: number) =>
      api.request(`/api/v1/trains/${train.id}/events`, {
        method: 'POST',
        token: operator.token,
        json: { type, stationCode, occurredAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString() },
      });
    await bodyWithStatus(await event('DEPARTED', 'CNZGZ', 20), 201);
    const states = [
      await bodyWithStatus(await api.request(`/api/v1/consignments/${booked.id}`, { token: exporter.token }), 200),
    ];
    await bodyWithStatus(await event('ARRIVED', 'RUMOW', 1), 201);
    await bodyWithStatus(
      await api.request(`/api/v1/consignments/${booked.id}/events`, {
        method: 'POST',
        token: operator.token,
        json: { type: 'DELIVERED', stationCode: 'RUMOW', occurredAt: new Date(Date.now() - 60_000).toISOString() },
      }),
      201,
    );
    states.push(
      await bodyWithStatus(await api.request(`/api/v1/consignments/${booked.id}`, { token: exporter.token }), 200),
    );
    for (const state of states) expectConforms('ConsignmentDto', state);
    expectConforms(
      'VehicleLookupDto',
      await bodyWithStatus(await api.request(`/api/v1/vehicles/${vin}`, { token: exporter.token }), 200),
    );
    expectConforms(
      'ConsignmentPageDto',
      await bodyWithStatus(await api.request('/api/v1/consignments?limit=5', { token: exporter.token }), 200),
    );
    expectConforms(
      'TimelineDto',
      await bodyWithStatus(
        await api.request(`/api/v1/consignments/${booked.id}/timeline`, { token: exporter.token }),
        200,
      ),
    );
    expectConforms(
      'TrainDto',
      await bodyWithStatus(await api.request(`/api/v1/trains/${train.id}`, { token: operator.token }), 200),
    );
    let feed: { items: unknown[] } = { items: [] };
    for (let i = 0; i < 100 && feed.items.length < 4; i++) {
      feed = await bodyWithStatus(await api.request('/api/v1/events', { token: exporter.token }), 200);
      if (feed.items.length < 4) await new Promise((done) => setTimeout(done, 50));
    }
    expect(feed.items.length).toBeGreaterThanOrEqual(4);
    expectConforms('StatusEventPageDto', feed);
  });

  it('fails a document that drifts from its schema (a missing field, an extra one, a wrong type)', async () => {
    const consignment = await bodyWithStatus<Record<string, unknown>>(
      await api.request('/api/v1/consignments', { method: 'POST', token: exporter.token, json: aConsignment(1) }),
      201,
    );
    const { version: _version, ...missing } = consignment;
    expect(schemas.problems('ConsignmentDto', missing)).not.toEqual([]);
    expect(schemas.problems('ConsignmentDto', { ...consignment, surprise: 1 })).not.toEqual([]);
    expect(schemas.problems('ConsignmentDto', { ...consignment, eta: 12 })).not.toEqual([]);
  });
});
