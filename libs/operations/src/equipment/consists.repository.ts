import { Injectable } from '@nestjs/common';
import {
  type Db,
  isoUtcSql,
  execute,
  jsonArraySql,
  jsonObjectSql,
  jsonSql,
  ownedBy,
  queryPrepared,
  queryRow,
  queryRows,
  rawSql,
  sql,
  type TenantScope,
} from '@landbridge/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { WagonInput } from './consist-rules.js';
import { containerTrip } from './container-trip.js';

/** A time as the contract writes it (isoUtcSql); null for ±infinity (the origin consist's valid_from). */
const isoUtc = (column: string) => `CASE WHEN isfinite(${column}) THEN ${isoUtcSql(column)} END`;

/** The wagons of consist `k`, by position, each with its containers (ConsistWagonDto[]). */
const WAGONS_JSON = `(
  SELECT ${jsonArraySql(
    jsonObjectSql({
      position: 'w.position',
      number: 'w.number',
      gauge: 'w.gauge',
      kind: 'w.kind',
      capacityTeu: 'w.capacity_teu',
      containers: jsonSql(`(
        SELECT ${jsonArraySql(jsonObjectSql({ number: 'cc.container_number', sizeType: 'cc.size_type' }), 'cc.container_number')}
        FROM consist_containers cc WHERE cc.consist_id = w.consist_id AND cc.wagon_position = w.position)`),
    }),
    'w.position',
  )}
  FROM consist_wagons w WHERE w.consist_id = k.id)`;

/** Consist `k` as the contract's JSON document (ConsistDto). */
const CONSIST_JSON = rawSql(
  jsonObjectSql({
    trainId: 'k.train_id',
    trainNumber: 'k.train_number',
    stationCode: 'k.station_code',
    validFrom: isoUtc('k.valid_from'),
    validTo: isoUtc('k.valid_to'),
    version: 'k.version',
    wagons: jsonSql(WAGONS_JSON),
  }),
);

/** The consist a train runs on now (valid_to IS NULL), if it has one. */
export interface CurrentConsist {
  id: string;
  version: number;
}

/** The wagon a unit rides on in a consist: a car carrier by its number, or a container's flat. */
export interface WagonOfUnit {
  number: string;
  gauge: number;
  kind: 'flat' | 'car_carrier';
}

/** A unit holding vehicles loaded on a train, and how many. */
export interface LoadedUnit {
  kind: 'container' | 'wagon';
  number: string;
  vehicles: number;
}

/** A container on the consist in force of a train, as a request lists it. */
export interface ContainerHolder {
  number: string;
  trainId: string;
  trainNumber: string;
}

/**
 * A container on its trip as the contract's JSON document (ContainerDto), from the CTEs of
 * `containerOnTrip`: `trip` (the train, and the container number), `mine` (the vehicles in it the caller
 * may see) and `history` (its consist entries the caller may see).
 */
const CONTAINER_JSON = rawSql(
  jsonObjectSql({
    number: 'trip.number',
    sizeType: `(SELECT cc.size_type FROM consist_containers cc JOIN consists k ON k.id = cc.consist_id
      JOIN trains t ON t.id = k.train_id WHERE cc.container_number = trip.number AND t.status <> 'cancelled'
      ORDER BY k.train_id = trip.id DESC, t.planned_departure_at DESC, k.valid_from DESC LIMIT 1)`,
    trainId: 'trip.id',
    trainNumber: 'trip.train_number',
    wagon: jsonSql(`(SELECT ${jsonObjectSql({ number: 'w.number', gauge: 'w.gauge' })}
      FROM (SELECT k.id FROM consists k WHERE k.train_id = trip.id AND k.valid_from <= now()
            ORDER BY k.valid_from DESC LIMIT 1) now_k
      JOIN consist_containers cc ON cc.consist_id = now_k.id AND cc.container_number = trip.number
      JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position)`),
    vehicles: jsonSql(
      `(SELECT ${jsonArraySql(jsonObjectSql({ vin: 'm.vin', consignmentId: 'm.consignment_id' }), 'm.booked_seq')} FROM mine m)`,
    ),
    history: jsonSql(
      `(SELECT ${jsonArraySql(
        jsonObjectSql({
          trainId: 'h.train_id',
          stationCode: 'h.station_code',
          wagonNumber: 'h.wagon_number',
          from: isoUtc('h.valid_from'),
          to: isoUtc('h.valid_to'),
        }),
        'h.planned_departure_at, h.valid_from, h.train_id',
      )} FROM history h)`,
    ),
  }),
);

