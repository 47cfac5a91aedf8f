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
 *
 * The rule is the database function landbridge_container_trip (RowLevelSecurity1796600000000): it weighs
 * every organization's vehicles in the container, which row-level security hides from an exporter's
 * statement, so it runs as its owner with the system's scope.
 */
export const containerTrip = (number: string): Sql =>
  sql`SELECT trip.id, trip.train_number FROM landbridge_container_trip(${number}) trip`;
