import type { ConsignmentDto, VehicleDto } from './consignment.dto.js';
import type { ConsignmentStatus, Powertrain } from './consignment-status.js';

export interface VehicleJson {
  vin: string;
  make: string;
  model: string;
  powertrain: Powertrain;
  amount: string;
  currency: string;
  status: ConsignmentStatus;
  unitKind: 'container' | 'wagon' | null;
  unitNumber: string | null;
}

export interface ConsignmentRow {
  id: string;
  waybill_number: string;
  exporter_id: string;
  consignee_name: string;
  consignee_country: string;
  origin_station_code: string;
  destination_station_code: string;
  train_id: string | null;
  status: ConsignmentStatus;
  current_station_code: string | null;
  eta: Date | null;
  version: number;
  created_at: Date;
  vehicles: VehicleJson[];
}

export const CONSIGNMENT_COLUMNS = `c.id, c.waybill_number, c.exporter_id, c.consignee_name, c.consignee_country,
  c.origin_station_code, c.destination_station_code, c.train_id, c.status, c.current_station_code, c.eta,
  c.version, c.created_at`;

/**
 * The vehicles of consignment `c` as one JSON array, each with its latest unit: the whole consignment
 * is read in a single round trip.
 */
export const VEHICLES_JSON = `COALESCE((
  SELECT json_agg(json_build_object(
    'vin', v.vin, 'make', v.make, 'model', v.model, 'powertrain', v.powertrain,
    'amount', v.declared_value_amount::text, 'currency', v.declared_value_currency, 'status', v.status,
    'unitKind', l.unit_kind, 'unitNumber', l.unit_number) ORDER BY v.vin)
  FROM vehicles v
  LEFT JOIN LATERAL (
    SELECT unit_kind, unit_number FROM loadings WHERE vin = v.vin ORDER BY loaded_at DESC LIMIT 1
  ) l ON true
  WHERE v.consignment_id = c.id), '[]'::json)`;

export function toVehicleDto(vehicle: VehicleJson): VehicleDto {
  return {
    vin: vehicle.vin,
    make: vehicle.make,
    model: vehicle.model,
    powertrain: vehicle.powertrain,
    declaredValue: { amount: vehicle.amount, currency: vehicle.currency },
    status: vehicle.status,
    unit: vehicle.unitKind && vehicle.unitNumber ? { kind: vehicle.unitKind, number: vehicle.unitNumber } : null,
  };
}

export function toConsignmentDto(row: ConsignmentRow): ConsignmentDto {
  return {
    id: row.id,
    waybillNumber: row.waybill_number,
    exporterId: row.exporter_id,
    consignee: { name: row.consignee_name, country: row.consignee_country },
    originStationCode: row.origin_station_code,
    destinationStationCode: row.destination_station_code,
    trainId: row.train_id,
    status: row.status,
    currentStationCode: row.current_station_code,
    eta: row.eta?.toISOString() ?? null,
    vehicles: row.vehicles.map(toVehicleDto),
    version: row.version,
  };
}
