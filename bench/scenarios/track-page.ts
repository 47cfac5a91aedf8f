/**
 * The public tracking page: GET /track/:token (HTML, route SVG, script) under 50 connections, for share
 * links to consignments of 30 vehicles on a train some way along the route; target p99 < 30 ms. Also
 * prints the bytes of the page of a 300-vehicle consignment (budget: 60 KB, asserted in
 * test/track-page.e2e-spec.ts).
 */
import { aConsignment, aTrain } from '../../test/support/factories.js';
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';
import { loadOnto } from './train-events.js';

const LINKS = 10;
const DEPARTURE = '2024-03-20T01:30:00Z';
const hoursOn = (hours: number) => new Date(Date.parse(DEPARTURE) + hours * 3_600_000).toISOString();

/** A train on ZGZ-MOW-ERC that reached Zamyn-Uud, carrying consignments of these sizes; their ids. */
async function consignmentsUnderway(context: BenchContext, sizes: number[]): Promise<string[]> {
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
  return booked.map((c) => c.id);
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
  const [big, ...small] = await consignmentsUnderway(context, [300, ...Array.from({ length: LINKS }, () => 30)]);
  const tokens = await Promise.all(small.map((id) => tokenFor(context, id)));
  const bigPage = await fetch(`${context.service.baseUrl}/track/${await tokenFor(context, big!)}`);
  const bytes = (await bigPage.arrayBuffer()).byteLength;
  process.stdout.write(`GET /track/:token of a 300-vehicle consignment: ${bytes} bytes (budget 61440)\n`);
  const pages = tokens.map((token) => ({ method: 'GET' as const, path: `/track/${token}` }));
  const data = tokens.map((token) => ({ method: 'GET' as const, path: `/track/${token}/data` }));
  return {
    rows: [
      row(
        `GET /track/:token (30 vehicles; 300 weigh ${(bytes / 1024).toFixed(1)} KB), 50 connections`,
        await context.measure(context.service.baseUrl, pages),
      ),
      // The same read without the HTML: what the page's polling costs, and the rendering's share.
      row('  GET /track/:token/data, the same links', await context.measure(context.service.baseUrl, data)),
    ],
  };
}

export const trackPage: Scenario = { name: 'track', run };
