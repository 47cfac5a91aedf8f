import { ALL_TENANTS, type Caller, scopeOf } from '@landbridge/common';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aBookedConsignment, anExporter, operationsOn } from './operations-fixtures.js';

describe('ConsignmentsRepository.vehicleRows (the consignments as CSV) on a real database', () => {
  let db: MediumDatabase;
  let ops: ReturnType<typeof operationsOn>;

  beforeAll(async () => {
    db = await openMediumDatabase();
    ops = operationsOn(db.dataSource);
  });
  afterAll(() => db.close());

  const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
    const all: T[] = [];
    for await (const row of rows) all.push(row);
    return all;
  };

  it('reads every page by keyset, each consignment’s vehicles in booking order, scoped to the exporter', async () => {
    const [exporterA, exporterB] = [await anExporter(db.dataSource), await anExporter(db.dataSource)];
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 3));
    const theirs = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterB, 2);
    const scopeA = scopeOf({
      userId: 'u',
      role: 'exporter',
      organizationId: exporterA,
      credential: { kind: 'token' },
    } satisfies Caller);

    // Two consignments a page: the five of A take three pages, the last one short.
    const rows = await collect(ops.consignmentRows.vehicleRows(scopeA, {}, 2));

    expect(rows.map((row) => row.vin)).toEqual(mine.reverse().flatMap((consignment) => consignment.vins));
    expect(rows.every((row) => row.exporterId === exporterA)).toBe(true);
    const forStaff = await collect(ops.consignmentRows.vehicleRows(ALL_TENANTS, {}, 2));
    expect(forStaff.map((row) => row.vin)).toEqual(
      expect.arrayContaining([...theirs.vins, ...rows.map((r) => r.vin!)]),
    );
  });
});
