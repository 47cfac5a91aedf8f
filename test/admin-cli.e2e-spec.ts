import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_ADMIN } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

// Each run starts Nest and checks the migrations: seconds on a busy machine, hence the longer timeouts.
// `npm run admin` as a user runs it (`node dist/apps/admin/src/main.js`), compiled here into a folder of
// its own (others may be building dist/) inside the repository, so its imports resolve from node_modules.
const root = resolve(import.meta.dirname, '..');
const compiled = join(root, 'node_modules/.cache/landbridge-admin-test/out');
const main = join(compiled, 'apps/admin/src/main.js');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the admin command with these arguments and environment (nothing else of this process's). */
function admin(args: string[], env: Record<string, string>): Promise<Ran> {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('npm run admin -- reset-password <email>', () => {
  let api: TestApp;

  beforeAll(async () => {
    execFileSync(
      join(root, 'node_modules/.bin/swc'),
      ['apps', 'libs', '-d', compiled, '--ignore', '**/*.spec.ts,**/*.fixtures.ts', '--quiet'],
      { cwd: root, stdio: 'inherit' },
    );
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('prints a new password once on stdout; the old one and earlier tokens stop working in the running api', async () => {
    const token = await api.adminToken();
    await api.as(token).me();
    await new Promise((done) => setTimeout(done, 200)); // the api now remembers the admin, and listens

    const ran = await admin(['reset-password', TEST_ADMIN.email.toUpperCase()], { DATABASE_URL: api.database.url });
    expect(ran.code).toBe(0);
    const lines = ran.stdout.split('\n');
    expect(lines).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), '']);
    const password = lines[0]!;
    expect(ran.stderr).toContain(`The password of ${TEST_ADMIN.email} is reset`);
    expect(ran.stderr).not.toContain(password);

    await eventually(async () => (await api.as(token).me().response).status === 401);
    await api.as().signIn(TEST_ADMIN).expectStatus(401);
    const { accessToken } = await api.as().signIn({ email: TEST_ADMIN.email, password });
    expect(await api.as(accessToken).me()).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
  }, 60_000);

  it('says so and exits non-zero for an email no user has, or without one', async () => {
    const unknown = await admin(['reset-password', 'nobody@example.test'], { DATABASE_URL: api.database.url });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim()).toBe('reset-password: no user has the email nobody@example.test');

    const usage = await admin(['reset-password'], { DATABASE_URL: api.database.url });
    expect(usage.code).toBe(64);
    expect(usage.stderr.trim()).toBe('usage: npm run admin -- reset-password <email>');
  }, 60_000);

  it('uses the embedded database of DATA_DIR when DATABASE_URL is unset, and stops it after', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'landbridge-admin-'));
    try {
      const ran = await admin(['reset-password', 'admin@localhost'], { DATA_DIR: dataDir });
      expect(ran.stderr.trim()).toBe('reset-password: no user has the email admin@localhost');
      expect(ran.code).toBe(1);
      expect(processesUsing(dataDir)).toBe('');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Processes whose command line names the folder (the embedded PostgreSQL's, for one). */
function processesUsing(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when it finds none
  }
}
