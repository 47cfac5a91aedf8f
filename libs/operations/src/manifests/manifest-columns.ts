/**
 * The columns of a booking manifest (the consignment template), English names as the upload matches them:
 * `GET /consignments` as CSV writes these, so its file re-imports as a booking manifest.
 */
export const CONSIGNMENT_COLUMNS = [
  'waybillNumber',
  'exporterId',
  'consigneeName',
  'consigneeCountry',
  'originStationCode',
  'destinationStationCode',
  'vin',
  'make',
  'model',
  'powertrain',
  'declaredValue',
  'currency',
] as const;

/**
 * The columns of a train's manifest. `wagonNumber`, `unitKind`, `unitNumber` and `vin` are the loading-list
 * template's, so the manifest re-imports as a loading list (the other columns are for the reader).
 * `vehicleCount` is filled only on the totals rows.
 */
export const TRAIN_MANIFEST_COLUMNS = [
  'wagonNumber',
  'unitKind',
  'unitNumber',
  'vin',
  'make',
  'model',
  'powertrain',
  'waybillNumber',
  'exporter',
  'consigneeName',
  'declaredValue',
  'currency',
  'vehicleCount',
] as const;

/**
 * The marker in the `wagonNumber` column of a totals row. A manifest ends with a row of empty cells and then
 * one totals row per exporter and currency; a loading-list upload skips rows of empty cells and rows whose
 * wagonNumber is this marker (no wagon number can be: wagon numbers are digits).
 */
export const TOTAL_MARKER = 'TOTAL';
