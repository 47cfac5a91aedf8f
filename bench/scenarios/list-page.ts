/**
 * List page: GET /consignments?limit=50 under 50 connections, the newest 50 consignments with their
 * vehicles (30 each when the fan-out scenario ran), about 400 KB of JSON per page.
 */
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';

const FIRST_PAGE = [{ method: 'GET' as const, path: '/api/v1/consignments?limit=50' }];

async function run({ service, token, measure }: BenchContext): Promise<Result> {
  return {
    rows: [
      row(
        'GET /consignments first page (50 with vehicles), 50 connections',
        await measure(service.baseUrl, FIRST_PAGE, token),
      ),
    ],
  };
}

export const listPage: Scenario = { name: 'list', run, runScaled: run };