/** A consist as read for a response: its JSON document, and its id and version. */
export interface ConsistJson {
  id: string;
  version: number;
  json: string;
}

/**
 * The consists of trains (`consists`, `consist_wagons`, `consist_containers`, `consist_vehicles`): which
 * wagons a train runs on, which containers sit on which wagon, from when to when. The consist at a time
 * is the train's last with `valid_from` at or before it (index consists_train_from).
 */
@Injectable()
export class ConsistsRepository {
  /** The consist of the train in force at `at` (now when null), as its JSON document. */
  inForceAt(db: Db, trainId: string, at: Date | null): Promise<ConsistJson | undefined> {
    return queryRow<ConsistJson>(
      db,
      sql`SELECT k.id, k.version, ${CONSIST_JSON} AS json
          FROM consists k
          WHERE k.train_id = ${trainId} AND k.valid_from <= COALESCE(${at}::timestamptz, now())
          ORDER BY k.valid_from DESC LIMIT 1`,
    );
  }

  /** The consist the train runs on now (index consists_train_current). */
  current(em: EntityManager, trainId: string): Promise<CurrentConsist | undefined> {
    return queryRow<CurrentConsist>(
      em,
      sql`SELECT id, version FROM consists WHERE train_id = ${trainId} AND valid_to IS NULL`,
    );
  }

  /** The consist formed at the origin, in force from the start: version 1, no wagons yet. */
  async insertAtOrigin(
    em: EntityManager,
    train: { id: string; trainNumber: string },
    origin: { code: string; gauge: number },
  ): Promise<CurrentConsist> {
    const row = await queryRow<CurrentConsist>(
      em,
      sql`INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
          VALUES (${train.id}, ${origin.code}, ${origin.gauge}, ${train.trainNumber}, '-infinity')
          RETURNING id, version`,
    );
    return row!;
  }

  /** A new version of the consist without its wagons (and so without their containers), to be given new ones. */
  async clearForReplacement(em: EntityManager, consistId: string): Promise<number> {
    await execute(em, sql`DELETE FROM consist_wagons WHERE consist_id = ${consistId}`);
    const row = await queryRow<{ version: number }>(
      em,
      sql`WITH k AS (UPDATE consists SET version = version + 1 WHERE id = ${consistId} RETURNING version)
          SELECT version FROM k`,
    );
    return row!.version;
  }

  /**
   * Serialises the writers of consists listing any of these containers (in number order, so two never wait
   * for each other), until the transaction ends: the check that a container is on no other train's consist
   * then sees what a concurrent writer committed, which no constraint across trains could enforce.
   */
  async lockContainers(em: EntityManager, numbers: readonly string[]): Promise<void> {
    await queryRows(
      em,
      sql`SELECT pg_advisory_xact_lock(hashtextextended('container:' || x.n, 0))
          FROM (SELECT DISTINCT n FROM unnest(${numbers}::text[]) AS n ORDER BY n) x`,
    );
  }

  /**
   * Which of these containers ride another train that has not arrived: on its consist in force (planned,
   * loading or departed; index consist_containers_container), or holding vehicles actively loaded on it
   * (index vehicles_container, then loadings_vin_active), which a train without a consist has.
   *
   * Both halves start from the containers asked about, whatever the statistics say: the planner otherwise
   * starts the second from every active loading (index loadings_train_active), which the statistics count
   * as few after a quiet spell, and during a day of loading reads thousands of them, each through the
   * row-level security of loadings and vehicles, per request (50–130 ms instead of 1).
   */
  containersOnOtherTrains(em: EntityManager, trainId: string, numbers: readonly string[]): Promise<ContainerHolder[]> {
    return queryRows<ContainerHolder>(
      em,
      sql`WITH listed AS MATERIALIZED (
            SELECT cc.container_number, cc.consist_id FROM consist_containers cc WHERE cc.container_number = ANY(${numbers})
          ), carried AS MATERIALIZED (
            SELECT v.vin, v.unit_number FROM vehicles v WHERE v.unit_kind = 'container' AND v.unit_number = ANY(${numbers})
          )
          SELECT cc.container_number AS number, k.train_id AS "trainId", t.train_number AS "trainNumber"
          FROM listed cc
          JOIN consists k ON k.id = cc.consist_id AND k.valid_to IS NULL
          JOIN trains t ON t.id = k.train_id
          WHERE k.train_id <> ${trainId} AND t.status IN ('planned', 'loading', 'departed')
          UNION
          SELECT v.unit_number, l.train_id, t.train_number
          FROM carried v
          -- OFFSET 0: not flattened into a join, so each vehicle's active loading is one index probe by its VIN.
          CROSS JOIN LATERAL (SELECT l.train_id FROM loadings l WHERE l.vin = v.vin AND l.released_at IS NULL OFFSET 0) l
          JOIN trains t ON t.id = l.train_id
          WHERE l.train_id <> ${trainId}`,
    );
  }

