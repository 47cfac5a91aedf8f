import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface CreatedShareLink {
  id: string;
  url: string;
  expiresAt: string;
}
interface ShareLink {
  id: string;
  consignmentId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}
interface TrackingPageData {
  waybillNumber: string;
  consignee: { name: string; country: string };
  status: string;
  currentStation: { code: string; name: string } | null;
  eta: string | null;
  milestones: { stationCode: string; plannedAt: string; actualAt: string | null; expectedAt: string | null }[];
  vehicles: { vin: string; make: string; model: string }[];
}

const PUBLIC_BASE_URL = 'https://track.landbridge.test';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Issue #19, the data side: share links of a consignment, and what a link shows to anyone holding it. */
describe('share links and GET /track/:token/data', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  let anonymous: ApiClient;

  const tokenOf = (link: CreatedShareLink) => new URL(link.url).pathname.split('/').pop()!;
  const shareLink = (who: Actor, consignmentId: string, json: object = {}) =>
    api.as(who).request<CreatedShareLink>('POST', `/api/v1/consignments/${consignmentId}/share-links`, {
      json,
      success: 201,
    });
  const trackData = (token: string) => anonymous.get<TrackingPageData>(`/track/${token}/data`);

  beforeAll(async () => {
    api = await startTestApp({ PUBLIC_BASE_URL });
    [operator, exporterA, exporterB] = await Promise.all([
      createActor(api, 'operator'),
      createActor(api, 'exporter'),
      createActor(api, 'exporter'),
    ]);
    anonymous = api.as(undefined);
  });
  afterAll(() => api.close());

  describe('create, list and revoke', () => {
    it('gives the owning exporter a link under PUBLIC_BASE_URL with a 256-bit token, expiring 180 days out while not delivered', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const before = Date.now();

      const link = await shareLink(exporterA, consignment.id);

      expect(link.url).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/track/[A-Za-z0-9_-]{43}$`));
      const expiresIn = Date.parse(link.expiresAt) - before;
      expect(expiresIn).toBeGreaterThan(180 * DAY_MS - 60_000);
      expect(expiresIn).toBeLessThanOrEqual(180 * DAY_MS + 60_000);
    });

    it('lets staff create one with a chosen expiry, and refuses one beyond 180 days with 422 naming expiresAt', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();

      expect((await shareLink(operator, consignment.id, { expiresAt })).expiresAt).toBe(expiresAt);
      const tooLate = await api
        .as(exporterA)
        .request('POST', `/api/v1/consignments/${consignment.id}/share-links`, {
          json: { expiresAt: new Date(Date.now() + 181 * DAY_MS).toISOString() },
        })
        .expectProblem(422);
      expect(tooLate.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      await api
        .as(exporterA)
        .request('POST', `/api/v1/consignments/${consignment.id}/share-links`, {
          json: { expiresAt: new Date(Date.now() - 1000).toISOString() },
        })
        .expectProblem(422);
    });

    /** A consignment of exporter A on a train that left `departedHoursAgo` hours ago, delivered `deliveredHoursAgo` hours ago. */
    const delivered = async (departedHoursAgo: number, deliveredHoursAgo: number) => {
      const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
      const { train, consignment } = await departedTrain(api, operator, exporterA, {
        departedAt: at(departedHoursAgo),
      });
      const staff = api.as(operator);
      await staff.recordTrainEvent(train.id, {
        type: 'ARRIVED',
        stationCode: 'RUMOW',
        occurredAt: at(deliveredHoursAgo + 1),
      });
      await staff.recordConsignmentEvent(consignment.id, {
        type: 'DELIVERED',
        stationCode: 'RUMOW',
        occurredAt: at(deliveredHoursAgo),
      });
      return { consignment, deliveredAt: Date.parse(at(deliveredHoursAgo)) };
    };

    it('ends a default link 30 days after delivery once the consignment is delivered', async () => {
      const { consignment, deliveredAt } = await delivered(400, 2);

      const link = await shareLink(exporterA, consignment.id);

      expect(Math.abs(Date.parse(link.expiresAt) - (deliveredAt + 30 * DAY_MS))).toBeLessThan(2000);
      expect((await trackData(tokenOf(link))).status).toBe('delivered');
    });

    it('refuses a default link to a consignment delivered more than 30 days ago with 422 naming expiresAt; a chosen expiry works', async () => {
      const { consignment } = await delivered(60 * 24, 35 * 24);

      const problem = await api
        .as(exporterA)
        .request('POST', `/api/v1/consignments/${consignment.id}/share-links`, { json: {} })
        .expectProblem(422);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      const link = await shareLink(exporterA, consignment.id, {
        expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
      });
      await trackData(tokenOf(link));
    });

    it("answers 404 to an exporter for another organization's consignment, on create and list", async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);

      await api
        .as(exporterB)
        .request('POST', `/api/v1/consignments/${consignment.id}/share-links`, { json: {} })
        .expectProblem(404);
      await api.as(exporterB).get(`/api/v1/consignments/${consignment.id}/share-links`).expectProblem(404);
    });

    it('lists the links of a consignment newest first without any token material', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const first = await shareLink(exporterA, consignment.id);
      const second = await shareLink(operator, consignment.id);

      const response = await api.request(`/api/v1/consignments/${consignment.id}/share-links`, {
        token: exporterA.token,
      });
      const text = await response.text();
      const page = JSON.parse(text) as { items: ShareLink[]; nextCursor: string | null };

      expect(page.items.map((link) => link.id)).toEqual([second.id, first.id]);
      expect(page.items[0]).toEqual({
        id: second.id,
        consignmentId: consignment.id,
        createdAt: expect.any(String),
        expiresAt: second.expiresAt,
        revokedAt: null,
      });
      expect(text).not.toContain(tokenOf(first));
      expect(text).not.toContain(tokenOf(second));
      expect(text).not.toContain('/track/');
    });

    it("lets an exporter revoke only links to its own consignments (another's: 404), staff any", async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const link = await shareLink(exporterA, consignment.id);
      const other = await shareLink(exporterA, consignment.id);

      await api.as(exporterB).request('DELETE', `/api/v1/share-links/${link.id}`).expectProblem(404);
      await api.as(exporterA).request('DELETE', `/api/v1/share-links/${link.id}`, { success: 204 });
      await api.as(exporterA).request('DELETE', `/api/v1/share-links/${link.id}`, { success: 204 });
      await api.as(operator).request('DELETE', `/api/v1/share-links/${other.id}`, { success: 204 });

      const page = await api
        .as(exporterA)
        .get<{ items: ShareLink[] }>(`/api/v1/consignments/${consignment.id}/share-links`);
      expect(page.items.every((item) => item.revokedAt !== null)).toBe(true);
    });
  });

  describe('the data a link shows', () => {
    it('shows the waybill, consignee, status, position, ETA, milestones and vehicles, with no-store, no-referrer and noindex', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA, { vehiclesEach: 3 });
      const link = await shareLink(exporterA, consignment.id);

      const call = trackData(tokenOf(link));
      const data = await call;
      const { headers } = await call.response;

      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-robots-tag')).toBe('noindex');
      expect(data.waybillNumber).toBe(consignment.waybillNumber);
      expect(data.consignee).toEqual(consignment.consignee);
      expect(data.status).toBe('in_transit');
      expect(data.currentStation?.code).toBe('CNZGZ');
      expect(data.eta).toEqual(expect.any(String));
      expect(data.milestones[0]).toEqual(
        expect.objectContaining({ stationCode: 'CNZGZ', actualAt: expect.any(String) }),
      );
      expect(data.milestones.at(-1)).toEqual(
        expect.objectContaining({ actualAt: null, expectedAt: expect.any(String) }),
      );
      expect(data.vehicles).toEqual(
        consignment.vehicles.map((vehicle) => ({ vin: vehicle.vin, make: vehicle.make, model: vehicle.model })),
      );
    });

    // What the JSON never contains (declared values, the exporter, other consignments) is checked with the
    // page's HTML in test/track-page.e2e-spec.ts.

    it('answers 410 at once after the link is revoked, while another link to the consignment still works', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const link = await shareLink(exporterA, consignment.id);
      const kept = await shareLink(exporterA, consignment.id);
      await trackData(tokenOf(link));

      await api.as(exporterA).request('DELETE', `/api/v1/share-links/${link.id}`, { success: 204 });

      const call = trackData(tokenOf(link));
      const problem = await call.expectProblem(410);
      expect(problem.type).toBe('https://landbridge.dev/problems/share-link-gone');
      expect((await call.response).headers.get('cache-control')).toBe('no-store');
      await trackData(tokenOf(kept));
    });

    it('answers 410 once the chosen expiry has passed', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const link = await shareLink(exporterA, consignment.id, { expiresAt: new Date(Date.now() + 1500).toISOString() });
      await trackData(tokenOf(link));

      await new Promise((resolve) => setTimeout(resolve, 1600));

      const problem = await trackData(tokenOf(link)).expectProblem(410);
      expect(problem.detail).toContain('expired');
    });

    it('answers 404 to a guessed token of the right shape and to a malformed one', async () => {
      const guessed = Buffer.alloc(32, 7).toString('base64url');
      await trackData(guessed).expectProblem(404);
      await trackData('not-a-token').expectProblem(404);
    });

    // Last: it uses up this test client's address's allowance of failures.
    it('answers 429 with Retry-After after 100 wrong tokens from one address, and not to another address', async () => {
      const { consignment } = await departedTrain(api, operator, exporterA);
      const link = await shareLink(exporterA, consignment.id);
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 1) {
        const response = await api.request(`/track/${Buffer.alloc(32, i).toString('base64url')}/data`);
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      // Earlier tests of this file failed a few lookups from the same address within the minute.
      expect(statuses.filter((status) => status === 404).length).toBeGreaterThanOrEqual(90);

      const call = trackData(tokenOf(link));
      await call.expectProblem(429);
      expect(Number((await call.response).headers.get('retry-after'))).toBeGreaterThan(0);

      const elsewhere = await api.app.inject({
        method: 'GET',
        url: `/track/${tokenOf(link)}/data`,
        remoteAddress: '198.51.100.23',
      });
      expect(elsewhere.statusCode).toBe(200);
    });
  });
});
