import { type Caller, isStaff, toFieldErrors } from '@landbridge/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateConsignmentDto } from '../consignments/consignment.dto.js';
import type { ConsignmentColumn } from './manifest-columns.js';

/** The column of each JSON path the booking DTO names in its validation errors. */
const COLUMN_OF_PATH: Record<string, ConsignmentColumn> = {
  waybillNumber: 'waybillNumber',
  exporterId: 'exporterId',
  consignee: 'consigneeName',
  'consignee.name': 'consigneeName',
  'consignee.country': 'consigneeCountry',
  originStationCode: 'originStationCode',
  destinationStationCode: 'destinationStationCode',
  'vehicles[0].vin': 'vin',
  'vehicles[0].make': 'make',
  'vehicles[0].model': 'model',
  'vehicles[0].powertrain': 'powertrain',
  'vehicles[0].declaredValue': 'declaredValue',
  'vehicles[0].declaredValue.amount': 'declaredValue',
  'vehicles[0].declaredValue.currency': 'currency',
};

/** One manifest row as a booking: the JSON path's DTO of one vehicle, or why the row is refused, by column. */
export type RowBooking =
  | { input: CreateConsignmentDto; exporterId: string; problems: [] }
  | { input?: undefined; problems: { column: ConsignmentColumn; message: string }[] };

/**
 * Validates one row exactly as POST /consignments validates a booking of one vehicle (the same DTO:
 * upper-casing, VIN check digit, powertrain, country, decimal value, currency), plus the manifest's own
 * rules: staff name the exporter of each row; an exporter's rows are its own; origin and destination differ.
 */
export function bookingOfRow(cells: Record<ConsignmentColumn, string>, caller: Caller): RowBooking {
  const exporterId = isStaff(caller) ? cells.exporterId : cells.exporterId || caller.organizationId;
  const input = plainToInstance(CreateConsignmentDto, {
    waybillNumber: cells.waybillNumber,
    ...(exporterId ? { exporterId } : {}),
    consignee: { name: cells.consigneeName, country: cells.consigneeCountry },
    originStationCode: cells.originStationCode,
    destinationStationCode: cells.destinationStationCode,
    vehicles: [
      {
        vin: cells.vin,
        make: cells.make,
        model: cells.model,
        powertrain: cells.powertrain,
        declaredValue: { amount: cells.declaredValue, currency: cells.currency },
      },
    ],
  });
  const problems = toFieldErrors(validateSync(input, { forbidUnknownValues: true })).map((problem) => ({
    column: COLUMN_OF_PATH[problem.field] ?? 'vin',
    message: problem.message,
  }));
  if (!exporterId) {
    problems.push({ column: 'exporterId', message: 'is required: staff name the exporter of each row' });
  } else if (!isStaff(caller) && exporterId !== caller.organizationId) {
    problems.push({ column: 'exporterId', message: 'must be empty or your own organization' });
  }
  if (!problems.length && input.originStationCode === input.destinationStationCode) {
    problems.push({ column: 'destinationStationCode', message: 'must differ from the origin station' });
  }
  return problems.length || !exporterId ? { problems } : { input, exporterId, problems: [] };
}
