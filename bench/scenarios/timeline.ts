/**
 * Timeline: GET /consignments/:id/timeline (10 events, 8 planned stops) under 50 connections, for two
 * consignments of each train the fan-out scenario moved along the route; run.ts runs that one first.
 */
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';

async function run({ service, token, measure, fixtures }: BenchContext): Promise<Result> {
  const timelines = fixtures.fanOutTrains
    .flatMap((train) => train.consignments.slice(0, 2))
    .map((id) => ({ method: 'GET' as const, path: `/api/v1/consignments/${id}/timeline` }));
  return {
    rows: [row('GET /consignments/:id/timeline, 50 connections', await measure(service.baseUrl, timelines, token))],
  };
}

export const timeline: Scenario = { name: 'timeline', run, runScaled: run };
