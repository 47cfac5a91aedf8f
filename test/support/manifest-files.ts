/**
 * Consignment manifests for tests: the columns with their headers in each language, the rows of some
 * consignments as a file holds them, and what a stored consignment looks like apart from what each booking varies.
 */
import type { ApiClient } from './api-client.js';
import type { Consignment, ConsignmentInput } from './api-types.js';
import { aVin, aWaybillNumber } from './factories.js';

/** The manifest columns in file order, with the headers of DOMAIN.md in each language. */
export const COLUMNS = [
  ['waybillNumber', '运单号', 'Номер накладной'],
  ['exporterId', '发货人编号', 'Код отправителя'],
  ['consigneeName', '收货人', 'Получатель'],
  ['consigneeCountry', '收货人国家', 'Страна получателя'],
  ['originStationCode', '发站', 'Станция отправления'],
  ['destinationStationCode', '到站', 'Станция назначения'],
  ['vin', '车架号', 'VIN'],
  ['make', '品牌', 'Марка'],
  ['model', '车型', 'Модель'],
  ['powertrain', '动力类型', 'Тип двигателя'],
  ['declaredValue', '申报价值', 'Заявленная стоимость'],
  ['currency', '币种', 'Валюта'],
] as const;

/** A CSV cell quoted when it holds the delimiter, a quote or a line break. */
const cell = (value: string, delimiter: string) =>
  value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** The manifest rows (one per vehicle) of these consignments, as the JSON booking would send them. */
export function rowsOf(consignments: ConsignmentInput[]): string[][] {
  return consignments.flatMap((c) =>
    c.vehicles.map((v) => [
      c.waybillNumber,
      c.exporterId ?? '',
      c.consignee.name,
      c.consignee.country,
      c.originStationCode,
      c.destinationStationCode,
      v.vin,
      v.make,
      v.model,
      v.powertrain,
      v.declaredValue.amount,
      v.declaredValue.currency,
    ]),
  );
}

export function csv(
  rows: string[][],
  { language = 0, delimiter = ',', bom = false }: { language?: 0 | 1 | 2; delimiter?: string; bom?: boolean } = {},
): string {
  const header = COLUMNS.map((names) => names[language]);
  const lines = [header, ...rows].map((row) => row.map((value) => cell(value, delimiter)).join(delimiter));
  return (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

const POWERTRAINS = ['BEV', 'PHEV', 'ICE', 'HEV', 'FCEV'] as const;

/** `count` consignments of `size` varied vehicles for `exporterId` (staff) or the caller (exporter). */
export function consignments(count: number, size: number, exporterId?: string): ConsignmentInput[] {
  return Array.from({ length: count }, (_, c) => ({
    waybillNumber: aWaybillNumber(),
    ...(exporterId ? { exporterId } : {}),
    consignee: { name: c % 2 ? 'ООО "Автодом"; Москва' : '莫斯科汽车贸易, LLC', country: c % 3 ? 'RU' : 'KZ' },
    originStationCode: 'CNZGZ',
    destinationStationCode: c % 2 ? 'RUMOW' : 'RUNKI',
    vehicles: Array.from({ length: size }, (_, v) => ({
      vin: aVin(),
      make: v % 2 ? 'BYD' : 'Geely',
      model: `Model ${c}-${v}`,
      powertrain: POWERTRAINS[(c + v) % POWERTRAINS.length]!,
      declaredValue: { amount: `${100000 + c * 100 + v}.${v % 10}5`, currency: v % 2 ? 'CNY' : 'USD' },
    })),
  }));
}

/** The same consignments with new waybills and VINs (both must be unique across the system). */
export function renumbered(inputs: ConsignmentInput[]): ConsignmentInput[] {
  return inputs.map((c) => ({
    ...c,
    waybillNumber: aWaybillNumber(),
    vehicles: c.vehicles.map((v) => ({ ...v, vin: aVin() })),
  }));
}

/** A stored document with what a booking varies (id, waybill, VINs) replaced by placeholders. */
function comparable(consignment: Consignment): unknown {
  return {
    ...consignment,
    id: 'ID',
    waybillNumber: 'WAYBILL',
    vehicles: consignment.vehicles.map((v, i) => ({ ...v, vin: `VIN${i}` })),
  };
}

/**
 * Books `json` as JSON requests and `file` (the same consignments renumbered) as the manifest `body`, and
 * expects the stored documents to be the same.
 */
export async function expectSameAsJson(
  client: ApiClient,
  json: ConsignmentInput[],
  file: ConsignmentInput[],
  body: string | Uint8Array | FormData,
): Promise<void> {
  const booked = await client.bookConsignmentManifest(body);
  const vehicles = file.reduce((count, c) => count + c.vehicles.length, 0);
  expect(booked).toEqual({ consignments: file.length, vehicles, ids: expect.any(Array) as unknown });
  const viaJson = await Promise.all(json.map((input) => client.bookConsignment(input)));
  const viaFile = await Promise.all(booked.ids!.map((id) => client.getConsignment(id)));
  expect(viaFile.map((c) => c.waybillNumber)).toEqual(file.map((c) => c.waybillNumber));
  expect(viaFile.flatMap((c) => c.vehicles.map((v) => v.vin))).toEqual(
    file.flatMap((c) => c.vehicles.map((v) => v.vin)),
  );
  const again = await Promise.all(viaJson.map((c) => client.getConsignment(c.id)));
  expect(viaFile.map(comparable)).toEqual(again.map(comparable));
}
