import { Injectable } from '@nestjs/common';
import { type Db, execute, jsonArraySql, jsonObjectSql, jsonSql, queryRow, rawSql, sql } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import type { WagonInput } from './consist-rules.js';

/** A timestamptz as the contract writes it: RFC 3339 in UTC with milliseconds; null for ±infinity. */
const isoUtc = (column: string) =>
  `CASE WHEN isfinite(${column}) THEN to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

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
