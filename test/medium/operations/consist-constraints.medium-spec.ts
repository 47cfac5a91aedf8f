import { aUicWagonNumber } from '../../support/factories.js';
import type { MediumDatabase } from '../../support/medium.js';
import { aPlannedTrain, type Operations, openOperations } from './operations-fixtures.js';

/** The database's own checks of a consist's wagons: the last line of defence behind the consist rules. */
describe('consist_wagons constraints', () => {
  let db: MediumDatabase;
  let ops: Operations;
  let consistId: string;

  beforeAll(async () => {
    ({ db, ops } = await openOperations());
    const train = await aPlannedTrain(ops.trainRows);
    consistId = await db.dataSource.transaction(
      async (em) => (await ops.consistRows.insertAtOrigin(em, train, { code: 'CNZGZ', gauge: 1435 })).id,
    );
  });
  afterAll(() => db.close());

  const insert = (position: number, kind: string, capacity: number | null) =>
    db.dataSource.query(
      `INSERT INTO consist_wagons (consist_id, position, number, gauge, kind, capacity_teu) VALUES ($1, $2, $3, 1435, $4, $5)`,
      [consistId, position, aUicWagonNumber(), kind, capacity],
    );

  it('takes a flat of 2 or 4 TEU and a car carrier without a capacity', async () => {
    await insert(1, 'flat', 2);
    await insert(2, 'flat', 4);
    await insert(3, 'car_carrier', null);
  });

  it('refuses a flat without a capacity or of another one, and a car carrier with one', async () => {
    await expect(insert(4, 'flat', null)).rejects.toThrow(/consist_wagons_capacity/);
    await expect(insert(5, 'flat', 3)).rejects.toThrow(/consist_wagons_capacity/);
    await expect(insert(6, 'car_carrier', 2)).rejects.toThrow(/consist_wagons_capacity/);
  });
});
