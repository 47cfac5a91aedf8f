import { RoutesRepository } from '../../../libs/reference-data/src/routes/routes.repository.js';
import { RoutesService } from '../../../libs/reference-data/src/routes/routes.service.js';
import {
  InvalidRouteStopsError,
  RouteCodeTakenError,
  RouteNotFoundError,
} from '../../../libs/reference-data/src/reference-data-errors.js';
import { StationsRepository } from '../../../libs/reference-data/src/stations/stations.repository.js';
import { StationsService } from '../../../libs/reference-data/src/stations/stations.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const stop = (sequence: number, stationCode: string, plannedHoursFromOrigin: number, gaugeChange = false) => ({
  sequence,
  stationCode,
  plannedHoursFromOrigin,
  gaugeChange,
});

describe('routes', () => {
  let db: MediumDatabase;
  let routes: RoutesRepository;
  let service: RoutesService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    routes = new RoutesRepository(db.dataSource);
    service = new RoutesService(routes, new StationsService(new StationsRepository(db.dataSource)));
  });
  afterAll(() => db.close());

  const stopCount = async (code: string) =>
    (
      await db.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM route_stops WHERE route_code = $1',
        [code],
      )
    )[0]!.count;

  it('pages through the seeded routes by code, each with its stops in order', async () => {
    const first = await routes.page(2, undefined);
    expect(first.items.map((r) => [r.code, r.stops.length])).toEqual([
      ['ZGZ-MOW-AKL', 6],
      ['ZGZ-MOW-ERC', 8],
    ]);
    const second = await routes.page(2, first.nextCursor!);
    expect(second.items.map((r) => r.code)).toEqual(['ZGZ-MOW-MLX']);
    expect(second.nextCursor).toBeNull();
  });

  it('reads a route with its stops in travel order, hours as numbers', async () => {
    const route = await routes.findByCode('ZGZ-MOW-ERC');
    expect(route).toMatchObject({ code: 'ZGZ-MOW-ERC', version: 1 });
    expect(route!.stops.slice(0, 3)).toEqual([stop(1, 'CNZGZ', 0), stop(2, 'CNERC', 40), stop(3, 'MNZUU', 52, true)]);
    expect(await routes.findByCode('NOPE')).toBeUndefined();
    await expect(service.get('NOPE')).rejects.toBeInstanceOf(RouteNotFoundError);
  });

  it('creates a route with its stops; a second with its code is a 409 that writes nothing', async () => {
    const stops = [stop(10, 'CNZGZ', 0), stop(20, 'CNERC', 36), stop(30, 'MNZUU', 46.5, true), stop(40, 'RUMOW', 260)];
    const created = await service.create({ code: 'ZGZ-MOW-FAST', name: 'Express', stops });
    expect(created).toEqual({ code: 'ZGZ-MOW-FAST', name: 'Express', stops, version: 1 });

    const again = service.create({
      code: 'ZGZ-MOW-FAST',
      name: 'Again',
      stops: [stop(1, 'CNZGZ', 0), stop(2, 'RUMOW', 9)],
    });
    await expect(again).rejects.toBeInstanceOf(RouteCodeTakenError);
    await expect(again).rejects.toMatchObject({ status: 409, message: 'Route ZGZ-MOW-FAST already exists' });
    expect(await stopCount('ZGZ-MOW-FAST')).toBe(4);
  });

  it('writes a route and its stops in one transaction: a failing stop leaves no route behind', async () => {
    // An unknown station passes the repository (the service checks first) but not the foreign key.
    await expect(
      routes.insert({ code: 'ZGZ-HALF', name: 'Half', stops: [stop(1, 'CNZGZ', 0), stop(2, 'XXNOP', 5)] }),
    ).rejects.toThrow();
    expect(await routes.findByCode('ZGZ-HALF')).toBeUndefined();
  });

  it('refuses stops that make no route, naming each, before writing anything', async () => {
    const refused = service.create({
      code: 'ZGZ-BAD',
      name: 'Broken',
      stops: [stop(1, 'CNZGZ', 0), stop(2, 'XXNOP', 40), stop(3, 'RUMOW', 30)],
    });
    await expect(refused).rejects.toBeInstanceOf(InvalidRouteStopsError);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      errors: [
        { field: 'stops[1].stationCode', message: 'station XXNOP does not exist' },
        { field: 'stops[2].plannedHoursFromOrigin', message: 'must be greater than 40' },
      ],
    });
    expect(await routes.findByCode('ZGZ-BAD')).toBeUndefined();
  });
});
