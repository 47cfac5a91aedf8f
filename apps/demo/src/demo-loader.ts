import type pg from 'pg';
import { DEMO, DEMO_EXPORTERS, type DemoVariant, planMonth } from './demo-plan.js';
import { demoRows } from './demo-rows.js';
import { DEMO_TARGETS } from './demo-targets.js';
import { type DemoOrganization, DemoRepository } from './demo.repository.js';

const CHUNK = 100; // trains per round of statements

export interface DemoSummary {
  loaded: boolean;
  /** The demo's own exporter organizations (marked demo), created by this run or reused from an earlier one. */
  organizations: Omit<DemoOrganization, 'id'>[];
  trains: number;
  consignments: number;
  vehicles: number;
}

/** What a run of the demo added (or found), for its log. */
export function describeDemo(summary: DemoSummary, seconds: number): string {
  const what = `${summary.trains} trains, ${summary.consignments} consignments, ${summary.vehicles} vehicles`;
  const organizations = summary.organizations.length
    ? summary.organizations.map((o) => `${o.name} (${o.created ? 'created' : 'reused'})`).join('; ')
    : 'none';
  return summary.loaded
    ? `loaded ${what} in ${seconds.toFixed(1)} s, for the demo's own exporter organizations (marked demo): ` +
        organizations
    : `the demo dataset is already there (${what}); nothing added. Demo organizations: ${organizations}`;
}

/**
 * Loads the demo dataset — exporters, trains on all three routes from January 2022 to March 2024 with
 * their full event history, consignments, vehicles and loadings — in one transaction of multi-row
 * statements, under the database's own constraints (check digits were computed by the same functions
 * the API validates with). Everything has a fixed id: a second run finds the data and adds nothing.
 * The exporters are organizations of the demo's own (marked demo); a real one with such a name is refused.
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
  const names = DEMO_EXPORTERS.map((e) => e.name);
  const demo = new DemoRepository(client);
  if ((await demo.countTrains([trains[0]!.id, trains.at(-1)!.id])) === 2) {
    const organizations = await demo.demoOrganizations(names);
    return { loaded: false, organizations: organizations.map(({ name }) => ({ name, created: false })), ...summary };
  }

  const routes = await demo.routeStops();
  const organizations = await demo.inTransaction(async () => {
    const exporters = await demo.ensureExporters(names);
    const byName = new Map(exporters.map((o) => [o.name.toLowerCase(), o.id]));
    const exporterIds = new Map(DEMO_EXPORTERS.map((e) => [e.key, byName.get(e.name.toLowerCase())!]));
    for (let i = 0; i < trains.length; i += CHUNK) {
      await demo.insertTrains(demoRows(trains.slice(i, i + CHUNK), routes, exporterIds));
      progress(Math.min(i + CHUNK, trains.length), trains.length);
    }
    return exporters;
  });
  return { loaded: true, organizations: organizations.map(({ name, created }) => ({ name, created })), ...summary };
}
