import { createHash } from 'node:crypto';
import { containerCheckDigit, vinCheckDigit, wagonCheckDigit } from '@landbridge/common';
import type { MonthTarget } from './demo-targets.js';

/**
 * The exporters of the demo: Henan's vehicle makers on the China Railway Express. Their organizations are
 * the demo's own (marked demo), named with " (demo)" so that they never take the name of a real one.
 */
export const DEMO_EXPORTERS = [
  { key: 'yutong', name: 'Yutong Bus Co., Ltd. (demo)', wmi: 'LZY', make: 'Yutong', kind: 'bus' },
  { key: 'byd', name: 'BYD Auto (Zhengzhou) Co., Ltd. (demo)', wmi: 'LGX', make: 'BYD', kind: 'nev-car' },
  { key: 'saic', name: 'SAIC Motor Passenger Vehicle Zhengzhou Branch (demo)', wmi: 'LSJ', make: 'MG', kind: 'car' },
  { key: 'nissan', name: 'Zhengzhou Nissan Automobile Co., Ltd. (demo)', wmi: 'LJN', make: 'Nissan', kind: 'pickup' },
  { key: 'haima', name: 'Haima Automobile (Zhengzhou) Co., Ltd. (demo)', wmi: 'LH1', make: 'Haima', kind: 'car' },
] as const;

type Exporter = (typeof DEMO_EXPORTERS)[number];
type Powertrain = 'ICE' | 'HEV' | 'PHEV' | 'BEV' | 'FCEV';

const DEMO_ROUTES = ['ZGZ-MOW-ERC', 'ZGZ-MOW-ERC', 'ZGZ-MOW-ERC', 'ZGZ-MOW-MLX', 'ZGZ-MOW-AKL'] as const;

interface DemoVehicle {
  vin: string;
  make: string;
  model: string;
  powertrain: Powertrain;
  /** Cents. */
  cents: number;
  unitKind: 'container' | 'wagon';
  unitNumber: string;
}

interface DemoConsignment {
  id: string;
  waybillNumber: string;
  exporterKey: Exporter['key'];
  vehicles: DemoVehicle[];
}

export interface DemoTrain {
  id: string;
  trainNumber: string;
  routeCode: string;
  /** Departure, 09:30 China time on a day of the month. */
  departedAt: Date;
  consignments: DemoConsignment[];
}

