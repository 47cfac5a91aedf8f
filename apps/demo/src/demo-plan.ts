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

/** A wagon of a demo consist, with the containers it carries (none on a car carrier). */
export interface DemoWagon {
  position: number;
  number: string;
  kind: 'flat' | 'car_carrier';
  capacityTeu: 2 | 4 | null;
  containers: { number: string; sizeType: string }[];
}

export interface DemoTrain {
  id: string;
  trainNumber: string;
  routeCode: string;
  /** Departure, 09:30 China time on a day of the month. */
  departedAt: Date;
  consignments: DemoConsignment[];
  /** The consist formed at the origin, on 1435 mm wagons. */
  consist: DemoWagon[];
  /** The consist after the gauge change, on 1520 mm wagons: every container of `consist` on one of them. */
  broadConsist: DemoWagon[];
  /** The cars that rode JSQ carriers, driven onto broad-gauge car carriers at the gauge change. */
  carMoves: { vin: string; wagonNumber: string }[];
  /** Its number from the gauge change on: the other railway's on the Manzhouli and Alashankou routes. */
  broadTrainNumber: string;
}

/** A UUID derived from a name: the same on every run, so loading again finds what is there. */
export function demoUuid(name: string): string {
  const h = createHash('sha256').update(`landbridge-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
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
 * 110 vehicles a train on a consist of 40–55 wagons (see `equip`).
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
    const consignments = DEMO_EXPORTERS.flatMap((exporter) => {
      const own = load.filter((v) => v.exporter === exporter);
      if (!own.length) return [];
      return [
        {
          id: demoUuid(`consignment:${name}:${exporter.key}`),
          waybillNumber: `${variant.waybillPrefix}${target.month.replace('-', '')}${String(t).padStart(3, '0')}${exporter.key.slice(0, 2).toUpperCase()}`,
          exporterKey: exporter.key,
          vehicles: own.map(({ exporter: _, ...v }) => v),
        },
      ];
    });
    // Counted from the month too, so that a thinned-out dataset (a train or two a month) has every route.
    const routeCode = DEMO_ROUTES[(t + month) % DEMO_ROUTES.length]!;
    const serial = ((year - 2022) * 12 + month) * 200 + t;
    const equipment = equip(consignments, serial, t, (t + month) % 3 === 1);
    trains.push({
      id: demoUuid(`train:${name}`),
      trainNumber,
      routeCode,
      departedAt: new Date(Date.UTC(year, month - 1, day, 1, 30) + (t % 24) * 60_000),
      consignments,
      ...equipment,
      // Russian and Kazakh container trains run under four-digit numbers: route, copy of the data, train.
      broadTrainNumber:
        routeCode === 'ZGZ-MOW-ERC'
          ? trainNumber
          : `${routeCode === 'ZGZ-MOW-MLX' ? 1 : 2}${Math.floor(variant.trainNumberBase / 1000) % 10}${String(t % 100).padStart(2, '0')}`,
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

/**
 * The wagons of a train and the unit of each vehicle on them (see `pack`). On 1435 mm: X70-type flats
 * of 2 TEU, each with one 40-foot container of typically three cars (four when three would make the
 * train longer than 55 wagons) or a bus in a flat-rack, and on every third train (`onCarriers`) JSQ
 * double-deck car carriers; flats with other shippers' containers make the train up to 40–55 wagons.
 * On 1520 mm after the gauge change: 80-foot flats (4 TEU, two containers) and 40-foot flats (2 TEU),
 * and a broad-gauge car carrier for each JSQ. `serial` numbers the train across the dataset, `t`
 * within its month (both fixed for a train).
 */
function equip(
  consignments: DemoConsignment[],
  serial: number,
  t: number,
  onCarriers: boolean,
): Pick<DemoTrain, 'consist' | 'broadConsist' | 'carMoves'> {
  const wanted = 40 + ((serial * 7) % 16);
  let packing = pack(consignments, t, onCarriers, 3);
  if (packing.units.length + packing.carriers.length > 55) packing = pack(consignments, t, onCarriers, 4);

  const containers: { number: string; sizeType: string }[] = [];
  const newContainer = (sizeType: string) => {
    const number = containerNumber(serial, t, containers.length + 1);
    containers.push({ number, sizeType });
    return number;
  };
  for (const unit of packing.units) {
    const number = newContainer(unit.bus ? '42P3' : containers.length % 3 === 0 ? '42G1' : '45G1');
    for (const vehicle of unit.vehicles) {
      vehicle.unitKind = 'container';
      vehicle.unitNumber = number;
    }
  }
  const carriers = packing.carriers;
  const carrierNumbers = carriers.map((_, i) => wagonNumber('233343', serial, i + 1));
  carriers.forEach((cars, i) => {
    for (const car of cars) {
      car.unitKind = 'wagon';
      car.unitNumber = carrierNumbers[i]!;
    }
  });
  // Other shippers' containers fill the train.
  while (containers.length + carriers.length < wanted) newContainer('45G1');

  const consist: DemoWagon[] = [
    ...containers.map((container, i) => ({
      position: i + 1,
      number: wagonNumber('313345', serial, i + 1),
      kind: 'flat' as const,
      capacityTeu: 2 as const,
      containers: [container],
    })),
    ...carrierNumbers.map((number, i) => ({
      position: containers.length + i + 1,
      number,
      kind: 'car_carrier' as const,
      capacityTeu: null,
      containers: [],
    })),
  ];
  const broadConsist: DemoWagon[] = [];
  for (let i = 0; i < containers.length;) {
    const pair = broadConsist.length % 3 !== 2 && i + 1 < containers.length;
    const position = broadConsist.length + 1;
    broadConsist.push({
      position,
      number: wagonNumber('94', serial, position),
      kind: 'flat',
      capacityTeu: pair ? 4 : 2,
      containers: containers.slice(i, pair ? i + 2 : i + 1),
    });
    i += pair ? 2 : 1;
  }
  const carMoves = carriers.flatMap((cars) => {
    const position = broadConsist.length + 1;
    const number = wagonNumber('29', serial, position);
    broadConsist.push({ position, number, kind: 'car_carrier', capacityTeu: null, containers: [] });
    return cars.map((car) => ({ vin: car.vin, wagonNumber: number }));
  });
  return { consist, broadConsist, carMoves };
}

/** A consignment is one exporter's: Yutong's are buses. */
function carriesBuses(consignment: DemoConsignment): boolean {
  return DEMO_EXPORTERS.find((e) => e.key === consignment.exporterKey)!.kind === 'bus';
}

/** The cars the next JSQ carrier of train `t` takes: 7 to 10. */
function carrierLoad(t: number, carrier: number): number {
  return 7 + ((t + carrier) % 4);
}

/** Cars in groups of `size`; a lone car left over joins the last group. */
function groups<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  if (out.length > 1 && out.at(-1)!.length === 1) out.at(-2)!.push(...out.pop()!);
  return out;
}

/**
 * Which vehicles of a train share a unit: each bus its own flat-rack; cars in containers of
 * `perContainer` of one consignment (a consignment's lone car joins another's container); on a train
 * `onCarriers`, about half the cars first, on JSQ carriers of 7–10 (of any consignment).
 */
function pack(
  consignments: DemoConsignment[],
  t: number,
  onCarriers: boolean,
  perContainer: number,
): { units: { bus: boolean; vehicles: DemoVehicle[] }[]; carriers: DemoVehicle[][] } {
  const carriers: DemoVehicle[][] = [];
  const carried = new Set<DemoVehicle>();
  if (onCarriers) {
    let cars = consignments.filter((c) => !carriesBuses(c)).flatMap((c) => c.vehicles);
    // About half of them: at least one carrier's worth, then while fewer than half are on carriers.
    const half = cars.length / 2;
    for (let size = carrierLoad(t, 0); cars.length >= 7; size = carrierLoad(t, carriers.length)) {
      if (carriers.length && carriers.flat().length + size > half) break;
      carriers.push(cars.slice(0, size));
      cars = cars.slice(size);
    }
    for (const car of carriers.flat()) carried.add(car);
  }
  const units = consignments.flatMap((consignment) =>
    carriesBuses(consignment)
      ? consignment.vehicles.map((bus) => ({ bus: true, vehicles: [bus] }))
      : groups(
          consignment.vehicles.filter((car) => !carried.has(car)),
          perContainer,
        ).map((vehicles) => ({ bus: false, vehicles })),
  );
  // A consignment's lone car shares a container with another consignment's cars (a consolidated one).
  const lone = units.filter((unit) => !unit.bus && unit.vehicles.length === 1);
  for (const unit of lone) {
    const host = units.find(
      (other) => other !== unit && !other.bus && other.vehicles.length > 0 && other.vehicles.length < 4,
    );
    if (host) host.vehicles.push(...unit.vehicles);
    else if (carriers.at(-1) && carriers.at(-1)!.length < 10) carriers.at(-1)!.push(...unit.vehicles);
    else continue;
    unit.vehicles = [];
  }
  return { units: units.filter((unit) => unit.vehicles.length), carriers };
}

function containerNumber(serial: number, t: number, container: number): string {
  // Four owners by train, so a six-digit serial of the train and container is unique in the dataset.
  const owner = ['CRX', 'TGH', 'BMO', 'FSC'][t % 4]!;
  const body = `${owner}U${String((Math.floor(serial / 4) * 100 + container) % 1_000_000).padStart(6, '0')}`;
  return body + containerCheckDigit(body)!;
}

/**
 * A wagon number with its check digit: `prefix` gives the gauge and type (12 digits on 1435 mm: `313345`
 * a Chinese (33) container flat, `233343` a JSQ car carrier; 8 digits on 1520 mm: `94` a container flat,
 * `29` a car carrier), then five digits of the train's serial and the wagon's position.
 */
function wagonNumber(prefix: string, serial: number, position: number): string {
  const body = `${prefix}${String((serial * 60 + position) % 100_000).padStart(5, '0')}`;
  return body + wagonCheckDigit(body)!;
}
