import { randomInt } from 'node:crypto';
import { containerCheckDigit, vinCheckDigit, wagonCheckDigit } from '@landbridge/common';
import type {
  ConsignmentInput,
  StationInput,
  TrainEventInput,
  TrainInput,
  Unit,
  VehicleInput,
  WagonInput,
} from './api-types.js';

export type { VehicleInput };

const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A random VIN with a valid check digit (a Chinese-built one: world manufacturer code L…). */
export function aVin(): string {
  const draft = `L${pick(VIN_ALPHABET, 7)}0${pick(VIN_ALPHABET, 8)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)!}${draft.slice(9)}`;
}

/** A random ISO 6346 freight container number with a valid check digit. */
export function aContainerNumber(): string {
  const body = `${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3)}U${pick('0123456789', 6)}`;
  return body + containerCheckDigit(body)!;
}

/** A random 12-digit UIC wagon number of China Railway (country code 33) with a valid check digit. */
export function aUicWagonNumber(): string {
  const body = `31${'33'}${pick('0123456789', 7)}`;
  return body + wagonCheckDigit(body)!;
}

/** A 1435 mm flat at `position` in a consist, carrying the 20-foot containers numbered. */
export const aFlatCarrying = (position: number, containers: string[]): WagonInput => ({
  position,
  number: aUicWagonNumber(),
  gauge: 1435,
  kind: 'flat',
  capacityTeu: 2,
  containers: containers.map((number) => ({ number, sizeType: '22G1' })),
});

/** A random 8-digit broad-gauge (1520 mm) wagon number with a valid check digit. */
export function aBroadGaugeWagonNumber(): string {
  const body = `5${pick('0123456789', 6)}`;
  return body + wagonCheckDigit(body)!;
}

/** A 1520 mm flat at `position` in a consist past the gauge change, carrying the 20-foot containers numbered. */
export const aBroadGaugeFlatCarrying = (position: number, containers: string[]): WagonInput => ({
  position,
  number: aBroadGaugeWagonNumber(),
  gauge: 1520,
  kind: 'flat',
  capacityTeu: 4,
  containers: containers.map((number) => ({ number, sizeType: '22G1' })),
});

/** A station that is not in the seeded corridor: the Vorsino terminal near Moscow. */
export function aStation(overrides: Partial<StationInput> = {}): StationInput {
  return {
    code: 'RUVRS',
    country: 'RU',
    name: 'Vorsino',
    localName: 'Ворсино',
    gauge: 1520,
    kind: 'terminal',
    timezone: 'Europe/Moscow',
    ...overrides,
  };
}

/** A 40-foot container to load vehicles in (three cars fit). */
export function aContainer(): Unit {
  return { kind: 'container', number: aContainerNumber() };
}

/** A flat wagon to load a vehicle on (a bus). */
export function aWagon(): Unit {
  return { kind: 'wagon', number: aUicWagonNumber() };
}

export function aVehicle(overrides: Partial<VehicleInput> = {}): VehicleInput {
  return {
    vin: aVin(),
    make: 'BYD',
    model: 'Song PLUS DM-i',
    powertrain: 'PHEV',
    declaredValue: { amount: '152000.00', currency: 'CNY' },
    ...overrides,
  };
}

let waybills = 0;
export function aWaybillNumber(): string {
  waybills += 1;
  return `SMGS${String(Date.now() % 1e8).padStart(8, '0')}${String(waybills).padStart(4, '0')}`.slice(0, 20);
}

export function aConsignment(vehicleCount: number, overrides: Partial<ConsignmentInput> = {}): ConsignmentInput {
  return {
    waybillNumber: aWaybillNumber(),
    consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
    originStationCode: 'CNZGZ',
    destinationStationCode: 'RUMOW',
    vehicles: Array.from({ length: vehicleCount }, () => aVehicle()),
    ...overrides,
  };
}

/** The planned departure of the test trains (aTrain's), in Zhengzhou time. */
export const PLANNED_DEPARTURE = '2024-03-20T09:30:00+08:00';

let trains = 0;
/** A train number unique within a test run (numbers repeat only across days in real life). */
export function aTrain(overrides: Partial<TrainInput> = {}): TrainInput {
  trains += 1;
  return {
    trainNumber: `X${8000 + (trains % 1000)}${randomInt(100)}`,
    routeCode: 'ZGZ-MOW-ERC',
    plannedDepartureAt: PLANNED_DEPARTURE,
    ...overrides,
  };
}

/** The departure of a train on ZGZ-MOW-ERC from Zhengzhou. */
export function aDeparture(occurredAt = PLANNED_DEPARTURE): TrainEventInput {
  return { type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt };
}
