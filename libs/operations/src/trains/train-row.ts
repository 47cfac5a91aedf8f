import type { TrainDto } from './train.dto.js';
import type { TrainStatus } from './train-status.js';

/** A row of `trains` as the queries of this module select it (`TRAIN_COLUMNS`). */
export interface TrainRow {
  id: string;
  train_number: string;
  route_code: string;
  status: TrainStatus;
  planned_departure_at: Date;
  departed_at: Date | null;
  arrived_at: Date | null;
  current_station_code: string | null;
  eta: Date | null;
  vehicle_count: number;
  consignment_count: number;
  version: number;
}

export const TRAIN_COLUMNS = `t.id, t.train_number, t.route_code, t.status, t.planned_departure_at, t.departed_at,
  t.arrived_at, t.current_station_code, t.eta, t.vehicle_count, t.consignment_count, t.version`;

export function toTrainDto(row: TrainRow): TrainDto {
  return {
    id: row.id,
    trainNumber: row.train_number,
    routeCode: row.route_code,
    status: row.status,
    plannedDepartureAt: row.planned_departure_at.toISOString(),
    departedAt: row.departed_at?.toISOString() ?? null,
    arrivedAt: row.arrived_at?.toISOString() ?? null,
    currentStationCode: row.current_station_code,
    eta: row.eta?.toISOString() ?? null,
    vehicleCount: row.vehicle_count,
    consignmentCount: row.consignment_count,
    version: row.version,
  };
}
