/**
 * A consignment manifest of 20,000 rows (200 consignments of 100 vehicles) posted as one CSV file:
 * parsed, every row validated like a JSON booking, checked against the database and stored in one
 * transaction. Three files, one after another; the row gives the time of each request (target < 5 s) and
 * rows/s, and the api's peak RSS growth over its resident size before the file (target < 150 MB), read
 * from /proc every 20 ms.
 */
import { readFile } from 'node:fs/promises';
import { aVin, aWaybillNumber } from '../../test/support/factories.js';
import { type BenchContext, latencyRow, type Result, type Scenario } from '../scenario.js';

const CONSIGNMENTS = 200;
const VEHICLES_EACH = 100;
const ROWS = CONSIGNMENTS * VEHICLES_EACH;
const FILES = 3;

/** A consignment manifest with English headers, for the bench's exporter. */
function manifest(exporterId: string): string {
  const lines = [
    'waybillNumber,exporterId,consigneeName,consigneeCountry,originStationCode,destinationStationCode,vin,make,model,powertrain,declaredValue,currency',
  ];
  for (let c = 0; c < CONSIGNMENTS; c++) {
    const waybill = aWaybillNumber();
    for (let v = 0; v < VEHICLES_EACH; v++) {
      lines.push(
        `${waybill},${exporterId},Avtodom Trading LLC,RU,CNZGZ,RUMOW,${aVin()},BYD,Song PLUS DM-i,PHEV,152000.00,CNY`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The api's resident set in bytes (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function run({ service, token, exporterId }: BenchContext): Promise<Result> {
  const latencies: number[] = [];
  let peakGrowth = 0;
  for (let f = 0; f < FILES; f++) {
    const body = manifest(exporterId);
    const before = await rssOf(service.pid);
    let peak = before;
    const sampler = setInterval(() => {
      void rssOf(service.pid).then((rss) => (peak = Math.max(peak, rss)));
    }, 20);
    const t0 = performance.now();
    const response = await fetch(`${service.baseUrl}/api/v1/manifests/consignments`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body,
    });
    const elapsed = performance.now() - t0;
    clearInterval(sampler);
    if (response.status !== 201) throw new Error(`manifest upload: ${response.status} ${await response.text()}`);
    latencies.push(elapsed);
    peakGrowth = Math.max(peakGrowth, peak - before);
  }
  const meanMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  return {
    rows: [
      latencyRow(
        `consignment manifest, CSV, ${ROWS.toLocaleString('en')} rows (peak RSS +${Math.round(peakGrowth / 2 ** 20)} MB)`,
        `${Math.round((ROWS * 1000) / meanMs)} rows/s`,
        latencies,
      ),
    ],
  };
}

export const manifests: Scenario = { name: 'manifests', run };