  /** The units (containers, wagons) holding the vehicles loaded on the train now, with their counts. */
  loadedUnits(em: EntityManager, trainId: string): Promise<LoadedUnit[]> {
    return queryRows<LoadedUnit>(
      em,
      sql`SELECT v.unit_kind AS kind, v.unit_number AS number, count(*)::int AS vehicles
          FROM loadings l JOIN vehicles v ON v.vin = l.vin
          WHERE l.train_id = ${trainId} AND l.released_at IS NULL AND v.unit_kind IS NOT NULL
          GROUP BY v.unit_kind, v.unit_number ORDER BY v.unit_kind, v.unit_number`,
    );
  }

  /** The wagon of the consist that carries the unit: the car carrier or flat of that number, or the container's flat. */
  wagonOfUnit(
    em: EntityManager,
    consistId: string,
    unit: { kind: 'container' | 'wagon'; number: string },
  ): Promise<WagonOfUnit | undefined> {
    return queryRow<WagonOfUnit>(
      em,
      unit.kind === 'wagon'
        ? sql`SELECT w.number, w.gauge, w.kind FROM consist_wagons w
              WHERE w.consist_id = ${consistId} AND w.number = ${unit.number}`
        : sql`SELECT w.number, w.gauge, w.kind FROM consist_containers cc
              JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
              WHERE cc.consist_id = ${consistId} AND cc.container_number = ${unit.number}`,
    );
  }

  /**
   * The wagon of the consist carrying each of these units (a car carrier or flat of that number, or the
   * container's flat), in one statement; a unit the consist does not carry is absent from the answer.
   */
  wagonsOfUnits(
    em: EntityManager,
    consistId: string,
    units: readonly { kind: 'container' | 'wagon'; number: string }[],
  ): Promise<(WagonOfUnit & { unitKind: 'container' | 'wagon'; unitNumber: string })[]> {
    return queryRows(
      em,
      sql`SELECT u.kind AS "unitKind", u.number AS "unitNumber", w.number, w.gauge, w.kind
          FROM unnest(${units.map((u) => u.kind)}::text[], ${units.map((u) => u.number)}::text[]) AS u(kind, number)
          JOIN LATERAL (
            SELECT w.number, w.gauge, w.kind FROM consist_wagons w
            WHERE u.kind = 'wagon' AND w.consist_id = ${consistId} AND w.number = u.number
            UNION ALL
            SELECT w.number, w.gauge, w.kind FROM consist_containers cc
            JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
            WHERE u.kind = 'container' AND cc.consist_id = ${consistId} AND cc.container_number = u.number
          ) w ON true`,
    );
  }

  /**
   * Puts every vehicle loaded on the train on the wagon of the consist that carries its unit (its car
   * carrier, or its container's flat); a vehicle whose unit the consist does not carry is on no wagon.
   */
  async placeLoadedVehicles(em: EntityManager, trainId: string, consistId: string): Promise<void> {
    await execute(
      em,
      sql`WITH units AS (
            SELECT 'wagon' AS kind, w.number AS unit_number, w.number, w.gauge FROM consist_wagons w
            WHERE w.consist_id = ${consistId} AND w.kind = 'car_carrier'
            UNION ALL
            SELECT 'container', cc.container_number, w.number, w.gauge FROM consist_containers cc
            JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
            WHERE cc.consist_id = ${consistId}
          ),
          placed AS (
            SELECT l.vin, u.number, u.gauge FROM loadings l
            JOIN vehicles lv ON lv.vin = l.vin
            LEFT JOIN units u ON u.kind = lv.unit_kind AND u.unit_number = lv.unit_number
            WHERE l.train_id = ${trainId} AND l.released_at IS NULL AND lv.unit_kind IS NOT NULL
          )
          UPDATE vehicles v SET wagon_number = p.number, wagon_gauge = p.gauge FROM placed p WHERE v.vin = p.vin`,
    );
  }

