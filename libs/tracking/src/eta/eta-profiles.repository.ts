import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { execute, queryRow, queryRows, sql } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventType } from '../journey/event-types.js';
import { ENOUGH_TRIPS, type EtaProfile } from './eta-model.js';

/** An arrived train's trip as the analytics and the ETA's refresh read it. */
export interface TrainTransit {
  trainId: string;
  routeCode: string;
  departedAt: Date;
  arrivedAt: Date;
  /** Its dwell at the route's border crossing (the gauge-change stop), when it has one. */
  border: { stationCode: string; hours: number } | null;
  /** The exporters whose consignments it carried. */
  exporterIds: string[];
}

/** A train event of an arrived train, as the profiles learn from it. */
export interface TransitEvent {
  trainId: string;
  type: EventType;
  stationCode: string;
  occurredAt: Date;
}

/** The tables `eta_profiles` (the learned ETA, per route and month of departure) and `train_transits`. */
@Injectable()
export class EtaProfilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The profile of a route for trains departing in `month`, in `em`'s transaction; undefined while there is none. */
  async profile(em: EntityManager, routeCode: string, month: number): Promise<EtaProfile | undefined> {
    const row = await queryRow<{ profile: EtaProfile }>(
      em,
      sql`SELECT profile FROM eta_profiles WHERE route_code = ${routeCode} AND month = ${month}`,
    );
    return row?.profile;
  }

  /** Records (or corrects, after a late event) an arrived train's trip. */
  async recordTransit(em: EntityManager, transit: TrainTransit): Promise<void> {
    const { trainId, routeCode, departedAt, arrivedAt, border, exporterIds } = transit;
    await execute(
      em,
      sql`INSERT INTO train_transits (train_id, route_code, departed_at, arrived_at, border_station_code,
            border_dwell_hours, exporter_ids)
          VALUES (${trainId}, ${routeCode}, ${departedAt}, ${arrivedAt}, ${border?.stationCode ?? null},
            ${border?.hours ?? null}, ${exporterIds}::uuid[])
          ON CONFLICT (train_id) DO UPDATE SET departed_at = excluded.departed_at, arrived_at = excluded.arrived_at,
            border_station_code = excluded.border_station_code, border_dwell_hours = excluded.border_dwell_hours,
            exporter_ids = excluded.exporter_ids`,
    );
  }

  /** Routes whose arrived trains are not what their profiles learned from (a train arrived since, or none yet). */
  async stale(): Promise<{ routeCode: string; arrived: number }[]> {
    return queryRows<{ routeCode: string; arrived: number }>(
      this.dataSource,
      sql`SELECT t.route_code AS "routeCode", count(*)::int AS arrived FROM train_transits t
          GROUP BY t.route_code
          HAVING count(*) IS DISTINCT FROM (SELECT max(p.trips) FROM eta_profiles p WHERE p.route_code = t.route_code)
            AND (count(*) >= ${ENOUGH_TRIPS} OR EXISTS (SELECT 1 FROM eta_profiles p WHERE p.route_code = t.route_code))`,
    );
  }

  /** The train events of every arrived train of a route. */
  async eventsOfArrived(routeCode: string): Promise<TransitEvent[]> {
    return queryRows<TransitEvent>(
      this.dataSource,
      sql`SELECT e.train_id AS "trainId", e.type, e.station_code AS "stationCode", e.occurred_at AS "occurredAt"
          FROM train_transits t JOIN tracking_events e ON e.train_id = t.train_id AND e.consignment_id IS NULL
          WHERE t.route_code = ${routeCode}`,
    );
  }

  /** Replaces a route's profiles (none: back to the plan), noting how many arrived trains they learned from. */
  async replace(routeCode: string, trips: number, profiles: readonly EtaProfile[] | null): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await execute(em, sql`DELETE FROM eta_profiles WHERE route_code = ${routeCode}`);
      if (!profiles) return;
      await execute(
        em,
        sql`INSERT INTO eta_profiles (route_code, month, trips, profile)
            SELECT ${routeCode}, p.month, ${trips}, p.profile
            FROM jsonb_to_recordset(${JSON.stringify(profiles.map((profile) => ({ month: profile.month, profile })))}::jsonb)
              AS p(month smallint, profile jsonb)`,
      );
    });
  }
}
