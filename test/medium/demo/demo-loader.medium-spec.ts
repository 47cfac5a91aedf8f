import pg from 'pg';
import { isValidBroadGaugeWagonNumber, isValidContainerNumber, isValidUicWagonNumber } from '@landbridge/common';
import { loadDemo } from '../../../apps/demo/src/demo-loader.js';
import { DEMO_EXPORTERS } from '../../../apps/demo/src/demo-plan.js';
import { consistProblems, type WagonInput } from '../../../libs/operations/src/equipment/consist-rules.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const BN = 1_000_000_000;

describe('the demo loader', () => {
  let db: MediumDatabase;
  let client: pg.Client;
  const count = async (table: string) =>
    (await db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    db = await openMediumDatabase();
    client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.close();
  });

  it('loads January 2022 to March 2024 at a small scale, adding up to the provincial figures', async () => {
    const progress: number[] = [];
    const summary = await loadDemo(client, 0.001, (done) => progress.push(done));

    expect(summary.loaded).toBe(true);
    expect(progress.at(-1)).toBe(summary.trains);
    expect(await count('trains')).toBe(summary.trains);
    expect(await count('consignments')).toBe(summary.consignments);
    expect(await count('vehicles')).toBe(summary.vehicles);
    expect(await count('loadings')).toBe(summary.vehicles);
    const exporters = await db.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT o.name FROM consignments c JOIN organizations o ON o.id = c.exporter_id ORDER BY 1`,
    );
    expect(exporters.map((o) => o.name)).toEqual(DEMO_EXPORTERS.map((e) => e.name).sort());

    const [span] = await db.dataSource.query<{ first: string; last: string; arrived: number }[]>(
      `SELECT to_char(min(departed_at), 'YYYY-MM') AS first, to_char(max(departed_at), 'YYYY-MM') AS last,
         count(*) FILTER (WHERE status = 'arrived' AND arrived_at > departed_at)::int AS arrived
       FROM trains`,
    );
    expect(span).toEqual({ first: '2022-01', last: '2024-03', arrived: summary.trains });
    // Every train's history runs from its departure to its arrival, and every consignment was delivered.
    const [history] = await db.dataSource.query<{ departed: number; arrived: number; delivered: number }[]>(
      `SELECT count(*) FILTER (WHERE type = 'DEPARTED')::int AS departed,
         count(*) FILTER (WHERE type = 'ARRIVED')::int AS arrived,
         count(*) FILTER (WHERE type = 'DELIVERED')::int AS delivered
       FROM tracking_events`,
    );
    expect(history).toEqual({ departed: summary.trains, arrived: summary.trains, delivered: summary.consignments });

    const byYear = await db.dataSource.query<{ year: string; value: string }[]>(
      `SELECT to_char(month, 'YYYY') AS year, sum(value)::text AS value FROM export_figures_monthly GROUP BY 1 ORDER BY 1`,
    );
    expect(byYear.map((row) => [row.year, Number(row.value)])).toEqual([
      ['2022', 12.51 * BN],
      ['2023', 25.83 * BN],
      ['2024', 8.6 * BN],
    ]);
  });

  it('gives every train a consist, and a transshipment at its gauge-change stop that agrees with its loadings', async () => {
    const query = <T>(text: string) => db.dataSource.query<T[]>(text);
    const trains = await count('trains');
    // A consist from the origin on 1435 mm and one from the transshipment on 1520 mm, each sound by the API's rules.
    const consists = await query<{ train: string; gauge: 1435 | 1520; wagons: WagonInput[]; origin: boolean }>(
      `SELECT k.train_id AS train, k.gauge, k.valid_from = '-infinity' AS origin,
         json_agg(json_build_object('position', w.position, 'number', w.number, 'gauge', w.gauge, 'kind', w.kind,
           'capacityTeu', w.capacity_teu, 'containers', (
             SELECT coalesce(json_agg(json_build_object('number', c.container_number, 'sizeType', c.size_type)), '[]')
             FROM consist_containers c WHERE c.consist_id = k.id AND c.wagon_position = w.position))
           ORDER BY w.position) AS wagons
       FROM consists k JOIN consist_wagons w ON w.consist_id = k.id GROUP BY k.id`,
    );
    expect(consists.filter((k) => k.origin && k.gauge === 1435)).toHaveLength(trains);
    expect(consists.filter((k) => !k.origin && k.gauge === 1520)).toHaveLength(trains);
    for (const consist of consists) {
      expect(consistProblems(consist.wagons, consist.gauge, 'the demo')).toEqual([]);
      const valid = consist.gauge === 1435 ? isValidUicWagonNumber : isValidBroadGaugeWagonNumber;
      expect(consist.wagons.filter((w) => !valid(w.number))).toEqual([]);
      expect(consist.wagons.flatMap((w) => w.containers ?? []).every((c) => isValidContainerNumber(c.number))).toBe(
        true,
      );
      if (consist.origin) {
        expect(consist.wagons.length).toBeGreaterThanOrEqual(40);
        expect(consist.wagons.length).toBeLessThanOrEqual(55);
      }
    }
    const hasCarriers = consists.filter((k) => k.origin && k.wagons.some((w) => w.kind === 'car_carrier'));
    expect(hasCarriers.length).toBeGreaterThan(0);
    expect(hasCarriers.length).toBeLessThan(trains);

    // One transshipment a train, at its route's gauge-change stop, between its arrival there and its
    // departure; the consists meet at it, every container moved; Manzhouli and Alashankou trains renumbered.
    const [transshipments] = await query<Record<string, number>>(
      `SELECT count(*)::int AS all,
         count(*) FILTER (WHERE rs.gauge_change AND arrived.occurred_at <= x.occurred_at
           AND x.occurred_at <= left_it.occurred_at)::int AS timed,
         count(*) FILTER (WHERE old.valid_to = x.occurred_at AND new.valid_from = x.occurred_at
           AND new.valid_to IS NULL AND new.station_code = x.station_code)::int AS chained,
         count(*) FILTER (WHERE x.containers_moved = (SELECT count(*) FROM consist_containers c WHERE c.consist_id = old.id)
           AND NOT EXISTS (SELECT container_number FROM consist_containers WHERE consist_id = old.id
             EXCEPT SELECT container_number FROM consist_containers WHERE consist_id = new.id))::int AS whole,
         count(*) FILTER (WHERE t.train_number = x.train_number AND new.train_number = x.train_number
           AND old.train_number = x.from_train_number AND CASE t.route_code WHEN 'ZGZ-MOW-ERC'
             THEN x.train_number = x.from_train_number ELSE x.train_number ~ '^[0-9]{4}$' END)::int AS numbered
       FROM transshipments x JOIN trains t ON t.id = x.train_id
         JOIN route_stops rs ON rs.route_code = t.route_code AND rs.station_code = x.station_code
         JOIN consists old ON old.id = x.from_consist_id JOIN consists new ON new.id = x.consist_id
         LEFT JOIN tracking_events arrived ON arrived.train_id = t.id AND arrived.type = 'ARRIVED_AT_STATION'
           AND arrived.station_code = x.station_code
         LEFT JOIN tracking_events left_it ON left_it.train_id = t.id AND left_it.type = 'DEPARTED_STATION'
           AND left_it.station_code = x.station_code`,
    );
    expect(transshipments).toEqual({ all: trains, timed: trains, chained: trains, whole: trains, numbered: trains });
    // Each in the timeline as the API writes it: one TRANSSHIPPED train event saying where, what and the number.
    const [timeline] = await query<Record<string, number>>(
      `SELECT count(*)::int AS all,
         count(*) FILTER (WHERE e.note = s.name || ': ' || x.containers_moved || ' containers from 1435 mm to 1520 mm wagons'
           || CASE WHEN x.train_number = x.from_train_number THEN '' ELSE ', train now ' || x.train_number END)::int AS told
       FROM transshipments x JOIN stations s ON s.code = x.station_code
         JOIN tracking_events e ON e.train_id = x.train_id AND e.type = 'TRANSSHIPPED' AND e.station_code = x.station_code
           AND e.occurred_at = x.occurred_at AND e.consignment_id IS NULL`,
    );
    expect(timeline).toEqual({ all: trains, told: trains });

    // Loaded into a container on the origin consist, or onto its car carrier; riding now on the wagon of the
    // consist after the gauge change that carries the container, or on the car carrier the car was moved to.
    const [vehicles] = await query<Record<string, number>>(
      `SELECT count(*)::int AS all,
         count(*) FILTER (WHERE l.unit_kind = 'container' AND EXISTS (SELECT 1 FROM consist_containers c
           WHERE c.consist_id = old.id AND c.container_number = l.unit_number)
           OR l.unit_kind = 'wagon' AND EXISTS (SELECT 1 FROM consist_wagons w
             WHERE w.consist_id = old.id AND w.number = l.unit_number AND w.kind = 'car_carrier'))::int AS loaded,
         count(*) FILTER (WHERE v.wagon_gauge = 1520 AND (v.unit_kind = 'container' AND v.unit_number = l.unit_number
           AND EXISTS (SELECT 1 FROM consist_containers c JOIN consist_wagons w ON w.consist_id = c.consist_id
             AND w.position = c.wagon_position
             WHERE c.consist_id = new.id AND c.container_number = v.unit_number AND w.number = v.wagon_number)
           OR v.unit_kind = 'wagon' AND v.wagon_number = v.unit_number AND EXISTS (SELECT 1 FROM consist_vehicles m
             JOIN consist_wagons w ON w.consist_id = m.consist_id AND w.number = m.unit_number AND w.kind = 'car_carrier'
             WHERE m.consist_id = new.id AND m.vin = v.vin AND m.unit_number = v.unit_number)))::int AS riding,
         count(*) FILTER (WHERE l.unit_kind = 'wagon')::int AS on_carriers,
         (SELECT count(*) FROM consist_vehicles)::int AS moved
       FROM loadings l JOIN vehicles v ON v.vin = l.vin JOIN transshipments x ON x.train_id = l.train_id
         JOIN consists old ON old.id = x.from_consist_id JOIN consists new ON new.id = x.consist_id`,
    );
    expect(vehicles).toEqual({
      all: await count('vehicles'),
      loaded: await count('vehicles'),
      riding: await count('vehicles'),
      on_carriers: vehicles!.moved,
      moved: vehicles!.moved,
    });
    expect(vehicles!.moved).toBeGreaterThan(0);
  });

  it('writes a border dwell that follows the events: hours in summer, days in winter, and a few outliers', async () => {
    const dwells = await db.dataSource.query<
      { route: string; month: number; dwell: Record<string, unknown>[]; hours: number }[]
    >(
      `SELECT t.route_code AS route, extract(month FROM t.departed_at)::int AS month, t.border_dwell AS dwell,
         round(extract(epoch FROM left_it.occurred_at - arrived.occurred_at) / 360)::float / 10 AS hours
       FROM trains t JOIN route_stops rs ON rs.route_code = t.route_code AND rs.sequence = 2
         JOIN tracking_events arrived ON arrived.train_id = t.id AND arrived.type = 'ARRIVED_AT_STATION'
           AND arrived.station_code = rs.station_code
         JOIN transshipments x ON x.train_id = t.id
         JOIN tracking_events left_it ON left_it.train_id = t.id AND left_it.type = 'DEPARTED_STATION'
           AND left_it.station_code = x.station_code`,
    );
    expect(dwells).toHaveLength(await count('trains'));
    for (const { dwell, hours } of dwells) {
      expect(dwell).toEqual([
        { stationCode: expect.any(String), arrivedAt: expect.any(String), departedAt: expect.any(String), hours },
      ]);
    }
    const summer = dwells.filter((d) => d.month >= 6 && d.month <= 8).map((d) => d.hours);
    const winter = dwells.filter((d) => d.month === 12 || d.month === 1).map((d) => d.hours);
    expect(summer.length && winter.length).toBeTruthy();
    // Fluid, or an outlier (one train in thirty held 3–9 days more, whatever the season): nothing between.
    expect(summer.filter((hours) => hours >= 36).every((hours) => hours > 72)).toBe(true);
    expect(summer.filter((hours) => hours < 36).length).toBeGreaterThan(summer.length / 2);
    expect(Math.min(...winter)).toBeGreaterThan(48);
  });

  it('adds nothing when the dataset is already there', async () => {
    const tables = ['trains', 'vehicles', 'organizations', 'tracking_events', 'consists', 'transshipments'];
    const before = await Promise.all(tables.map(count));
    const summary = await loadDemo(client, 0.001);
    expect(summary.loaded).toBe(false);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});
