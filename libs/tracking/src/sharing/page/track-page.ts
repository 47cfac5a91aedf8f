import type { TrackingPageView } from '../share-links.service.js';
import { Html, jsonForScript, markup } from './html.js';
import { formatAt, PAGE_LABELS, type PageLabels, SHORT_TIME_FORMAT, stationName, TIME_FORMAT } from './page-labels.js';
import { PAGE_LANGUAGES, type PageLanguage } from './page-language.js';
import { routeMap } from './route-map.js';
import { TRACK_PAGE_SCRIPT, TRACK_PAGE_SCRIPT_HASH } from './track-page-script.js';
import { TRACK_PAGE_STYLE, TRACK_PAGE_STYLE_HASH } from './track-page-style.js';

/**
 * The page's Content-Security-Policy: nothing from anywhere by default; its one inline script and one inline
 * stylesheet by their hashes; requests (the script's polling) to this origin only; no base, no forms, no
 * framing.
 */
export const TRACK_PAGE_CSP = [
  "default-src 'none'",
  `script-src '${TRACK_PAGE_SCRIPT_HASH}'`,
  `style-src '${TRACK_PAGE_STYLE_HASH}'`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const knownZones = new Map<string, boolean>();

/** A time zone the runtime knows, else UTC (a station's zone is validated on input; this is the backstop). */
function zoneOr(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(timeZone, known);
  }
  return known ? timeZone : 'UTC';
}

function page(language: PageLanguage, labels: PageLabels, title: string, body: Html, tail: Html | null = null): Html {
  const switcher = PAGE_LANGUAGES.map(
    (lang) =>
      markup`<li><a href="?lang=${lang}" hreflang="${lang}" lang="${lang}"${lang === language ? markup` aria-current="page"` : null}>${PAGE_LABELS[lang].languageName}</a></li>`,
  );
  return markup`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${title}</title><style>${new Html(TRACK_PAGE_STYLE)}</style></head>
<body><header><p class="brand">Landbridge · ${labels.title}</p><h1 id="page-title">${title}</h1><nav aria-label="${labels.languages}"><ul>${switcher}</ul></nav></header>
${body}${tail}</body></html>`;
}

