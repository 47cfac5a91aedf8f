import { randomInt } from 'node:crypto';
import { containerCheckDigit, vinCheckDigit, wagonCheckDigit } from '@landbridge/common';

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

export interface VehicleInput {
  vin: string;
  make: string;
  model: string;
  powertrain: 'ICE' | 'HEV' | 'PHEV' | 'BEV' | 'FCEV';
  declaredValue: { amount: string; currency: string };
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

export function aConsignment(vehicleCount: number, overrides: Record<string, unknown> = {}) {
  return {
    waybillNumber: aWaybillNumber(),
    consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
    originStationCode: 'CNZGZ',
    destinationStationCode: 'RUMOW',
    vehicles: Array.from({ length: vehicleCount }, () => aVehicle()),
    ...overrides,
  };
}

let trains = 0;
/** A train number unique within a test run (numbers repeat only across days in real life). */
export function aTrain(overrides: Record<string, unknown> = {}) {
  trains += 1;
  return {
    trainNumber: `X${8000 + (trains % 1000)}${randomInt(100)}`,
    routeCode: 'ZGZ-MOW-ERC',
    plannedDepartureAt: '2024-03-20T09:30:00+08:00',
    ...overrides,
  };
}
