/**
 * Loading: 20,000 vehicles onto 40 trains in 500-VIN requests, 4 requests at a time (one train and one
 * consignment each). The bulk write path: VIN checks, the one-active-train constraint, unit assignment.
 * Timed on a settled database (the 20,000 vehicles just booked would otherwise bring autovacuum into the
 * few seconds it takes), and long enough that one stall of the machine does not decide the figure.
 */
import { aConsignment, aContainerNumber, aTrain } from '../../test/support/factories.js';
import { type BenchContext, latencyRow, type Result, type Scenario } from '../scenario.js';

const CONSIGNMENTS = 40;
const VINS_PER_REQUEST = 500;
const PARALLEL = 4;

async function run({ api, token, exporterId, settle }: BenchContext): Promise<Result> {
  const consignments: { vehicles: { vin: string }[] }[] = [];
  for (let i = 0; i < CONSIGNMENTS; i++) {
    consignments.push(
      await api('/api/v1/consignments', {
        method: 'POST',
        token,
        body: { ...aConsignment(VINS_PER_REQUEST), exporterId },
      }),
    );
  }
  const trains = await Promise.all(
    consignments.map(() => api<{ id: string }>('/api/v1/trains', { method: 'POST', token, body: aTrain() })),
  );
  await settle();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < consignments.length) {
        const i = next++;
        const t0 = performance.now();
        await api(`/api/v1/trains/${trains[i]!.id}/loadings`, {
          method: 'POST',
          token,
          body: {
            unit: { kind: 'container', number: aContainerNumber() },
            vins: consignments[i]!.vehicles.map((v) => v.vin),
          },
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const vehicles = CONSIGNMENTS * VINS_PER_REQUEST;
  return {
    rows: [
      latencyRow(
        `load ${(CONSIGNMENTS * VINS_PER_REQUEST).toLocaleString('en')} vehicles (500-VIN requests, 4 parallel)`,
        `${Math.round(vehicles / seconds)} vehicles/s`,
        latencies,
      ),
    ],
  };
}

/** Measured again at scale: the same 20,000 vehicles, loaded into a database that holds many more. */
export const loading: Scenario = { name: 'loading', run, runScaled: run };
