import {
  isValidBroadGaugeWagonNumber,
  isValidContainerNumber,
  isValidUicWagonNumber,
  isValidVin,
} from '@landbridge/common';
import { demoUuid, planMonth } from './demo-plan.js';
import { DEMO_TARGETS } from './demo-targets.js';

const NEV = new Set(['BEV', 'PHEV', 'FCEV']);
const BN = 1_000_000_000;

describe('the demo dataset', () => {
  it('follows the provincial figures: 12.51 bn in 2022, 25.83 bn in 2023, 5.5 bn (1.8 bn NEV) in Jan–Feb 2024', () => {
    const sum = (prefix: string, months?: string[]) =>
      DEMO_TARGETS.filter((t) => t.month.startsWith(prefix) && (!months || months.includes(t.month.slice(5)))).reduce(
        (a, t) => ({ value: a.value + t.value, nev: a.nev + t.nevValue }),
        { value: 0, nev: 0 },
      );
    expect(sum('2022').value).toBe(12.51 * BN);
    expect(sum('2023').value).toBe(25.83 * BN);
    expect(sum('2024', ['01', '02'])).toEqual({ value: 5.5 * BN, nev: 1.8 * BN });
    expect(sum('2023', ['01', '02'])).toEqual({ value: 3.4375 * BN, nev: 0.45 * BN });
  });

  it('adds up to each month’s target to the cent, with valid and unique identifiers', () => {
    const target = DEMO_TARGETS.find((t) => t.month === '2024-02')!;
    const trains = planMonth(target);
    const vehicles = trains.flatMap((t) => t.consignments.flatMap((c) => c.vehicles));
    expect(vehicles.reduce((a, v) => a + v.cents, 0)).toBe(target.value * 100);
    expect(vehicles.filter((v) => NEV.has(v.powertrain)).reduce((a, v) => a + v.cents, 0)).toBe(target.nevValue * 100);
    expect(vehicles.every((v) => isValidVin(v.vin))).toBe(true);
    expect(new Set(vehicles.map((v) => v.vin)).size).toBe(vehicles.length);
    expect(
      vehicles.every((v) =>
        (v.unitKind === 'container' ? isValidContainerNumber : isValidUicWagonNumber)(v.unitNumber),
      ),
    ).toBe(true);
    expect(trains.flatMap((t) => t.consignments).every((c) => /^[A-Z0-9]{6,20}$/.test(c.waybillNumber))).toBe(true);
    expect(trains.every((t) => t.departedAt.toISOString().startsWith('2024-02'))).toBe(true);
    expect(vehicles.length / trains.length).toBeGreaterThan(100);
  });

  it('puts every train on 40–55 wagons: cars two to four to a container or 7–10 to a JSQ carrier, a bus to a flat-rack', () => {
    const trains = planMonth(DEMO_TARGETS.find((t) => t.month === '2024-02')!);
    for (const train of trains) {
      expect(train.consist.length).toBeGreaterThanOrEqual(40);
      expect(train.consist.length).toBeLessThanOrEqual(55);
      expect(train.consist.every((w) => isValidUicWagonNumber(w.number) && w.number.slice(2, 4) === '33')).toBe(true);
      expect(train.broadConsist.every((w) => isValidBroadGaugeWagonNumber(w.number))).toBe(true);
      const containers = new Map(train.consist.flatMap((w) => w.containers).map((c) => [c.number, c.sizeType]));
      // Every container moves to exactly one 1520 mm wagon, within its capacity.
      const moved = train.broadConsist.flatMap((w) => w.containers.map((c) => c.number));
      expect(moved.sort()).toEqual([...containers.keys()].sort());
      expect(train.broadConsist.every((w) => w.containers.length * 2 <= (w.capacityTeu ?? 0))).toBe(true);
      const vehicles = train.consignments.flatMap((c) => c.vehicles);
      const byUnit = new Map<string, typeof vehicles>();
      for (const v of vehicles) byUnit.set(v.unitNumber, [...(byUnit.get(v.unitNumber) ?? []), v]);
      const carriers = new Set(train.consist.filter((w) => w.kind === 'car_carrier').map((w) => w.number));
      for (const [unit, inIt] of byUnit) {
        if (carriers.has(unit)) expect(inIt.length).toBeGreaterThanOrEqual(7);
        else if (containers.get(unit) === '42P3')
          expect(inIt.map((v) => v.model)).toEqual([expect.stringContaining('coach')]);
        else expect([2, 3, 4]).toContain(inIt.length);
      }
      expect(vehicles.every((v) => (v.unitKind === 'wagon' ? carriers : containers).has(v.unitNumber))).toBe(true);
      expect(train.carMoves.map((m) => m.vin).sort()).toEqual(
        vehicles
          .filter((v) => v.unitKind === 'wagon')
          .map((v) => v.vin)
          .sort(),
      );
    }
    expect(trains.filter((t) => t.carMoves.length).length).toBeGreaterThan(trains.length / 4);
    expect(trains.filter((t) => t.carMoves.length).length).toBeLessThan(trains.length / 2);
  });

  it('keeps the totals when thinned out, and is the same on every run', () => {
    const target = DEMO_TARGETS.find((t) => t.month === '2023-01')!;
    const small = planMonth(target, 0.02);
    const vehicles = small.flatMap((t) => t.consignments.flatMap((c) => c.vehicles));
    expect(vehicles.length).toBeLessThan(300);
    expect(vehicles.reduce((a, v) => a + v.cents, 0)).toBe(target.value * 100);
    expect(planMonth(target, 0.02)).toEqual(small);
    expect(demoUuid('train:x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
