import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ApiClient } from './support/api-client.js';
import { feedSettled } from './support/feed-settled.js';
import { type ApiProcess, startApiProcess } from './support/api-process.js';
import {
  describeBlock,
  outputOf,
  runShellBlocks,
  type ShellBlock,
  walkthroughBlocks,
  type WalkthroughRun,
} from './support/readme-walkthrough.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const README = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

/** The first admin, as the README's start command creates it. */
const ADMIN = { email: 'admin@landbridge.example', password: 'walkthrough-only-password' };

/**
 * What the shell gets: the service and its first admin, as the README tells the reader to set them, the
 * PATH to find bash, curl and jq, and nothing else of this machine's environment (no proxy, no curlrc).
 */
const shellEnv = (service: ApiProcess) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  LC_ALL: 'C.UTF-8',
  LANDBRIDGE: service.baseUrl,
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
});

/** Why a run failed, naming the block that was running, with its output and the service's log. */
function failure(run: WalkthroughRun, service: ApiProcess): string {
  const block = run.started.at(-1);
  if (!block) return `the walkthrough failed before its first block (exit ${run.exitCode}):\n${run.output}`;
  return [
    `README walkthrough ${describeBlock(block)} failed (exit ${run.exitCode}):`,
    block.code,
    '--- its output:',
    outputOf(run, block),
    '--- the service logged:',
    service.output().split('\n').slice(-20).join('\n'),
  ].join('\n');
}

describe('the README walkthrough', () => {
  let database: TestDatabase;
  let service: ApiProcess;
  let blocks: ShellBlock[];
  /**
   * Answers once the status feed has settled (feedSettled): asked before each block. A reader's service
   * has its PostgreSQL to itself; here other test files share the cluster, and a long transaction of
   * theirs (a demo load) holds the commit-safe feed back for seconds, so that a block reading the feed
   * right after the events would find it behind.
   */
  let settleGate: Server;
  let settleUrl: string;

  beforeAll(async () => {
    blocks = walkthroughBlocks(README);
    database = await createTestDatabase();
    // The README's start command, on a fresh database (the worker runs inside, as with npm start).
    service = await startApiProcess(database.url, {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ALLOW_HTTP_WEBHOOKS: 'true',
      ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    settleGate = createServer((_request, response) => {
      feedSettled(database.url).then(
        () => response.writeHead(204).end(),
        (error: unknown) => response.writeHead(503).end(String(error)),
      );
    });
    await new Promise<void>((done) => settleGate.listen(0, '127.0.0.1', done));
    settleUrl = `http://127.0.0.1:${(settleGate.address() as AddressInfo).port}/`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((done) => settleGate?.close(done));
    await service?.stop();
    await database?.drop();
  });

  it('has the whole day between its markers, every block a ```sh one', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    const code = blocks.map((block) => block.code).join('\n');
    for (const step of [
      '/organizations',
      '/users',
      '/identifiers/validate',
      '/consignments',
      '/webhooks',
      '/api-keys',
      '/trains',
      '/loadings',
      '/events',
      '/timeline',
      '/vehicles/',
      '/reports/exports',
    ]) {
      expect(code).toContain(step);
    }
    for (const type of ['DEPARTED', 'BORDER_CROSSED', 'GAUGE_CHANGED', 'CUSTOMS_HOLD', 'CUSTOMS_CLEARED']) {
      expect(code).toContain(`"${type}"`);
    }
    for (const type of ['ARRIVED', 'UNLOADED', 'DELIVERED']) expect(code).toContain(`"${type}"`);
  });

  it('runs every block in order against a fresh service without a failing command', async () => {
    const run = await runShellBlocks(blocks, shellEnv(service), 90_000, `curl -sS --fail "${settleUrl}"`);
    if (run.exitCode !== 0) throw new Error(failure(run, service));
    expect(run.started).toEqual(blocks);

    // The day happened: the admin sees the consignment delivered from the train that arrived.
    const admin = new ApiClient((path, init = {}) => {
      const { json, token, ...rest } = init;
      return fetch(service.baseUrl + path, {
        ...rest,
        headers: {
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    });
    const { accessToken } = await admin.signIn(ADMIN);
    const asAdmin = admin.as(accessToken);
    const [consignment] = (await asAdmin.listConsignments({ waybillNumber: 'SMGS24032001' })).items;
    expect(consignment).toEqual(expect.objectContaining({ status: 'delivered', currentStationCode: 'RUMOW' }));
    expect(consignment!.vehicles.map((vehicle) => vehicle.unit?.kind).sort()).toEqual([
      'container',
      'container',
      'wagon',
    ]);
    expect(await asAdmin.getTrain(consignment!.trainId!)).toEqual(expect.objectContaining({ status: 'arrived' }));
  }, 120_000);

  it('stops at the first failing command and names its block', async () => {
    const markdown = [
      '<!-- walkthrough:start -->',
      '**Fine.**',
      '```sh',
      'echo fine',
      '```',
      '**Not signed in.**',
      '```sh',
      'curl -sS --fail-with-body "$LANDBRIDGE/api/v1/stations/CNZGZ" | jq -c .',
      'echo still-here',
      '```',
      '```sh',
      'echo never',
      '```',
      '<!-- walkthrough:end -->',
    ].join('\n');
    const synthetic = walkthroughBlocks(markdown);
    const run = await runShellBlocks(synthetic, shellEnv(service), 30_000);
    expect(run.exitCode).not.toBe(0);
    expect(run.started.map((block) => block.number)).toEqual([1, 2]);
    expect(describeBlock(run.started.at(-1)!)).toBe('block 2 "Not signed in." (README.md line 7)');
    expect(outputOf(run, synthetic[1]!)).toContain('"status":401');
    expect(run.output).not.toContain('still-here');
    expect(run.output).not.toContain('never');
  });

  it('refuses a fenced block between the markers that is not ```sh (it would silently not run)', () => {
    expect(() =>
      walkthroughBlocks(
        ['<!-- walkthrough:start -->', '```bash', 'true', '```', '<!-- walkthrough:end -->'].join('\n'),
      ),
    ).toThrow('must be ```sh');
  });
});
