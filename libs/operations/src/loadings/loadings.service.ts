import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsignmentStatusWriter } from '../consignments/consignment-status-writer.js';
import { acceptsLoading } from '../trains/train-status.js';
import { TrainsService } from '../trains/trains.service.js';
import type { CreateLoadingDto, LoadingDto } from './loading.dto.js';

/**
 * Which VIN is in which container or wagon of which train. A loading is all or nothing, runs as a few
 * set-based statements whatever its size, and the database (partial unique index `loadings_vin_active`)
 * guarantees a VIN is on at most one train that has not arrived, even under concurrent requests.
 */
@Injectable()
export class LoadingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsService,
    private readonly statuses: ConsignmentStatusWriter,
  ) {}

  async load(trainId: string, input: CreateLoadingDto): Promise<LoadingDto> {
    const { vins, unit } = input;
    await this.dataSource.transaction(async (em) => {
      const train = await this.trains.lock(em, trainId);
      if (!acceptsLoading(train.status)) {
        throw new ConflictError(
          `Train ${train.train_number} is ${train.status}: loading is possible only before departure`,
        );
      }
      const vehicles = await em.query<
        { vin: string; consignment_id: string; status: string; train_id: string | null }[]
      >(
        `SELECT v.vin, v.consignment_id, c.status, c.train_id
         FROM vehicles v JOIN consignments c ON c.id = v.consignment_id WHERE v.vin = ANY($1)`,
        [vins],
      );
      const known = new Map(vehicles.map((vehicle) => [vehicle.vin, vehicle]));
      const unknown = vins.flatMap((vin, i) =>
        known.has(vin) ? [] : [{ field: `vins[${i}]`, message: `no vehicle ${vin} is booked` }],
      );
      if (unknown.length) throw new InvalidInputError(`Unknown VIN${unknown.length > 1 ? 's' : ''}`, unknown);
      const closed = vehicles.filter((vehicle) => vehicle.status === 'cancelled');
      if (closed.length) throw new ConflictError(`The consignment of ${closed[0]!.vin} is cancelled`);
      const elsewhere = vehicles.find((vehicle) => vehicle.train_id !== null && vehicle.train_id !== trainId);
      if (elsewhere) {
        throw new ConflictError(
          `VIN ${elsewhere.vin} belongs to a consignment travelling on train ${elsewhere.train_id}`,
          [
            {
              field: `vins[${vins.indexOf(elsewhere.vin)}]`,
              message: `its consignment is on train ${elsewhere.train_id}`,
            },
          ],
          { trainId: elsewhere.train_id },
        );
      }

      // Insert, or move within this same train (a retry, or a re-load into another unit). A VIN active on
      // another train makes the conditional DO UPDATE skip it, so it is missing from RETURNING.
      const placed = await em.query<{ vin: string }[]>(
        `INSERT INTO loadings (train_id, vin, unit_kind, unit_number)
         SELECT $1, vin, $3, $4 FROM unnest($2::text[]) AS vin
         ON CONFLICT (vin) WHERE released_at IS NULL
         DO UPDATE SET unit_kind = EXCLUDED.unit_kind, unit_number = EXCLUDED.unit_number, loaded_at = now()
           WHERE loadings.train_id = EXCLUDED.train_id
         RETURNING vin`,
        [trainId, vins, unit.kind, unit.number],
      );
      if (placed.length !== vins.length) {
        const placedSet = new Set(placed.map((row) => row.vin));
        const blocked = vins.filter((vin) => !placedSet.has(vin));
        const holders = await em.query<{ vin: string; train_id: string }[]>(
          'SELECT vin, train_id FROM loadings WHERE vin = ANY($1) AND released_at IS NULL',
          [blocked],
        );
        throw new ConflictError(
          `VIN ${holders.map((h) => `${h.vin} is already on train ${h.train_id}`).join('; ')}`,
          holders.map((h) => ({ field: `vins[${vins.indexOf(h.vin)}]`, message: `already on train ${h.train_id}` })),
          { trainId: holders[0]?.train_id },
        );
      }
      await em.query(
        `UPDATE vehicles SET unit_kind = $2, unit_number = $3,
           status = CASE WHEN status = 'booked' THEN 'loaded' ELSE status END
         WHERE vin = ANY($1)`,
        [vins, unit.kind, unit.number],
      );
      await this.statuses.update(
        em,
        "c.id = ANY($1) AND (c.train_id IS DISTINCT FROM $2 OR c.status = 'booked')",
        [[...new Set(vehicles.map((vehicle) => vehicle.consignment_id))], trainId],
        `train_id = $2, status = CASE WHEN c.status = 'booked' THEN 'loaded' ELSE c.status END,
           eta = (SELECT t.eta FROM trains t WHERE t.id = $2)`,
        [trainId],
      );
      await recount(em, trainId);
    });
    return { trainId, unit, loaded: vins };
  }

  /** Takes a vehicle off a train before departure; its consignment leaves the train with its last vehicle. */
  async unload(trainId: string, vin: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const train = await this.trains.lock(em, trainId);
      if (!acceptsLoading(train.status)) {
        throw new ConflictError(
          `Train ${train.train_number} is ${train.status}: unloading is possible only before departure`,
        );
      }
      // Ends in a SELECT: for a bare UPDATE, TypeORM's query() answers [rows, count] instead of rows.
      const [removed] = await em.query<{ consignment_id: string }[]>(
        `WITH removed AS (DELETE FROM loadings WHERE train_id = $1 AND vin = $2 AND released_at IS NULL RETURNING vin),
         vehicle AS (
           UPDATE vehicles v SET status = 'booked', unit_kind = NULL, unit_number = NULL
           FROM removed r WHERE v.vin = r.vin RETURNING v.consignment_id
         )
         SELECT consignment_id FROM vehicle`,
        [trainId, vin],
      );
      if (!removed) throw new NotFoundError('Loading of VIN', `${vin} on train ${trainId}`);
      // The consignment leaves the train with its last vehicle.
      await this.statuses.update(
        em,
        `c.id = $1 AND NOT EXISTS (
           SELECT 1 FROM loadings l JOIN vehicles v ON v.vin = l.vin
           WHERE v.consignment_id = c.id AND l.train_id = $2 AND l.released_at IS NULL)`,
        [removed.consignment_id, trainId],
        "train_id = NULL, status = CASE WHEN c.status = 'loaded' THEN 'booked' ELSE c.status END, eta = NULL",
        [],
      );
      await recount(em, trainId);
    });
  }
}

/** Keeps a train's counts (and planned ↔ loading) in step with its active loadings. */
async function recount(em: EntityManager, trainId: string): Promise<void> {
  await em.query(
    `UPDATE trains t SET vehicle_count = counts.vehicles, consignment_count = counts.consignments,
       status = CASE WHEN t.status IN ('planned', 'loading') THEN
                  CASE WHEN counts.vehicles > 0 THEN 'loading' ELSE 'planned' END ELSE t.status END,
       version = t.version + 1, updated_at = now()
     FROM (
       SELECT count(*)::int AS vehicles, count(DISTINCT v.consignment_id)::int AS consignments
       FROM loadings l JOIN vehicles v ON v.vin = l.vin WHERE l.train_id = $1 AND l.released_at IS NULL
     ) counts
     WHERE t.id = $1`,
    [trainId],
  );
}