/** A UUID derived from a name: the same on every run, so loading again finds what is there. */
export function demoUuid(name: string): string {
  const h = createHash('sha256').update(`landbridge-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const YEAR_CODE: Record<number, string> = { 2021: 'M', 2022: 'N', 2023: 'P', 2024: 'R' };

/** What a maker ships: model, powertrain and price (yuan) of one vehicle. */
function aModel(
  exporter: Exporter,
  nev: boolean,
  r: () => number,
): { model: string; powertrain: Powertrain; price: number } {
  const between = (low: number, high: number) => Math.round(low + r() * (high - low));
  switch (exporter.kind) {
    case 'bus':
      return nev
        ? { model: 'ICe12 electric coach', powertrain: 'BEV', price: between(900_000, 1_400_000) }
        : { model: 'ZK6122H9 coach', powertrain: 'ICE', price: between(600_000, 950_000) };
    case 'nev-car':
      return r() < 0.55
        ? { model: 'Song PLUS DM-i', powertrain: 'PHEV', price: between(150_000, 210_000) }
        : { model: 'Atto 3', powertrain: 'BEV', price: between(140_000, 230_000) };
    case 'pickup':
      return { model: 'Navara', powertrain: 'ICE', price: between(110_000, 170_000) };
    default:
      return nev
        ? { model: 'MG4 Electric', powertrain: 'BEV', price: between(120_000, 190_000) }
        : {
            model: r() < 0.8 ? 'MG ZS' : 'MG5 hybrid',
            powertrain: r() < 0.85 ? 'ICE' : 'HEV',
            price: between(80_000, 160_000),
          };
  }
}

/** A second, independent copy of the data (the benchmark's scale fill): other ids, VINs, waybills, train numbers. */
export interface DemoVariant {
  name: string;
  serialOffset: number;
  trainNumberBase: number;
  waybillPrefix: string;
}

export const DEMO: DemoVariant = { name: '', serialOffset: 0, trainNumberBase: 8001, waybillPrefix: 'DM' };

/**
 * Every train, consignment and vehicle of one month: vehicles drawn until the month's value is reached,
 * then their prices scaled to the cent so the month adds up exactly (new-energy and the rest apart).
 * `scale` (0–1] draws that share of the vehicles, dearer, so the totals stay (for quick tests). About
 * 110 vehicles a train, cars three to a 40-foot container, buses on flat wagons.
 */
export function planMonth(target: MonthTarget, scale = 1, variant: DemoVariant = DEMO): DemoTrain[] {
  const [year, month] = target.month.split('-').map(Number) as [number, number];
  const r = random(year * 100 + month);
  const vehicles: (DemoVehicle & { exporter: Exporter })[] = [];
  let serial = 0;
  for (const nev of [true, false]) {
    const wanted = (nev ? target.nevValue : target.value - target.nevValue) * 100;
    const group: (DemoVehicle & { exporter: Exporter })[] = [];
    let drawn = 0;
    while (drawn < wanted * scale) {
      const exporter: Exporter =
        DEMO_EXPORTERS[
          nev ? (r() < 0.7 ? 1 : r() < 0.3 ? 0 : 2) : [0, 2, 2, 2, 3, 3, 4, 4, 4, 4][Math.floor(r() * 10)]!
        ]!;
      const { model, powertrain, price } = aModel(exporter, nev && exporter.kind !== 'pickup', r);
      drawn += price * 100;
      serial += 1;
      group.push({
        exporter,
        vin: vin(exporter.wmi, year, month, variant.serialOffset + serial),
        make: exporter.make,
        model,
        powertrain: nev && exporter.kind === 'pickup' ? 'BEV' : powertrain,
        cents: price * 100,
        unitKind: 'container',
        unitNumber: '',
      });
    }
    // Scale to the exact target, to the cent.
    const sum = group.reduce((a, v) => a + v.cents, 0);
    let left = wanted;
    group.forEach((v, i) => {
      v.cents = i === group.length - 1 ? left : Math.round((v.cents * wanted) / sum);
      left -= v.cents;
    });
    vehicles.push(...group);
  }
  // Shuffle (deterministically) and cut into trains of about 110 vehicles (fewer when thinned out).
  for (let i = vehicles.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [vehicles[i], vehicles[j]] = [vehicles[j]!, vehicles[i]!];
  }
  const perTrain = Math.max(10, Math.round(110 * scale));
  const trains: DemoTrain[] = [];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const count = Math.ceil(vehicles.length / perTrain);
  for (let t = 0; t < count; t++) {
    const load = vehicles.slice(t * perTrain, (t + 1) * perTrain);
    const day = 1 + Math.floor((t * days) / count);
    const trainNumber = `X${variant.trainNumberBase + (t % 400)}`;
    const name = `${variant.name}${target.month}-${t}`;
    let container = 0;
    const consignments = DEMO_EXPORTERS.flatMap((exporter) => {
      const own = load.filter((v) => v.exporter === exporter);
      if (!own.length) return [];
      own.forEach((v, i) => {
        if (exporter.kind === 'bus') {
          v.unitKind = 'wagon';
          v.unitNumber = uicWagon(year * 10_000 + month * 400 + t, i);
        } else {
          if (i % 3 === 0) container += 1;
          v.unitNumber = containerNumber(year, month, t, container);
        }
      });
      return [
        {
          id: demoUuid(`consignment:${name}:${exporter.key}`),
          waybillNumber: `${variant.waybillPrefix}${target.month.replace('-', '')}${String(t).padStart(3, '0')}${exporter.key.slice(0, 2).toUpperCase()}`,
          exporterKey: exporter.key,
          vehicles: own.map(({ exporter: _, ...v }) => v),
        },
      ];
    });
    trains.push({
      id: demoUuid(`train:${name}`),
      trainNumber,
      routeCode: DEMO_ROUTES[t % DEMO_ROUTES.length]!,
      departedAt: new Date(Date.UTC(year, month - 1, day, 1, 30) + (t % 24) * 60_000),
      consignments,
    });
  }
  return trains;
}

function vin(wmi: string, year: number, month: number, serial: number): string {
  // WMI, descriptor, check digit (position 9), model year, plant (here: the month), serial.
  const descriptor = `${VIN_CHARS[(serial >> 10) % VIN_CHARS.length]}${VIN_CHARS[(serial >> 5) % 32]}C4D`;
  const draft = `${wmi}${descriptor}0${YEAR_CODE[year] ?? 'S'}${'ABCDEFGHJKLM'[month - 1]}${String(serial).padStart(6, '0')}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)!}${draft.slice(9)}`;
}

function containerNumber(year: number, month: number, train: number, container: number): string {
  const serial = String(((year - 2022) * 12 + month) * 10_000 + train * 40 + container)
    .padStart(6, '0')
    .slice(-6);
  const owner = ['CRX', 'TGH', 'BMO', 'FSC'][train % 4]!;
  const body = `${owner}U${serial}`;
  return body + containerCheckDigit(body)!;
}

function uicWagon(train: number, i: number): string {
  const body = `3133${String((train * 7 + i) % 10_000_000).padStart(7, '0')}`;
  return body + wagonCheckDigit(body)!;
}
