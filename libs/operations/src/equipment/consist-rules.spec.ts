import { consistProblems, teuOf, type WagonInput } from './consist-rules.js';

const flat = (position: number, number: string, containers: WagonInput['containers'] = []): WagonInput => ({
  position,
  number,
  gauge: 1435,
  kind: 'flat',
  capacityTeu: 2,
  containers,
});
const forty = (number: string) => ({ number, sizeType: '45G1' });
const twenty = (number: string) => ({ number, sizeType: '22G1' });

describe('consistProblems', () => {
  const why = 'the origin CNZGZ is 1435 mm';

  it('accepts flats within capacity and a car carrier without containers', () => {
    const wagons: WagonInput[] = [
      flat(1, '313353910026', [forty('CSQU3054383')]),
      flat(2, '313353910034', [twenty('TGHU1234561'), twenty('MSCU1234566')]),
      { position: 3, number: '313353910042', gauge: 1435, kind: 'car_carrier', containers: [] },
    ];
    expect(consistProblems(wagons, 1435, why)).toEqual([]);
  });

  it('names a wagon of the other gauge, and a number of the other gauge’s form', () => {
    const wagons: WagonInput[] = [
      { ...flat(1, '313353910026'), gauge: 1520 },
      { ...flat(2, '12345675'), gauge: 1435 },
    ];
    expect(consistProblems(wagons, 1435, why)).toEqual([
      { field: 'wagons[0].gauge', message: 'must be 1435 mm: the origin CNZGZ is 1435 mm' },
      { field: 'wagons[1].number', message: 'a 1435 mm wagon has a 12-digit number, not 8 digits' },
    ]);
  });

  it('names a flat over capacity, counting a 20-foot container as 1 TEU and a longer one as 2', () => {
    expect(teuOf('22G1')).toBe(1);
    expect(teuOf('42G1')).toBe(2);
    expect(teuOf('L5G1')).toBe(2);
    const problems = consistProblems(
      [flat(1, '313353910026', [forty('CSQU3054383'), twenty('TGHU1234561')])],
      1435,
      why,
    );
    expect(problems).toEqual([
      { field: 'wagons[0].containers', message: "3 TEU of containers over the flat's capacity of 2 TEU" },
    ]);
  });

  it('names a container on two wagons, a position and a wagon number used twice', () => {
    const problems = consistProblems(
      [flat(1, '313353910026', [forty('CSQU3054383')]), flat(1, '313353910026', [forty('CSQU3054383')])],
      1435,
      why,
      'body.wagons',
    );
    expect(problems.map((p) => p.field)).toEqual([
      'body.wagons[1].position',
      'body.wagons[1].number',
      'body.wagons[1].containers[0].number',
    ]);
    expect(problems[2]!.message).toBe('container CSQU3054383 is on body.wagons[0] (wagon 313353910026) too');
  });

  it('names a flat without capacity and a car carrier with containers or a capacity', () => {
    const problems = consistProblems(
      [
        { ...flat(1, '313353910026'), capacityTeu: null },
        {
          position: 2,
          number: '313353910034',
          gauge: 1435,
          kind: 'car_carrier',
          capacityTeu: 2,
          containers: [forty('CSQU3054383')],
        },
      ],
      1435,
      why,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'wagons[0].capacityTeu',
      'wagons[1].capacityTeu',
      'wagons[1].containers',
    ]);
  });
});
