import { type ColumnTable, EXAMPLE } from '@landbridge/common';

/**
 * The columns of a consignment manifest (one row per vehicle) with their Chinese and Russian headers, as
 * DOMAIN.md "Spreadsheet headers" names them. `exporterId` is for staff; an exporter may leave it out. The
 * template, the upload and `GET /consignments` as CSV all use these, so an exported file re-imports.
 */
export const CONSIGNMENT_COLUMNS = {
  waybillNumber: { aliases: ['运单号', 'Номер накладной'], required: true },
  exporterId: { aliases: ['发货人编号', 'Код отправителя'], required: false },
  consigneeName: { aliases: ['收货人', 'Получатель'], required: true },
  consigneeCountry: { aliases: ['收货人国家', 'Страна получателя'], required: true },
  originStationCode: { aliases: ['发站', 'Станция отправления'], required: true },
  destinationStationCode: { aliases: ['到站', 'Станция назначения'], required: true },
  vin: { aliases: ['车架号', 'VIN'], required: true },
  make: { aliases: ['品牌', 'Марка'], required: true },
  model: { aliases: ['车型', 'Модель'], required: true },
  powertrain: { aliases: ['动力类型', 'Тип двигателя'], required: true },
  declaredValue: { aliases: ['申报价值', 'Заявленная стоимость'], required: true },
  currency: { aliases: ['币种', 'Валюта'], required: true },
} as const satisfies ColumnTable<string>;

export type ConsignmentColumn = keyof typeof CONSIGNMENT_COLUMNS;

/** The consignment columns in the order the template and the export write them. */
export const CONSIGNMENT_HEADER = Object.keys(CONSIGNMENT_COLUMNS) as ConsignmentColumn[];

/** The columns of a train's loading list (one row per vehicle), as the template writes them. */
export const LOADING_LIST_COLUMNS = {
  vin: { aliases: ['车架号', 'VIN'], required: true },
  unitKind: { aliases: ['装载单元类型', 'Тип единицы'], required: true },
  unitNumber: { aliases: ['箱号/车号', 'Номер контейнера/вагона'], required: true },
  wagonNumber: { aliases: ['车皮号', 'Номер вагона'], required: false },
} as const satisfies ColumnTable<string>;

type LoadingListColumn = keyof typeof LOADING_LIST_COLUMNS;

/**
 * The columns of a train's manifest. `wagonNumber`, `unitKind`, `unitNumber` and `vin` are the loading-list
 * columns, so the manifest re-imports as a loading list (the other columns are for the reader).
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

type TrainManifestColumn = (typeof TRAIN_MANIFEST_COLUMNS)[number];

/**
 * What a loading-list upload reads: the loading-list columns, and a train manifest's other columns, accepted
 * and ignored (they describe, they do not load), so that a manifest re-imports as it is.
 */
export const LOADING_LIST_UPLOAD_COLUMNS: ColumnTable<TrainManifestColumn> = {
  ...(Object.fromEntries(
    TRAIN_MANIFEST_COLUMNS.map((column) => [column, { aliases: [] as string[], required: false }]),
  ) as Record<TrainManifestColumn, { aliases: string[]; required: boolean }>),
  // Pick fails to compile if a loading-list column were not a manifest column (the manifest must re-import).
  ...(LOADING_LIST_COLUMNS satisfies Pick<ColumnTable<TrainManifestColumn>, LoadingListColumn>),
};

/**
 * The marker in the `wagonNumber` column of a totals row. A manifest ends with a row of empty cells and then
 * one totals row per exporter and currency; a loading-list upload skips rows of empty cells and rows whose
 * wagonNumber is this marker (no wagon number can be: wagon numbers are digits).
 */
export const TOTAL_MARKER = 'TOTAL';

/** The example row of the consignment template. */
export const CONSIGNMENT_EXAMPLE_ROW: Record<ConsignmentColumn, string> = {
  waybillNumber: EXAMPLE.waybillNumber,
  exporterId: EXAMPLE.exporterId,
  consigneeName: 'Avtodom Trading LLC',
  consigneeCountry: 'RU',
  originStationCode: 'CNZGZ',
  destinationStationCode: 'RUMOW',
  vin: EXAMPLE.vin,
  make: 'BYD',
  model: 'Song PLUS DM-i',
  powertrain: 'PHEV',
  declaredValue: '152000.00',
  currency: 'CNY',
};

/** The example row of the loading-list template. */
export const LOADING_LIST_EXAMPLE_ROW: Record<LoadingListColumn, string> = {
  vin: EXAMPLE.vin,
  unitKind: 'container',
  unitNumber: EXAMPLE.containerNumber,
  wagonNumber: EXAMPLE.wagonNumber,
};
