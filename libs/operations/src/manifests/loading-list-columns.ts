import type { ColumnTable } from '@landbridge/common';

/** The fields of a loading-list row. */
type LoadingListField =
  | 'vin'
  | 'unitKind'
  | 'unitNumber'
  | 'wagonNumber'
  | 'make'
  | 'model'
  | 'powertrain'
  | 'waybillNumber'
  | 'exporter'
  | 'consigneeName'
  | 'declaredValue'
  | 'currency'
  | 'vehicleCount';

/** A column of a train's manifest that a loading list reads and ignores (it describes, it does not load). */
const IGNORED = { aliases: [], required: false } as const;

/**
 * The columns of a loading list, in English and in the corridor's other two languages (DOMAIN.md). The
 * other columns of a train's manifest are accepted and ignored, so that a manifest re-imports as it is.
 */
export const LOADING_LIST_COLUMNS: ColumnTable<LoadingListField> = {
  vin: { aliases: ['车架号', 'VIN'], required: true },
  unitKind: { aliases: ['装载单元类型', 'Тип единицы'], required: true },
  unitNumber: { aliases: ['箱号/车号', 'Номер контейнера/вагона'], required: true },
  wagonNumber: { aliases: ['车皮号', 'Номер вагона'], required: false },
  make: IGNORED,
  model: IGNORED,
  powertrain: IGNORED,
  waybillNumber: IGNORED,
  exporter: IGNORED,
  consigneeName: IGNORED,
  declaredValue: IGNORED,
  currency: IGNORED,
  vehicleCount: IGNORED,
};
