import { ShareLinksService } from '../libs/tracking/src/sharing/share-links.service.js';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { aConsignment, aVehicle, PLANNED_DEPARTURE } from './support/factories.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { hoursAfter } from './support/train-events.js';

/** The most an HTML page with its inline SVG and script may weigh for a 300-vehicle consignment. */
const PAGE_BUDGET_BYTES = 60 * 1024;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * Issue #19 over HTTP: GET /track/:token (the page) and /data, as anyone holding the link sees them — the
 * headers, what never shows, the failures, the ETag the page polls with, and the page's weight.
 */
describe('GET /track/:token, the public tracking page', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let anonymous: ApiClient;

  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
  const shareLink = async (consignmentId: string, json: object = {}) => {
    const link = await api
      .as(exporterA)
      .request<{ id: string; url: string }>('POST', `/api/v1/consignments/${consignmentId}/share-links`, {
        json,
        success: 201,
      });
    return { id: link.id, token: tokenOf(link.url) };
  };
  /** The page as a browser asks for it (Accept: text/html). */
  const page = (token: string, headers: Record<string, string> = {}) =>
    api.request(`/track/${token}`, { headers: { accept: BROWSER_ACCEPT, ...headers } });

  beforeAll(async () => {
    api = await startTestApp();
    [operator, exporterA] = await Promise.all([createActor(api, 'operator'), createActor(api, 'exporter')]);
    anonymous = api.as(undefined);
  });
  afterAll(() => api.close());

  it('answers HTML in the reader’s language with a strict CSP, no-store, no-referrer, noindex and nosniff, and loads nothing from elsewhere', async () => {
    const { consignment } = await departedTrain(api, operator, exporterA);
    const { token } = await shareLink(consignment.id);

    const response = await page(token, { 'accept-language': 'de-DE, zh-CN;q=0.8, en;q=0.5' });
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy')!.split('; ');
    expect(csp).toEqual([
      "default-src 'none'",
      expect.stringMatching(/^script-src 'sha256-[A-Za-z0-9+/]{43}='$/),
      expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/]{43}='$/),
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toContain('accept-language');
    expect(body).toMatch(/^<!doctype html>\n<html lang="zh">/);
    expect(body).toContain('运单号');
    expect(body).not.toMatch(/\s(src|srcset|action|formaction)=/i);
    expect([...body.matchAll(/href="([^"]*)"/g)].map((match) => match[1])).toEqual([
      'data:,',
      '?lang=en',
      '?lang=zh',
      '?lang=ru',
    ]);
    // ?lang= wins over Accept-Language.
    expect(
      await (await api.request(`/track/${token}?lang=ru`, { headers: { 'accept-language': 'zh' } })).text(),
    ).toMatch(/<html lang="ru">/);
  });

  it('escapes what exporters typed: a consignee and a model that look like markup stay text (a booking without a train yet)', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const consignment = await api.as(exporterA).bookConsignment(
      aConsignment(0, {
        consignee: { name: `"Trading" ${hostile}`, country: 'RU' },
        vehicles: [aVehicle({ model: hostile })],
      }),
    );
    const { token } = await shareLink(consignment.id);

    const response = await page(token);
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img');
    expect(body.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)).toHaveLength(2);
    expect(body).toContain('&quot;Trading&quot;');
    // The page's own two: the JSON data block and the hashed script.
    expect(body.match(/<script/g)).toHaveLength(2);
  });

  it("never contains declared values, the exporter's id or another consignment's VIN or waybill, in the page or its JSON", async () => {
    const { consignments } = await departedTrain(api, operator, exporterA, { consignments: 2, vehiclesEach: 2 });
    const [shared, other] = consignments as [(typeof consignments)[0], (typeof consignments)[0]];
    const { token } = await shareLink(shared.id);

    for (const path of [`/track/${token}`, `/track/${token}?lang=ru`, `/track/${token}/data`]) {
      const response = await api.request(path);
      const body = await response.text();
      expect(response.status).toBe(200);
      for (const vehicle of shared.vehicles) {
        expect(body).toContain(vehicle.vin);
        expect(body).not.toContain(vehicle.declaredValue.amount);
        expect(body).not.toContain(vehicle.declaredValue.amount.replace(/\.00$/, ''));
      }
      // The VINs are random and may spell CNY themselves (one run in a few thousand did): grep what is left.
      const besideVins = shared.vehicles.reduce((text, vehicle) => text.replaceAll(vehicle.vin, '#'), body);
      expect(besideVins).not.toMatch(/declaredValue|currency|\bCNY\b/);
      expect(body).not.toContain(exporterA.organizationId);
      expect(body).not.toContain(exporterA.userId);
      expect(body).not.toContain(shared.id);
      for (const vehicle of other.vehicles) expect(body).not.toContain(vehicle.vin);
      expect(body).not.toContain(other.waybillNumber);
    }
  });

  it('answers 410 at once once revoked or expired, and 404 to a guessed token or another consignment’s', async () => {
    const [{ consignment }, elsewhere] = await Promise.all([
      departedTrain(api, operator, exporterA),
      departedTrain(api, operator, exporterA),
    ]);
    const revoked = await shareLink(consignment.id);
    const expiring = await shareLink(consignment.id, { expiresAt: new Date(Date.now() + 1500).toISOString() });
    const otherLink = await shareLink(elsewhere.consignment.id);
    expect((await page(revoked.token)).status).toBe(200);

    await api.as(exporterA).request('DELETE', `/api/v1/share-links/${revoked.id}`, { success: 204 });
    const gone = await page(revoked.token);
    const goneBody = await gone.text();
    expect(gone.status).toBe(410);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    expect(goneBody).toContain('no longer works');
    expect(goneBody).not.toContain(consignment.waybillNumber);
    expect(goneBody).not.toContain('<script');

    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await page(expiring.token)).status).toBe(410);

    const guessed = await page(Buffer.alloc(32, 9).toString('base64url'));
    expect(guessed.status).toBe(404);
    expect(await guessed.text()).toContain('no tracking link');
    // An API client (no text/html in Accept) gets problem details, as the OpenAPI document says.
    await anonymous.get(`/track/${Buffer.alloc(32, 9).toString('base64url')}`).expectProblem(404);
    expect((await anonymous.get(`/track/${revoked.token}`).expectProblem(410)).type).toBe(
      'https://landbridge.dev/problems/share-link-gone',
    );
    // Another consignment's link shows that consignment only.
    const otherBody = await (await page(otherLink.token)).text();
    expect(otherBody).toContain(elsewhere.consignment.waybillNumber);
    expect(otherBody).not.toContain(consignment.waybillNumber);
    for (const vehicle of consignment.vehicles) expect(otherBody).not.toContain(vehicle.vin);
  });

  it('answers each of many concurrent requests with its own link: kept or not, revoked or unknown, though their lookups share statements', async () => {
    const { consignments } = await departedTrain(api, operator, exporterA, { consignments: 4, vehiclesEach: 1 });
    const links = await Promise.all(consignments.map((c) => shareLink(c.id)));
    const revoked = links[3]!;
    await api.as(exporterA).request('DELETE', `/api/v1/share-links/${revoked.id}`, { success: 204 });
    // Two pages the service keeps already (their lookups then name a consignment), one it has not read yet.
    for (const link of links.slice(0, 2)) expect((await api.request(`/track/${link.token}/data`)).status).toBe(200);
    const unknown = Buffer.alloc(32, 7).toString('base64url');

    const asked = Array.from({ length: 40 }, (_, i) => [...links.map((link) => link.token), unknown][i % 5]!);
    const answers = await Promise.all(
      asked.map(async (token) => {
        const response = await api.request(`/track/${token}/data`);
        return { token, status: response.status, body: await response.text() };
      }),
    );
    // The same asked of the service in one turn of the event loop, so that all 40 share one statement.
    const service = api.app.get(ShareLinksService, { strict: false });
    const statuses = { ShareLinkNotFoundError: 404, ShareLinkGoneError: 410 } as Record<string, number>;
    answers.push(
      ...(await Promise.all(
        asked.map((token) =>
          service.pageView(token).then(
            (view) => ({ token, status: 200, body: view.json }),
            (error: Error) => ({ token, status: statuses[error.constructor.name] ?? 500, body: '' }),
          ),
        ),
      )),
    );

    for (const { token, status, body } of answers) {
      const i = links.findIndex((link) => link.token === token);
      if (token === unknown) expect(status).toBe(404);
      else if (token === revoked.token) expect(status).toBe(410);
      else {
        expect({ i, status }).toEqual({ i, status: 200 });
        const data = JSON.parse(body) as { waybillNumber: string; vehicles: { vin: string }[] };
        expect(data.waybillNumber).toBe(consignments[i]!.waybillNumber);
        expect(data.vehicles.map((v) => v.vin)).toEqual(consignments[i]!.vehicles.map((v) => v.vin));
      }
    }
  });

  it('gives /data an ETag, answers 304 to it while nothing changed, and 200 with a new one after a tracking event', async () => {
    const { train, consignment } = await departedTrain(api, operator, exporterA);
    const { token } = await shareLink(consignment.id);
    const first = await api.request(`/track/${token}/data`);
    await first.text();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(await (await page(token)).text()).toContain(JSON.stringify(etag).slice(1, -1));

    const unchanged = await api.request(`/track/${token}/data`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('cache-control')).toBe('no-store');

    const departure = hoursAfter(Date.parse(PLANNED_DEPARTURE));
    await api.as(operator).recordTrainEvent(train.id, departure.event('ARRIVED_AT_STATION', 'CNERC', 40));
    const changed = await api.request(`/track/${token}/data`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { currentStation: { code: string } }).currentStation.code).toBe('CNERC');
  });

  it(`weighs under ${PAGE_BUDGET_BYTES / 1024} KB with its inline SVG and script for a 300-vehicle consignment`, async () => {
    const { consignment } = await departedTrain(api, operator, exporterA, { vehiclesEach: 300 });
    const { token } = await shareLink(consignment.id);

    for (const lang of ['en', 'zh', 'ru']) {
      const body = Buffer.from(await (await api.request(`/track/${token}?lang=${lang}`)).arrayBuffer());
      expect((body.toString('utf8').match(/<td class="vin">/g) ?? []).length).toBe(300);
      expect(body.length).toBeLessThan(PAGE_BUDGET_BYTES);
    }
  });

  it('answers 429 to the page too after 100 wrong tokens from one address, and not to another address', async () => {
    const { consignment } = await departedTrain(api, operator, exporterA);
    const { token } = await shareLink(consignment.id);
    const from = (remoteAddress: string, url: string) =>
      api.app.inject({ method: 'GET', url, remoteAddress, headers: { accept: BROWSER_ACCEPT } });
    for (let i = 0; i < 100; i += 1) {
      expect((await from('198.51.100.77', `/track/${Buffer.alloc(32, i).toString('base64url')}`)).statusCode).toBe(404);
    }

    const refused = await from('198.51.100.77', `/track/${token}`);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await from('198.51.100.77', `/track/${token}/data`)).statusCode).toBe(429);
    expect((await from('198.51.100.78', `/track/${token}`)).statusCode).toBe(200);
  });
});
