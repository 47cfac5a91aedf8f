import { type ColumnTable, EXAMPLE } from '@landbridge/common';

/**
 * The columns of a consignment manifest (one row per vehicle) with their Chinese and Russian headers, as
 * DOMAIN.md "Spreadsheet headers" names them. `exporterId` is for staff; an exporter may leave it out.
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

/** The columns of a train's loading list (one row per vehicle). */
export const LOADING_LIST_COLUMNS = {
  vin: { aliases: ['车架号', 'VIN'], required: true },
  unitKind: { aliases: ['装载单元类型', 'Тип единицы'], required: true },
  unitNumber: { aliases: ['箱号/车号', 'Номер контейнера/вагона'], required: true },
  wagonNumber: { aliases: ['车皮号', 'Номер вагона'], required: false },
} as const satisfies ColumnTable<string>;

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
export const LOADING_LIST_EXAMPLE_ROW: Record<keyof typeof LOADING_LIST_COLUMNS, string> = {
  vin: EXAMPLE.vin,
  unitKind: 'container',
  unitNumber: EXAMPLE.containerNumber,
  wagonNumber: EXAMPLE.wagonNumber,
};
