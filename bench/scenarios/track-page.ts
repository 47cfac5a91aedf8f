/**
 * The public tracking page: GET /track/:token (HTML, route SVG, script) under 50 connections, for share
 * links to consignments of 30 vehicles on a train some way along the route; target p99 < 30 ms. Measured
 * alternately against the baseline server (bench/baseline-server.ts), which runs the same statement for
 * each request (Landbridge one for the lookups of a turn of its event loop) and sends the same page's
 * bytes, and reported also as a ratio, which holds on a noisy machine. Also prints the bytes of the page of
 * a 300-vehicle consignment (budget: 60 KB, asserted in test/track-page.e2e-spec.ts).
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConsignment, aTrain } from '../../test/support/factories.js';
import type { BaselineTrackPage } from '../baseline-server.js';
import { alternately } from '../measure.js';
import { type BenchContext, ratioToBaseline, type Result, row, type Scenario } from '../scenario.js';
import { startBaseline } from '../service-under-test.js';
import { loadOnto } from './train-events.js';

const LINKS = 10;
const DEPARTURE = '2024-03-20T01:30:00Z';
const hoursOn = (hours: number) => new Date(Date.parse(DEPARTURE) + hours * 3_600_000).toISOString();

/** A train on ZGZ-MOW-ERC that reached Zamyn-Uud, carrying consignments of these sizes; it and their ids. */
async function consignmentsUnderway(
  context: BenchContext,
  sizes: number[],
): Promise<{ trainId: string; consignmentIds: string[] }> {
  const { api, token, exporterId } = context;
  const train = await api<{ id: string }>('/api/v1/trains', {
    method: 'POST',
    token,
    body: aTrain({ plannedDepartureAt: DEPARTURE }),
  });
  const booked: { id: string; vehicles: { vin: string }[] }[] = [];
  for (const size of sizes) {
    booked.push(
      await api('/api/v1/consignments', { method: 'POST', token, body: { ...aConsignment(size), exporterId } }),
    );
  }
  await loadOnto(context, train.id, booked);
  for (const [type, stationCode, hours] of [
    ['DEPARTED', 'CNZGZ', 0],
    ['ARRIVED_AT_STATION', 'CNERC', 41],
    ['BORDER_CROSSED', 'CNERC', 44],
    ['ARRIVED_AT_STATION', 'MNZUU', 53],
  ] as const) {
    await api(`/api/v1/trains/${train.id}/events`, {
      method: 'POST',
      token,
      body: { type, stationCode, occurredAt: hoursOn(hours) },
    });
  }
  return { trainId: train.id, consignmentIds: booked.map((c) => c.id) };
}

async function tokenFor({ api, token }: BenchContext, consignmentId: string): Promise<string> {
  const link = await api<{ url: string }>(`/api/v1/consignments/${consignmentId}/share-links`, {
    method: 'POST',
    token,
    body: {},
  });
  return new URL(link.url).pathname.split('/').pop()!;
}

async function run(context: BenchContext): Promise<Result> {
  const { service, exporterId, measure } = context;
  const sizes = [300, ...Array.from({ length: LINKS }, () => 30)];
  const { trainId, consignmentIds } = await consignmentsUnderway(context, sizes);
  const [big, ...small] = consignmentIds;
  const tokens = await Promise.all(small.map((id) => tokenFor(context, id)));
  const bigPage = await fetch(`${service.baseUrl}/track/${await tokenFor(context, big!)}`);
  const bytes = (await bigPage.arrayBuffer()).byteLength;
  process.stdout.write(`GET /track/:token of a 300-vehicle consignment: ${bytes} bytes (budget 61440)\n`);
  // The baseline serves each link's page as Landbridge sends it (in English, as to autocannon).
  const pages: Record<string, BaselineTrackPage> = {};
  for (const [i, token] of tokens.entries()) {
    const html = await (await fetch(`${service.baseUrl}/track/${token}`)).text();
    pages[token] = { consignmentId: small[i]!, exporterId, trainId, html };
  }
  const pagesFile = join(tmpdir(), `landbridge-bench-track-${process.pid}.json`);
  await writeFile(pagesFile, JSON.stringify(pages));
  const baseline = await startBaseline(service, { BASELINE_TRACK_PAGES: pagesFile });
  const requests = tokens.map((token) => ({ method: 'GET' as const, path: `/track/${token}` }));
  const data = tokens.map((token) => ({ method: 'GET' as const, path: `/track/${token}/data` }));
  try {
    const { landbridge, baseline: bare } = await alternately(measure, service.baseUrl, baseline.baseUrl, requests);
    return {
      rows: [
        row(`GET /track/:token (30 vehicles; 300 weigh ${(bytes / 1024).toFixed(1)} KB), 50 connections`, landbridge),
        row('  baseline: Fastify + pg, same statement and page', bare),
        // The same read without the HTML: what the page's polling costs.
        row('  GET /track/:token/data, the same links', await measure(service.baseUrl, data)),
      ],
      ratios: [ratioToBaseline('GET /track/:token', landbridge, bare)],
    };
  } finally {
    await baseline.stop();
    await rm(pagesFile, { force: true });
  }
}

export const trackPage: Scenario = { name: 'track', run };
