import { Injectable } from '@nestjs/common';
import { execute, queryRow, queryRows, sql } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import type { ConsignmentStatus } from '../consignments/consignment-status.js';

/** A container or wagon of a train. */
export interface Unit {
  kind: 'container' | 'wagon';
  number: string;
}

/** A vehicle of a loading list: the unit it goes into, and the wagon of the consist carrying that unit. */
export interface VehicleInUnit {
  vin: string;
  unit: Unit;
  wagon: { number: string; gauge: number } | null;
}

/** A vehicle about to be loaded, with what its consignment says. */
export interface VehicleToLoad {
  vin: string;
  consignmentId: string;
  consignmentStatus: ConsignmentStatus;
  trainId: string | null;
  /** The number of the consignment's train. */
  trainNumber: string | null;
}

/**
 * The `loadings` table, and the unit and status each loading, unloading and release leaves on the vehicles.
 * The partial unique index `loadings_vin_active` keeps a VIN on at most one train that has not arrived.
 */
@Injectable()
export class LoadingsRepository {
  /**
   * Locks the consignments of these VINs (in id order), so that an amendment or a cancellation of one waits
   * for the loading or the loading for it: the train first, then its consignments, then their vehicles.
   * A statement of its own: vehiclesToLoad, run after it, reads with a snapshot taken once the locks are
   * held, so it sees whatever a concurrent amendment committed (FOR UPDATE in that read would re-check
   * only the locked consignment rows, not the vehicles and train joined to them).
   */
  async lockConsignmentsOf(em: EntityManager, vins: readonly string[]): Promise<void> {
    await queryRows(
      em,
      // The ids as an array first: as a semi-join, the planner may scan every consignment to find them.
      sql`SELECT c.id FROM consignments c
          WHERE c.id = ANY(ARRAY(SELECT DISTINCT v.consignment_id FROM vehicles v WHERE v.vin = ANY(${vins})))
          ORDER BY c.id FOR UPDATE`,
    );
  }

  vehiclesToLoad(em: EntityManager, vins: readonly string[]): Promise<VehicleToLoad[]> {
    return queryRows<VehicleToLoad>(
      em,
      sql`SELECT v.vin, v.consignment_id AS "consignmentId", c.status AS "consignmentStatus", c.train_id AS "trainId",
            t.train_number AS "trainNumber"
          FROM vehicles v JOIN consignments c ON c.id = v.consignment_id LEFT JOIN trains t ON t.id = c.train_id
          WHERE v.vin = ANY(${vins})`,
    );
  }

  /**
   * Loads the VINs into the unit: inserted, or moved within this same train (a retry, or a re-load into
   * another unit). A VIN active on another train makes the conditional DO UPDATE skip it, so it is missing
   * from the answer: the VINs placed.
   */
  async place(em: EntityManager, trainId: string, vins: readonly string[], unit: Unit): Promise<string[]> {
    const rows = await queryRows<{ vin: string }>(
      em,
      sql`INSERT INTO loadings (train_id, vin, unit_kind, unit_number)
          SELECT ${trainId}, vin, ${unit.kind}, ${unit.number} FROM unnest(${vins}::text[]) AS vin
          ON CONFLICT (vin) WHERE released_at IS NULL
          DO UPDATE SET unit_kind = EXCLUDED.unit_kind, unit_number = EXCLUDED.unit_number, loaded_at = now()
            WHERE loadings.train_id = EXCLUDED.train_id
          RETURNING vin`,
    );
    return rows.map((row) => row.vin);
  }

  /**
   * As `place`, for many units at once (a loading list): each VIN into its own unit, one statement.
   */
  async placeInUnits(em: EntityManager, trainId: string, vehicles: readonly VehicleInUnit[]): Promise<string[]> {
    const rows = await queryRows<{ vin: string }>(
      em,
      sql`INSERT INTO loadings (train_id, vin, unit_kind, unit_number)
          SELECT ${trainId}, u.vin, u.kind, u.number
          FROM unnest(${vehicles.map((v) => v.vin)}::text[], ${vehicles.map((v) => v.unit.kind)}::text[],
            ${vehicles.map((v) => v.unit.number)}::text[]) AS u(vin, kind, number)
          ON CONFLICT (vin) WHERE released_at IS NULL
          DO UPDATE SET unit_kind = EXCLUDED.unit_kind, unit_number = EXCLUDED.unit_number, loaded_at = now()
            WHERE loadings.train_id = EXCLUDED.train_id
          RETURNING vin`,
    );
    return rows.map((row) => row.vin);
  }