  /**
   * The container on its trip (containerTrip), as its JSON document; its size type and history leave out
   * cancelled trains' consists. An exporter sees it only while it holds one of its vehicles on that trip,
   * then only its own vehicles, and only the consist entries of trains on which it had vehicles in the
   * container. Undefined when there is none.
   */
  async containerOnTrip(dataSource: DataSource, number: string, scope: TenantScope): Promise<string | undefined> {
    const exporter = scope.organizationId !== undefined;
    // A train on which the scope had vehicles in the container: loaded into it, or moved into it at a gauge change.
    const hadVehicles = (train: string) =>
      exporter
        ? sql`(EXISTS (SELECT 1 FROM loadings l JOIN vehicles v ON v.vin = l.vin
                JOIN consignments c ON c.id = v.consignment_id
                WHERE l.unit_kind = 'container' AND l.unit_number = ${number} AND l.train_id = ${rawSql(train)}
                  AND ${ownedBy(scope, 'c.exporter_id')})
              OR EXISTS (SELECT 1 FROM consists k2 JOIN consist_vehicles cv ON cv.consist_id = k2.id
                JOIN vehicles v ON v.vin = cv.vin JOIN consignments c ON c.id = v.consignment_id
                WHERE k2.train_id = ${rawSql(train)} AND cv.unit_kind = 'container' AND cv.unit_number = ${number}
                  AND ${ownedBy(scope, 'c.exporter_id')}))`
        : sql`true`;
    // Prepared (planned once per connection): planning this statement took longer than running it.
    const [row] = await queryPrepared<{ json: string }>(
      dataSource,
      sql`WITH trip AS (
            SELECT x.id, x.train_number, ${number}::text AS number FROM (${containerTrip(number)}) x
          ),
          mine AS (
            SELECT v.vin, v.consignment_id, v.booked_seq FROM trip
            JOIN vehicles v ON v.unit_kind = 'container' AND v.unit_number = trip.number
            JOIN consignments c ON c.id = v.consignment_id AND c.train_id = trip.id
            WHERE ${ownedBy(scope, 'c.exporter_id')}
          ),
          history AS (
            SELECT k.train_id, k.station_code, w.number AS wagon_number, k.valid_from, k.valid_to,
              t.planned_departure_at
            FROM consist_containers cc
            JOIN consists k ON k.id = cc.consist_id
            JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
            JOIN trains t ON t.id = k.train_id
            WHERE cc.container_number = ${number} AND t.status <> 'cancelled' AND ${hadVehicles('k.train_id')}
          )
          SELECT ${CONTAINER_JSON} AS json FROM trip
          WHERE ${exporter ? sql`EXISTS (SELECT 1 FROM mine)` : sql`true`}`,
    );
    return row?.json;
  }

  /** The consist's wagons and the containers on them, in two statements whatever their number. */
  async insertWagons(em: EntityManager, consistId: string, wagons: readonly WagonInput[]): Promise<void> {
    const rows = JSON.stringify(
      wagons.map((w) => ({
        position: w.position,
        number: w.number,
        gauge: w.gauge,
        kind: w.kind,
        capacity_teu: w.capacityTeu ?? null,
      })),
    );
    await execute(
      em,
      sql`INSERT INTO consist_wagons (consist_id, position, number, gauge, kind, capacity_teu)
          SELECT ${consistId}, x.position, x.number, x.gauge, x.kind, x.capacity_teu
          FROM jsonb_to_recordset(${rows}::jsonb)
            AS x(position smallint, number varchar(12), gauge smallint, kind text, capacity_teu smallint)`,
    );
    const containers = JSON.stringify(
      wagons.flatMap((w) =>
        (w.containers ?? []).map((c) => ({ container_number: c.number, size_type: c.sizeType, position: w.position })),
      ),
    );
    await execute(
      em,
      sql`INSERT INTO consist_containers (consist_id, container_number, size_type, wagon_position)
          SELECT ${consistId}, x.container_number, x.size_type, x.position
          FROM jsonb_to_recordset(${containers}::jsonb)
            AS x(container_number varchar(11), size_type char(4), position smallint)`,
    );
  }
}
