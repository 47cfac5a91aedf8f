import { type Sql, sql } from '@landbridge/common';

/**
 * The train a container is on its trip with, as a subquery of at most one row (`id`, `train_number`): the
 * one rule GET /containers/:number and GET /consignments?containerNumber= both follow. Candidates are the
 * trains, not cancelled, whose consists list the container (index consist_containers_container), and those
 * that loaded into it vehicles still in it (index vehicles_container, then loadings by VIN): a loading
 * released by a cancellation left its vehicle in no unit, so it no longer counts. A train that carries it
 * (departed with it, or holding vehicles loaded into it) comes before one that only plans to (its consist
 * lists it, nothing is in it yet), so the trip that brought vehicles in it stays theirs until the container is
 * used again; then a train still under way before one that arrived, then the latest planned departure.
 */
export const containerTrip = (number: string): Sql =>
  sql`SELECT t.id, t.train_number FROM trains t
      WHERE t.id = ANY(ARRAY(
          SELECT k.train_id FROM consist_containers cc JOIN consists k ON k.id = cc.consist_id
          WHERE cc.container_number = ${number}
          UNION
          SELECT l.train_id FROM vehicles v JOIN loadings l ON l.vin = v.vin
          WHERE v.unit_kind = 'container' AND v.unit_number = ${number}
            AND l.unit_kind = 'container' AND l.unit_number = ${number}))
        AND t.status <> 'cancelled'
      ORDER BY t.status = 'departed' OR EXISTS (
          SELECT 1 FROM vehicles v JOIN loadings l ON l.vin = v.vin AND l.train_id = t.id
          WHERE v.unit_kind = 'container' AND v.unit_number = ${number}) DESC,
        t.status IN ('planned', 'loading', 'departed') DESC, t.planned_departure_at DESC, t.id DESC
      LIMIT 1`;
