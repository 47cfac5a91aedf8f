import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Actor, createActor } from './support/actors.js';
import { PLANNED_DEPARTURE } from './support/factories.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { hoursAfter } from './support/train-events.js';

/** Debian's chromium package (.ci/run installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED test/track-page.browser.e2e-spec.ts: no Chromium at ${CHROMIUM} ` +
      '(apt-get install -y chromium, or set CHROMIUM_PATH): the tracking page was not tested in a browser',
  );
}
const describeInBrowser = hasChromium ? describe : describe.skip;

/** The seed route ZGZ-MOW-ERC: 8 stops, the gauge change at Zamyn-Uud, borders CN→MN and MN→RU. */
const ERC_STOPS = 8;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Issue #19 in a real browser: the page a consignee opens, in headless Chromium (playwright-core), at a
 * phone's width (360 px).
 */
describeInBrowser('the public tracking page in Chromium', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let browser: Browser;
  /** As a phone opens it: CSP enforced, 360 px wide. */
  let phone: BrowserContext;
  /** For axe only: its script is injected, which the page's CSP (rightly) refuses elsewhere. */
  let audit: BrowserContext;
  const pageErrors: string[] = [];

  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;
  const shareLink = async (consignmentId: string) =>
    tokenOf(
      (
        await api.as(exporter).request<{ url: string }>('POST', `/api/v1/consignments/${consignmentId}/share-links`, {
          json: {},
          success: 201,
        })
      ).url,
    );
  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (message) => {
      // Chromium logs every non-2xx fetch; the 410 of a revoked link's poll is what the page expects.
      if (message.type() === 'error' && !/status of 410/.test(message.text())) pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(api.baseUrl + path);
    expect(response?.status()).toBe(200);
    return page;
  };
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    api = await startTestApp();
    [operator, exporter] = await Promise.all([createActor(api, 'operator'), createActor(api, 'exporter')]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const viewport = { width: 360, height: 740 };
    phone = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    audit = await browser.newContext({ viewport, bypassCSP: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(() => {
    // A script or style the CSP refused, or a script error, shows here.
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  it('renders the route SVG with one circle per stop, the milestones and the ETA; axe finds nothing serious in any language; a screenshot of each', async () => {
    const { consignment } = await departedTrain(api, operator, exporter, { vehiclesEach: 3 });
    const token = await shareLink(consignment.id);

    const page = await open(phone, `/track/${token}?lang=en`);

    expect(await page.locator('svg.map circle[data-stop]').count()).toBe(ERC_STOPS);
    expect(await page.locator('svg.map circle[data-stop].passed').count()).toBe(1);
    expect(await page.locator('svg.map circle#train').count()).toBe(1);
    expect(await page.locator('svg.map rect.gauge').count()).toBe(1);
    expect(await page.locator('svg.map line.border').count()).toBe(2);
    expect(await page.locator('svg.map title#map-title').textContent()).toContain('Zhengzhou Putian');
    expect(await page.locator('ol.stops li').count()).toBe(ERC_STOPS);
    const rows = page.locator('section[aria-labelledby="h-milestones"] tbody tr');
    expect(await rows.count()).toBe(ERC_STOPS);
    expect(await rows.first().locator('td.at').textContent()).toMatch(/^20 Mar, 09:30 GMT\+8$/);
    expect(await rows.nth(2).textContent()).toContain('Gauge change');
    expect(await page.locator('#eta').textContent()).toMatch(/Apr 2024, \d\d:\d\d GMT\+3/);
    expect(await page.locator('#status').textContent()).toBe('In transit');
    expect(await texts(page, 'td.vin')).toEqual(consignment.vehicles.map((vehicle) => vehicle.vin));
    await page.close();

    for (const lang of ['en', 'zh', 'ru'] as const) {
      const checked = await open(audit, `/track/${token}?lang=${lang}`);
      await checked.screenshot({ path: join(ARTIFACTS, `track-page-${lang}.png`), fullPage: true });
      await checked.addScriptTag({ content: axe.source });
      const violations = await checked.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
        return (await axe.run()).violations;
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${lang}: ${v.id} (${v.impact}) ${v.help} ${JSON.stringify(v.nodes[0]?.target)}`),
      ).toEqual([]);
      await checked.close();
    }
  }, 90_000);

  it('switches language through its links: labels, station names and the lang attribute change', async () => {
    const { consignment } = await departedTrain(api, operator, exporter);
    const token = await shareLink(consignment.id);
    const page = await open(phone, `/track/${token}`);
    const milestonesHeading = () => page.locator('#h-milestones').textContent();
    const stops = () => texts(page, 'ol.stops li');

    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await milestonesHeading()).toBe('Milestones');
    expect((await stops()).join(' ')).toContain('Ulaanbaatar');

    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForURL(/lang=zh/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh');
    expect(await milestonesHeading()).toBe('里程碑');
    expect(await page.locator('#status').textContent()).toBe('运输中');
    expect((await stops()).join(' ')).toEqual(expect.stringContaining('乌兰巴托'));
    expect((await stops()).join(' ')).toEqual(expect.stringContaining('二连浩特'));

    await page.getByRole('link', { name: 'Русский' }).click();
    await page.waitForURL(/lang=ru/);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await milestonesHeading()).toBe('Этапы пути');
    expect((await stops()).join(' ')).toEqual(expect.stringContaining('Улан-Батор'));
    expect(await page.locator('#current').textContent()).toBe('Чжэнчжоу (Путянь)');
    await page.close();

    const byHeader = await phone.browser()!.newContext({ locale: 'ru-RU', viewport: { width: 360, height: 740 } });
    const russian = await open(byHeader, `/track/${token}`);
    expect(await russian.locator('html').getAttribute('lang')).toBe('ru');
    await byHeader.close();
  }, 60_000);

  it('keeps the last good view and says it is offline when a poll fails, and recovers when the phone is back online', async () => {
    const { consignment } = await departedTrain(api, operator, exporter);
    const token = await shareLink(consignment.id);
    const flaky = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await open(flaky, `/track/${token}`);
    const state = page.locator('#live-state');
    const errors = pageErrors.length;

    await flaky.setOffline(true);
    // What the phone does when its connection comes back, while it is in fact still gone: the poll fails.
    await page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('online')));
    await state.filter({ hasText: 'No connection' }).waitFor({ timeout: 5_000 });
    expect(await state.getAttribute('class')).toContain('offline');
    expect(await page.locator('#current').textContent()).toBe('Zhengzhou Putian');
    expect(await page.locator('svg.map circle[data-stop]').count()).toBe(ERC_STOPS);

    await flaky.setOffline(false);
    await state.filter({ hasText: 'This page updates itself.' }).waitFor({ timeout: 5_000 });
    expect(await state.getAttribute('class')).not.toContain('offline');
    // Chromium logs the failed fetch; nothing else went wrong.
    expect(pageErrors.splice(errors).every((text) => /ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(text))).toBe(
      true,
    );
    await flaky.close();
  }, 60_000);

  it('changes without a reload within 35 s of a tracking event, and says so at once when its link is revoked', async () => {
    const [moving, revoked] = await Promise.all([
      departedTrain(api, operator, exporter),
      departedTrain(api, operator, exporter),
    ]);
    const [movingToken, revokedToken] = await Promise.all([
      shareLink(moving.consignment.id),
      shareLink(revoked.consignment.id),
    ]);
    const page = await open(phone, `/track/${movingToken}`);
    const other = await open(phone, `/track/${revokedToken}`);
    const answers: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/data')) answers.push(response.status());
    });
    await page.evaluate(() => {
      (globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });
    expect(await page.locator('#current').textContent()).toBe('Zhengzhou Putian');

    const departure = hoursAfter(Date.parse(PLANNED_DEPARTURE));
    await api.as(operator).recordTrainEvent(moving.train.id, departure.event('ARRIVED_AT_STATION', 'CNERC', 40));
    const links = await api
      .as(exporter)
      .get<{ items: { id: string }[] }>(`/api/v1/consignments/${revoked.consignment.id}/share-links`);
    await api.as(exporter).request('DELETE', `/api/v1/share-links/${links.items[0]!.id}`, { success: 204 });

    await Promise.all([
      // A locator, not waitForFunction: the page's CSP (rightly) refuses the string eval that would need.
      page
        .locator('#current')
        .filter({ hasText: /^Erenhot$/ })
        .waitFor({ timeout: 35_000 }),
      other.locator('#gone').waitFor({ state: 'visible', timeout: 35_000 }),
    ]);
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await page.locator('circle[data-stop="CNERC"]').getAttribute('class')).toContain('passed');
    expect(await page.locator('circle#train').getAttribute('cx')).toBe(
      await page.locator('circle[data-stop="CNERC"]').getAttribute('cx'),
    );
    expect(await page.locator('tr[data-stop="CNERC"] td.at').textContent()).toMatch(/^22 Mar, 01:30 GMT\+8$/);
    expect(answers).toContain(200);
    expect(await other.locator('#gone').textContent()).toContain('no longer works');
    expect(await other.locator('main section').count()).toBe(0);
    expect(await other.content()).not.toContain(revoked.consignment.waybillNumber);
    await page.screenshot({ path: join(ARTIFACTS, 'track-page-live-en.png'), fullPage: true });
    await other.screenshot({ path: join(ARTIFACTS, 'track-page-revoked-en.png'), fullPage: true });
  }, 90_000);
});
