/** What every run of the scenarios starts from: a JSON client of the service and the bench's admin and exporter. */
import { measureUnderLoad, settleDatabase } from './measure.js';
import type { Api, BenchContext } from './scenario.js';
import { BENCH_ADMIN, type ServiceUnderTest } from './service-under-test.js';

function apiOf(service: ServiceUnderTest): Api {
  return async <T>(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> => {
    const response = await fetch(service.baseUrl + path, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** Signs in as the bench's admin and creates the exporter the scenarios book for. */
export async function openContext(service: ServiceUnderTest): Promise<BenchContext> {
  const api = apiOf(service);
  const { accessToken: token } = await api<{ accessToken: string }>('/api/v1/auth/token', {
    method: 'POST',
    body: BENCH_ADMIN,
  });
  const exporter = await api<{ id: string }>('/api/v1/organizations', {
    method: 'POST',
    token,
    body: { name: 'Bench Motors', kind: 'exporter' },
  });
  return {
    service,
    api,
    token,
    exporterId: exporter.id,
    measure: measureUnderLoad(() => settleDatabase(service.databaseUrl)),
    settle: () => settleDatabase(service.databaseUrl),
    fixtures: { lookupTargets: [], fanOutTrains: [], demoVehicles: 0 },
  };
}
