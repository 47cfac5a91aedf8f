import type { ConsignmentStatus, Powertrain } from './consignment-status.js';

/** A timestamptz as the contract writes it: RFC 3339 in UTC with milliseconds, as `Date#toISOString`. */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The vehicles of consignment `c` as the contract's JSON array (VehicleDto), each with its unit (that
 * of its latest loading, kept on the vehicle): the whole consignment is read from its own rows.
 */
const VEHICLES_JSON = `COALESCE((
  SELECT json_agg(json_build_object(
    'vin', v.vin, 'make', v.make, 'model', v.model, 'powertrain', v.powertrain,
    'declaredValue', json_build_object('amount', v.declared_value_amount::text, 'currency', v.declared_value_currency),
    'status', v.status,
    'unit', CASE WHEN v.unit_kind IS NULL THEN NULL
                 ELSE json_build_object('kind', v.unit_kind, 'number', v.unit_number) END) ORDER BY v.vin)
  FROM vehicles v
  WHERE v.consignment_id = c.id), '[]'::json)`;

/**
 * Consignment `c` as the contract's JSON document (ConsignmentDto), built by PostgreSQL and sent as it
 * is: a consignment of 500 vehicles, or a page of 50 of them, is never parsed into objects and
 * serialised again in the api.
 */
export const CONSIGNMENT_JSON = `json_build_object(
  'id', c.id, 'waybillNumber', c.waybill_number, 'exporterId', c.exporter_id,
  'consignee', json_build_object('name', c.consignee_name, 'country', c.consignee_country),
  'originStationCode', c.origin_station_code, 'destinationStationCode', c.destination_station_code,
  'trainId', c.train_id, 'status', c.status, 'currentStationCode', c.current_station_code,
  'eta', ${isoUtc('c.eta')}, 'vehicles', ${VEHICLES_JSON}, 'version', c.version)::text`;

/** A consignment as read for a response: its JSON document and, for the ETag, its version. */
export interface ConsignmentJson {
  id: string;
  version: number;
  json: string;
}

/** One vehicle as read by the vehicle lookup. */
export interface VehicleRow {
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
