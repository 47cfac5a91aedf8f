/**
 * A consignment manifest of 20,000 rows (200 consignments of 100 vehicles) posted as one file, as CSV and
 * as XLSX: parsed, every row validated like a JSON booking, checked against the database and stored in
 * one transaction. Three files of each, one after another; the row gives the time of each request
 * (target < 5 s) and rows/s, and the api's peak RSS growth over its resident size before the file
 * (target < 150 MB), read from /proc every 20 ms. Then the hostile files of the e2e suite
 * (test/manifests-hostile.e2e-spec.ts), one request each: the status and the peak RSS growth.
 */
import { readFile } from 'node:fs/promises';
import { aVin, aWaybillNumber } from '../../test/support/factories.js';
import {
  manyRowsCsv,
  manyRowsXlsx,
  millionColumnsCsv,
  millionColumnsXlsx,
  sharedStringsBombXlsx,
  zipBombXlsx,
} from '../../test/support/hostile-files.js';
import { COLUMNS } from '../../test/support/manifest-files.js';
import { XLSX_TYPE, xlsxOf } from '../../test/support/xlsx-files.js';
import { type BenchContext, latencyRow, type Result, type Row, type Scenario } from '../scenario.js';

const CONSIGNMENTS = 200;
const VEHICLES_EACH = 100;
const ROWS = CONSIGNMENTS * VEHICLES_EACH;
const FILES = 3;
const MB = 1_000_000;

const HEADER = COLUMNS.map(([english]) => english);

/** The rows of a consignment manifest for the bench's exporter (fresh waybills and VINs). */
function manifestRows(exporterId: string): string[][] {
  const rows: string[][] = [];
  for (let c = 0; c < CONSIGNMENTS; c++) {
    const waybill = aWaybillNumber();
    for (let v = 0; v < VEHICLES_EACH; v++) {
      rows.push([
        waybill,
        exporterId,
        'Avtodom Trading LLC',
        'RU',
        'CNZGZ',
        'RUMOW',
        aVin(),
        'BYD',
        'Song PLUS DM-i',
        'PHEV',
        '152000.00',
        'CNY',
      ]);
    }
  }
  return rows;
}

const csvOf = (rows: string[][]) => `${[HEADER, ...rows].map((row) => row.join(',')).join('\n')}\n`;

/** An upload as the bench sends it: the body and its content type. */
interface Upload {
  body: string | Uint8Array;
  contentType: string;
}

/** The api's resident set in bytes (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Posts one manifest and measures it: status, time, and the api's peak RSS growth meanwhile. */
async function post({ service, token }: BenchContext, upload: Upload) {
  const before = await rssOf(service.pid);
  let peak = before;
  const sampler = setInterval(() => {
    void rssOf(service.pid).then((rss) => (peak = Math.max(peak, rss)));
  }, 20);
  const t0 = performance.now();
  const response = await fetch(`${service.baseUrl}/api/v1/manifests/consignments`, {
    method: 'POST',
    headers: { 'content-type': upload.contentType, authorization: `Bearer ${token}` },
    body: upload.body,
  });
  const text = await response.text();
  const elapsedMs = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, await rssOf(service.pid));
  return { status: response.status, text, elapsedMs, growthMb: Math.round((peak - before) / 2 ** 20) };
}

/** FILES manifests of ROWS rows in one format, each booked: one row with time per request and rows/s. */
async function measureFormat(
  context: BenchContext,
  format: 'CSV' | 'XLSX',
  fileOf: (rows: string[][]) => Promise<Upload>,
): Promise<Row> {
  const latencies: number[] = [];
  let peakGrowth = 0;
  for (let f = 0; f < FILES; f++) {
    const upload = await fileOf(manifestRows(context.exporterId));
    const { status, text, elapsedMs, growthMb } = await post(context, upload);
    if (status !== 201) throw new Error(`manifest upload (${format}): ${status} ${text.slice(0, 500)}`);
    latencies.push(elapsedMs);
    peakGrowth = Math.max(peakGrowth, growthMb);
  }
  const meanMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  return latencyRow(
    `consignment manifest, ${format}, ${ROWS.toLocaleString('en')} rows (peak RSS +${peakGrowth} MB)`,
    `${Math.round((ROWS * 1000) / meanMs)} rows/s`,
    latencies,
  );
}

/** The hostile files of the e2e suite, built the same way. */
function hostileFiles(exporterId: string): [string, () => Upload][] {
  const xlsx = (body: Uint8Array): Upload => ({ body, contentType: XLSX_TYPE });
  const csv = (body: string): Upload => ({ body, contentType: 'text/csv' });
  const [row] = manifestRows(exporterId);
  return [
    ['zip bomb XLSX (200 MB inflated)', () => xlsx(zipBombXlsx(HEADER, row!))],
    ['shared-strings bomb XLSX (200 MB)', () => xlsx(sharedStringsBombXlsx(HEADER))],
    ['60,000 rows CSV', () => csv(manyRowsCsv(HEADER, row!, 60_000))],
    ['60,000 rows XLSX', () => xlsx(manyRowsXlsx(HEADER, row!, 60_000))],
    ['CSV with a 10 MB field', () => csv(csvOf([row!.map((cell, i) => (i === 7 ? 'B'.repeat(10 * MB) : cell))]))],
    ['1,000,000-column row CSV', () => csv(millionColumnsCsv(HEADER))],
    ['1,000,000-column row XLSX', () => xlsx(millionColumnsXlsx(HEADER))],
  ];
}

async function run(context: BenchContext): Promise<Result> {
  const rows = [
    await measureFormat(context, 'CSV', (data) => Promise.resolve({ body: csvOf(data), contentType: 'text/csv' })),
    await measureFormat(context, 'XLSX', async (data) => ({
      body: await xlsxOf([HEADER, ...data]),
      contentType: XLSX_TYPE,
    })),
  ];
  for (const [name, build] of hostileFiles(context.exporterId)) {
    const { status, elapsedMs, growthMb } = await post(context, build());
    rows.push(
      latencyRow(`hostile upload: ${name} → ${status} (peak RSS +${growthMb} MB)`, `status ${status}`, [elapsedMs], {
        errors: status >= 500 ? 1 : 0,
      }),
    );
  }
  return { rows };
}

export const manifests: Scenario = { name: 'manifests', run };
