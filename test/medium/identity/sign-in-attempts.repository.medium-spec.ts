import { SignInAttemptsRepository } from '../../../libs/identity/src/auth/sign-in-attempts.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const WINDOW_SECONDS = 900;

describe('sign-in attempts', () => {
  let db: MediumDatabase;
  let attempts: SignInAttemptsRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    attempts = new SignInAttemptsRepository(db.dataSource);
  });
  afterAll(() => db.close());

  const endWindowOf = (email: string) =>
    db.dataSource.query(`UPDATE sign_in_attempts SET window_ends_at = now() - interval '1 second' WHERE email = $1`, [
      email,
    ]);

  it('counts concurrent attempts one by one within a window, and starts again when it has ended', async () => {
    const counted = await Promise.all(Array.from({ length: 5 }, () => attempts.count('a@example.com', WINDOW_SECONDS)));
    expect(counted.map((c) => c.attempts).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(counted.every((c) => c.secondsLeft > 0 && c.secondsLeft <= WINDOW_SECONDS)).toBe(true);

    await endWindowOf('a@example.com');
    expect((await attempts.count('a@example.com', WINDOW_SECONDS)).attempts).toBe(1);
  });

  it('forgets an account after a success, and purges only the windows that have ended', async () => {
    await attempts.count('forgotten@example.com', WINDOW_SECONDS);
    await attempts.forget('forgotten@example.com');
    expect((await attempts.count('forgotten@example.com', WINDOW_SECONDS)).attempts).toBe(1);

    await attempts.count('ended@example.com', WINDOW_SECONDS);
    await endWindowOf('ended@example.com');
    expect(await attempts.purgeEnded()).toBe(1);
    const left = await db.dataSource.query<{ email: string }[]>('SELECT email FROM sign_in_attempts ORDER BY email');
    expect(left.map((row) => row.email)).toEqual(['a@example.com', 'forgotten@example.com']);
  });
});