/** The page of a consignment as a link shows it, in `language`; `etag` is its /data answer's. */
export function renderTrackPage(
  view: Pick<TrackingPageView, 'data' | 'stations'>,
  language: PageLanguage,
  etag: string,
): string {
  const labels = PAGE_LABELS[language];
  const { data, stations } = view;
  const name = (code: string) => stationName(stations.get(code), code, language);
  const zone = (code: string) => zoneOr(stations.get(code)?.timezone);
  const at = (iso: string, code: string) => formatAt(iso, zone(code), labels);
  const short = (iso: string, code: string) => formatAt(iso, zone(code), labels, true);
  const destination = data.destination.code;
  const current = data.currentStation?.code ?? null;
  const passed = data.milestones.filter((m) => m.actualAt !== null).length;

  const tags = (m: (typeof data.milestones)[number]) => [
    m.borderCrossing ? markup`<span class="tag">${labels.borderCrossing}</span>` : null,
    m.gaugeChange ? markup`<span class="tag gauge">${labels.gaugeChange}</span>` : null,
  ];
  const milestoneRows = data.milestones.map((m) => {
    const seen = m.actualAt !== null;
    const actual = m.actualAt
      ? short(m.actualAt, m.stationCode)
      : m.expectedAt
        ? `${short(m.expectedAt, m.stationCode)} (${labels.expected})`
        : '—';
    return markup`<tr data-stop="${m.stationCode}"${seen ? markup` class="passed"` : null}><td>${name(m.stationCode)} ${tags(m)}</td><td>${short(m.plannedAt, m.stationCode)}</td><td class="at">${actual}</td></tr>`;
  });
  const stopItems = data.milestones.map(
    (m) =>
      markup`<li data-stop="${m.stationCode}"${m.actualAt ? markup` class="passed"` : null}>${name(m.stationCode)} <span class="muted">(<span class="state">${m.stationCode === current ? labels.trainHere : m.actualAt ? labels.passed : labels.ahead}</span>)</span>${m.borderCrossing ? markup` · ${labels.borderCrossing}` : null}${m.gaugeChange ? markup` · ${labels.gaugeChange}` : null}</li>`,
  );
  const map = routeMap(
    data.milestones.map((m) => ({
      code: m.stationCode,
      name: name(m.stationCode),
      latitude: stations.get(m.stationCode)?.latitude ?? null,
      longitude: stations.get(m.stationCode)?.longitude ?? null,
      passed: m.actualAt !== null,
      borderCrossing: m.borderCrossing,
      gaugeChange: m.gaugeChange,
    })),
    current,
    {
      title: labels.mapTitle(name(data.origin.code), name(destination)),
      desc: labels.mapDesc(data.milestones.length, passed, current ? name(current) : '—'),
      borderCrossing: labels.borderCrossing,
      gaugeChange: labels.gaugeChange,
      trainHere: labels.trainHere,
    },
  );
  // Vehicles in a compact table (end tags omitted, as HTML allows): 300 of them stay well under 60 KB.
  const vehicleRows = data.vehicles.map((v) => markup`<tr><td class="vin">${v.vin}<td>${v.make}<td>${v.model}`);
  const range = data.etaRange;

  const body = markup`<main><p id="gone" class="gone" role="alert" hidden></p>
<section aria-labelledby="h-status"><h2 id="h-status">${labels.status}</h2><dl class="facts">
<dt>${labels.consignee}</dt><dd>${data.consignee.name} <span class="muted">(${data.consignee.country})</span></dd>
<dt>${labels.status}</dt><dd><span id="status" class="badge">${labels.statuses[data.status]}</span></dd>
<dt>${labels.currentStation}</dt><dd id="current">${current ? name(current) : '—'}</dd>
<dt>${labels.eta} <span class="muted">(${name(destination)})</span></dt><dd id="eta">${data.eta ? at(data.eta, destination) : labels.unknown}</dd>
<div id="eta-range-row"${range ? null : markup` hidden`}><dt>${labels.etaRange}</dt><dd id="eta-range">${range ? `${at(range.low, destination)} – ${at(range.high, destination)} (${Math.round(range.confidence * 100)} %)` : null}</dd></div>
</dl></section>
<section aria-labelledby="h-route"><h2 id="h-route">${labels.route}</h2><figure>${map}<figcaption><ul class="legend"><li><span class="k-passed"></span>${labels.passed}</li><li><span class="k-ahead"></span>${labels.ahead}</li><li><span class="k-train"></span>${labels.trainHere}</li><li><span class="k-border"></span>${labels.borderCrossing}</li><li><span class="k-gauge"></span>${labels.gaugeChange}</li></ul></figcaption></figure>
<h3 class="muted">${labels.stops}</h3><ol class="stops">${stopItems}</ol></section>
<section aria-labelledby="h-milestones"><h2 id="h-milestones">${labels.milestones}</h2><div class="scroll"><table><thead><tr><th scope="col">${labels.station}</th><th scope="col">${labels.planned}</th><th scope="col">${labels.actual}</th></tr></thead><tbody>${milestoneRows}</tbody></table></div></section>
<section aria-labelledby="h-vehicles"><h2 id="h-vehicles">${labels.vehicles} (${data.vehicles.length})</h2><div class="scroll"><table><thead><tr><th scope="col">${labels.vin}</th><th scope="col">${labels.make}</th><th scope="col">${labels.model}</th></tr></thead><tbody>${vehicleRows}</tbody></table></div></section>
</main>
<footer><p id="link-valid">${labels.linkValid} ${at(data.linkExpiresAt, destination)}</p><p><span id="live-state" role="status">${labels.live}</span> <span id="updated-row" class="muted" hidden>${labels.updated} <span id="updated"></span></span></p></footer>`;

  const config = {
    etag,
    zone: zone(destination),
    locale: labels.locale,
    timeFormat: TIME_FORMAT,
    shortTimeFormat: SHORT_TIME_FORMAT,
    statuses: labels.statuses,
    stations: Object.fromEntries([...stations.values()].map((s) => [s.code, [name(s.code), zone(s.code)]])),
    text: {
      title: labels.title,
      unknown: labels.unknown,
      expected: labels.expected,
      passed: labels.passed,
      ahead: labels.ahead,
      trainHere: labels.trainHere,
      live: labels.live,
      offline: labels.offline,
      gone: labels.gone,
      notFound: labels.notFound,
      mapDesc: labels.mapDesc('{0}', '{1}', '{2}'),
    },
  };
  const tail = markup`<script type="application/json" id="track-config">${jsonForScript(config)}</script><script>${new Html(TRACK_PAGE_SCRIPT)}</script>`;
  return page(language, labels, `${labels.waybill} ${data.waybillNumber}`, body, tail).text;
}

/** The page for a link that does not work (unknown, revoked or expired, or too many wrong ones): no script. */
export function renderTrackProblemPage(language: PageLanguage, reason: 'gone' | 'notFound' | 'tooMany'): string {
  const labels = PAGE_LABELS[language];
  return page(language, labels, labels.title, markup`<main><p class="gone">${labels[reason]}</p></main>`).text;
}
