import type { WagonInput } from './consist-rules.js';
import { type TransshipmentPlan, transshipmentProblems, type VehicleInUnit } from './transshipment-rules.js';

const broadFlat = (position: number, number: string, containers: string[]): WagonInput => ({
  position,
  number,
  gauge: 1520,
  kind: 'flat',
  capacityTeu: 4,
  containers: containers.map((c) => ({ number: c, sizeType: '45G1' })),
});
const broadCarrier = (position: number, number: string): WagonInput => ({
  position,
  number,
  gauge: 1520,
  kind: 'car_carrier',
  containers: [],
});

const BUS = 'LGXCH4CD3S2107503';
const CAR = 'LSVAU2180N2183294';
const IN_BOX = 'LFV3A23C8N3001234';
const riders: VehicleInUnit[] = [
  { vin: BUS, unitKind: 'wagon', unitNumber: '313353910042' },
  { vin: CAR, unitKind: 'wagon', unitNumber: '313353910042' },
];

function plan(overrides: Partial<TransshipmentPlan> = {}): TransshipmentPlan {
  return {
    containers: [
      { number: 'CSQU3054383', sizeType: '45G1', wagonNumber: '313353910026' },
      { number: 'TGHU1234561', sizeType: '45G1', wagonNumber: '313353910034' },
    ],
    wagons: [broadFlat(1, '52345675', ['CSQU3054383', 'TGHU1234561']), broadCarrier(2, '52345683')],
    gauge: 1520,
    why: 'the gauge changes at MNZUU to 1520 mm',
    moves: [
      { vin: BUS, wagonNumber: '52345683' },
      { vin: CAR, containerNumber: 'CSQU3054383' },
    ],
    vehicles: new Map(riders.map((v) => [v.vin, v])),
    ...overrides,
  };
}

describe('transshipmentProblems', () => {
  it('accepts every container on a new wagon and every car-carrier vehicle moved', () => {
    expect(transshipmentProblems(plan())).toEqual([]);
  });

  it('names a container left behind and one that was not on the train', () => {
    const problems = transshipmentProblems(
      plan({ wagons: [broadFlat(1, '52345675', ['CSQU3054383', 'MSCU1234566']), broadCarrier(2, '52345683')] }),
    );
    expect(problems).toEqual([
      {
        field: 'wagons[0].containers[1].number',
        message: 'container MSCU1234566 was not on the train before the gauge change',
      },
      {
        field: 'wagons',
        message: 'container TGHU1234561 (on wagon 313353910034) is left behind: put it on a new wagon',
      },
    ]);
  });

  it('names a container given another size-type than it had: it does not change at the border', () => {
    const [flat, carrier] = plan().wagons as [WagonInput, WagonInput];
    const relabelled = { ...flat, containers: [flat.containers![0]!, { number: 'TGHU1234561', sizeType: '22G1' }] };
    expect(transshipmentProblems(plan({ wagons: [relabelled, carrier] }))).toEqual([
      {
        field: 'wagons[0].containers[1].sizeType',
        message: 'container TGHU1234561 is a 45G1, as the consist before the gauge change has it',
      },
    ]);
  });

  it('names a wagon of the old gauge through the consist rules', () => {
    const problems = transshipmentProblems(
      plan({
        wagons: [
          { ...broadFlat(1, '313353910026', ['CSQU3054383', 'TGHU1234561']), gauge: 1435 },
          broadCarrier(2, '52345683'),
        ],
      }),
    );
    expect(problems).toEqual([
      { field: 'wagons[0].gauge', message: 'must be 1520 mm: the gauge changes at MNZUU to 1520 mm' },
    ]);
  });

  it('names a car-carrier vehicle moved nowhere by its VIN', () => {
    const problems = transshipmentProblems(plan({ moves: [{ vin: BUS, wagonNumber: '52345683' }] }));
    expect(problems).toEqual([
      { field: 'vehicleMoves', message: `${CAR} rode car carrier 313353910042 and is moved nowhere: give it a move` },
    ]);
  });

  it('names each bad move: twice, unknown, in a container, onto a flat, into a container not on the consist, both targets', () => {
    const inBox: VehicleInUnit = { vin: IN_BOX, unitKind: 'container', unitNumber: 'CSQU3054383' };
    const problems = transshipmentProblems(
      plan({
        vehicles: new Map([...riders, inBox].map((v) => [v.vin, v])),
        moves: [
          { vin: BUS, wagonNumber: '52345675' },
          { vin: CAR, containerNumber: 'MSCU1234566' },
          { vin: CAR, wagonNumber: '52345683' },
          { vin: 'WVWZZZ1JZXW000001', wagonNumber: '52345683' },
          { vin: IN_BOX, wagonNumber: '52345683', containerNumber: 'CSQU3054383' },
          { vin: BUS.replace('LGX', 'LGY'), wagonNumber: '87654321' },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'vehicleMoves[0].wagonNumber',
      'vehicleMoves[1].containerNumber',
      'vehicleMoves[2].vin',
      'vehicleMoves[3].vin',
      'vehicleMoves[4].vin',
      'vehicleMoves[4]',
      'vehicleMoves[5].vin',
      'vehicleMoves[5].wagonNumber',
    ]);
    expect(problems[0]!.message).toBe(
      'wagon 52345675 is a flat: a vehicle moves onto a car carrier or into a container',
    );
    expect(problems[2]!.message).toBe(`${CAR} is moved by vehicleMoves[1] already`);
    expect(problems[4]!.message).toBe(
      `${IN_BOX} rides in container CSQU3054383, not on a car carrier: it moves with its container`,
    );
  });
});
