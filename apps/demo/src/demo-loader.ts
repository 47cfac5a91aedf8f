import type pg from 'pg';
import { DEMO, DEMO_EXPORTERS, type DemoVariant, planMonth } from './demo-plan.js';
import { demoRows } from './demo-rows.js';
import { DEMO_TARGETS } from './demo-targets.js';
import { DemoRepository } from './demo.repository.js';

const CHUNK = 100; // trains per round of statements

export interface DemoSummary {
  loaded: boolean;
  trains: number;
  consignments: number;
  vehicles: number;
}

/**
 * Loads the demo dataset — exporters, trains on all three routes from January 2022 to March 2024 with
 * their full event history, consignments, vehicles and loadings — in one transaction of multi-row
 * statements, under the database's own constraints (check digits were computed by the same functions
 * the API validates with). Everything has a fixed id: a second run finds the data and adds nothing.
 * No status updates are written: this is history, not news for subscribers.
 */
export async function loadDemo(
  client: pg.ClientBase,
  scale = 1,
  progress: (done: number, total: number) => void = () => undefined,
  variant: DemoVariant = DEMO,
): Promise<DemoSummary> {
  const trains = DEMO_TARGETS.flatMap((target) => planMonth(target, scale, variant));
  const consignments = trains.flatMap((t) => t.consignments);
  const summary = {
    trains: trains.length,
    consignments: consignments.length,
    vehicles: consignments.reduce((a, c) => a + c.vehicles.length, 0),
  };
  const demo = new DemoRepository(client);
  if ((await demo.countTrains([trains[0]!.id, trains.at(-1)!.id])) === 2) return { loaded: false, ...summary };

  const routes = await demo.routeStops();
  await demo.inTransaction(async () => {
    const organizations = await demo.ensureExporters(DEMO_EXPORTERS.map((e) => e.name));
    const exporterIds = new Map(DEMO_EXPORTERS.map((e) => [e.key, organizations.get(e.name.toLowerCase())!]));
    for (let i = 0; i < trains.length; i += CHUNK) {
      await demo.insertTrains(demoRows(trains.slice(i, i + CHUNK), routes, exporterIds));
      progress(Math.min(i + CHUNK, trains.length), trains.length);
    }
  });
  return { loaded: true, ...summary };
}
