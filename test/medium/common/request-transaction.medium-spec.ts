import { afterCommit, apartFromRequest, shareRequestTransactions } from '@landbridge/common';
import type { DataSource } from 'typeorm';
import { inRequestTransaction, RequestTransaction } from '../../../libs/common/src/audit/request-transaction.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

describe("a write request's transaction", () => {
  let db: MediumDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await openMediumDatabase();
    dataSource = shareRequestTransactions(db.dataSource);
    await dataSource.query('CREATE TABLE request_rows (id int PRIMARY KEY)');
  });
  afterAll(() => db.close());

  const count = async () =>
    Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM request_rows'))[0]!.n);

  it('reads on the pool until the request writes; from then on every statement runs in its transaction', async () => {
    const transaction = new RequestTransaction(dataSource);
    await inRequestTransaction(transaction, async () => {
      expect(await count()).toBe(0);
      expect(transaction.begun).toBe(false);
      await dataSource.query('INSERT INTO request_rows VALUES (1)');
      expect(transaction.begun).toBe(true);
      expect(await count()).toBe(1); // the request's read sees its write
      expect(await apartFromRequest(count)).toBe(0); // not committed yet
    });
    await transaction.finish(true);
    expect(await count()).toBe(1);
  });

  it('begins at the first dataSource.transaction(...) and refuses an isolation level there', async () => {
    const transaction = new RequestTransaction(dataSource);
    await inRequestTransaction(transaction, async () => {
      await expect(dataSource.transaction('SERIALIZABLE', () => Promise.resolve())).rejects.toThrow(/isolation level/);
      expect(transaction.begun).toBe(false);
      await dataSource.transaction(async (em) => {
        await em.query('INSERT INTO request_rows VALUES (2)');
      });
      expect(transaction.begun).toBe(true);
    });
    await transaction.finish(false);
    expect(await count()).toBe(1);
    // Outside a write request, an isolation level is the transaction's own.
    await dataSource.transaction('SERIALIZABLE', async (em) => {
      await em.query('SELECT 1');
    });
  });

  it('runs after-commit hooks once the request commits, never when it rolls back, and at once outside a request', async () => {
    const ran: string[] = [];
    const committed = new RequestTransaction(dataSource);
    await inRequestTransaction(committed, async () => {
      await dataSource.query('INSERT INTO request_rows VALUES (3)');
      afterCommit(() => ran.push('committed'));
    });
    expect(ran).toEqual([]);
    await committed.finish(true);
    expect(ran).toEqual(['committed']);

    const rolledBack = new RequestTransaction(dataSource);
    await inRequestTransaction(rolledBack, async () => {
      await dataSource.query('INSERT INTO request_rows VALUES (4)');
      afterCommit(() => ran.push('rolled back'));
    });
    await rolledBack.finish(false);

    afterCommit(() => ran.push('outside'));
    expect(ran).toEqual(['committed', 'outside']);
  });
});