  /** As `putInUnit`, for many units at once: each vehicle in its unit, on its wagon; one statement. */
  async putInUnits(em: EntityManager, vehicles: readonly VehicleInUnit[]): Promise<void> {
    await execute(
      em,
      sql`UPDATE vehicles v SET unit_kind = u.kind, unit_number = u.number, wagon_number = u.wagon_number,
            wagon_gauge = u.wagon_gauge, status = CASE WHEN v.status = 'booked' THEN 'loaded' ELSE v.status END
          FROM unnest(${vehicles.map((x) => x.vin)}::text[], ${vehicles.map((x) => x.unit.kind)}::text[],
            ${vehicles.map((x) => x.unit.number)}::text[], ${vehicles.map((x) => x.wagon?.number ?? null)}::text[],
            ${vehicles.map((x) => x.wagon?.gauge ?? null)}::int[]) AS u(vin, kind, number, wagon_number, wagon_gauge)
          WHERE v.vin = u.vin`,
    );
  }

  /** Which train, not arrived yet, holds each of these VINs. */
  activeHolders(
    em: EntityManager,
    vins: readonly string[],
  ): Promise<{ vin: string; trainId: string; trainNumber: string }[]> {
    return queryRows(
      em,
      sql`SELECT l.vin, l.train_id AS "trainId", t.train_number AS "trainNumber"
          FROM loadings l JOIN trains t ON t.id = l.train_id WHERE l.vin = ANY(${vins}) AND l.released_at IS NULL`,
    );
  }

  /**
   * The vehicles are in the unit, on `wagon` (the wagon of the train's consist carrying the unit; null when
   * the train has no consist); those booked become loaded.
   */
  async putInUnit(
    em: EntityManager,
    vins: readonly string[],
    unit: Unit,
    wagon: { number: string; gauge: number } | null,
  ): Promise<void> {
    await execute(
      em,
      sql`UPDATE vehicles SET unit_kind = ${unit.kind}, unit_number = ${unit.number},
            wagon_number = ${wagon?.number ?? null}, wagon_gauge = ${wagon?.gauge ?? null},
            status = CASE WHEN status = 'booked' THEN 'loaded' ELSE status END
          WHERE vin = ANY(${vins})`,
    );
  }

  /** Takes a VIN off a train: its vehicle is booked again, in no unit and on no wagon. The consignment of the vehicle, or undefined. */
  async unload(em: EntityManager, trainId: string, vin: string): Promise<string | undefined> {
    // Ends in a SELECT: for a bare UPDATE, TypeORM's query() answers [rows, count] instead of rows.
    const row = await queryRow<{ consignment_id: string }>(
      em,
      sql`WITH removed AS (
            DELETE FROM loadings WHERE train_id = ${trainId} AND vin = ${vin} AND released_at IS NULL RETURNING vin
          ),
          vehicle AS (
            UPDATE vehicles v SET status = 'booked', unit_kind = NULL, unit_number = NULL, wagon_number = NULL,
              wagon_gauge = NULL
            FROM removed r WHERE v.vin = r.vin RETURNING v.consignment_id
          )
          SELECT consignment_id FROM vehicle`,
    );
    return row?.consignment_id;
  }

  /**
   * Ends every active loading of a (cancelled) train: its vehicles are in no unit (a vehicle has a unit
   * only while it is on its consignment's train), the loaded ones booked again.
   */
  async releaseVehiclesOfTrain(em: EntityManager, trainId: string): Promise<void> {
    await execute(
      em,
      sql`WITH released AS (
            UPDATE loadings SET released_at = now() WHERE train_id = ${trainId} AND released_at IS NULL RETURNING vin
          )
          UPDATE vehicles v SET status = CASE WHEN v.status = 'loaded' THEN 'booked' ELSE v.status END,
            unit_kind = NULL, unit_number = NULL, wagon_number = NULL, wagon_gauge = NULL
          FROM released r WHERE v.vin = r.vin`,
    );
  }

  /**
   * Ends the active loadings of a consignment's vehicles (it is cancelled): they stay on record, and the
   * cancellation leaves the vehicles in no unit.
   */
  async releaseVehiclesOfConsignment(em: EntityManager, consignmentId: string): Promise<void> {
    await execute(
      em,
      sql`UPDATE loadings SET released_at = now()
          WHERE released_at IS NULL AND vin IN (SELECT vin FROM vehicles WHERE consignment_id = ${consignmentId})`,
    );
  }

  /** At arrival the vehicles are free to be loaded onto another train; the units they travelled in stay on record. */
  async releaseOnArrival(em: EntityManager, trainId: string, arrivedAt: Date | null): Promise<void> {
    await execute(
      em,
      sql`UPDATE loadings SET released_at = ${arrivedAt} WHERE train_id = ${trainId} AND released_at IS NULL`,
    );
  }
}
