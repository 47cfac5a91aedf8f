import { createHash } from 'node:crypto';

/** How often the page asks whether the consignment changed, and the longest it waits after failures. */
const POLL_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * The page's only script, inline and allowed by its hash in the Content-Security-Policy. It keeps the page
 * current without a reload by polling GET <page>/data with If-None-Match every 30 s (304 when nothing
 * changed: a few hundred bytes), at once when the phone comes back online or the tab is shown again, with
 * doubling back-off after failures (and Retry-After on 429) while the last good view stays on screen and
 * the footer says it is offline. On 404 or 410 (revoked, expired) it clears the consignment and stops.
 *
 * Polling rather than SSE: a consignment changes a few times a day, so a 30-s poll costs nothing a reader
 * notices, while an SSE stream per open page would hold a connection (and a slot in the api's stream
 * limits) for hours for an anonymous reader, needs its own revocation path to close it, and is what flaky
 * mobile networks and proxies break first; a poll is a plain request that the link's 410 ends naturally.
 *
 * It renders what changes (status, current station, ETA and its range, milestones, the map's passed stops,
 * travelled line and train) from the JSON with textContent and attributes only, with the station names,
 * time zones and labels the server put in the #track-config data block, and times formatted by the same
 * Intl options as the server's.
 */
export const TRACK_PAGE_SCRIPT = `(function () {
"use strict";
var config = JSON.parse(document.getElementById("track-config").textContent);
var dataUrl = location.pathname.replace(/\\/+$/, "") + "/data";
var etag = config.etag;
var wait = ${POLL_MS};
var timer = 0;
var busy = false;
var stopped = false;
function byId(id) { return document.getElementById(id); }
function setText(id, text) { var el = byId(id); if (el) el.textContent = text; }
function fmt(iso, zone, short) {
  var options = Object.assign({}, short ? config.shortTimeFormat : config.timeFormat, { timeZone: zone || "UTC" });
  try { return new Intl.DateTimeFormat(config.locale, options).format(new Date(iso)); }
  catch (e) { options.timeZone = "UTC"; return new Intl.DateTimeFormat(config.locale, options).format(new Date(iso)); }
}
function station(code) { return config.stations[code] || [code, "UTC"]; }
function render(data) {
  var dest = station(data.destination.code)[1];
  setText("status", config.statuses[data.status] || data.status);
  setText("current", data.currentStation ? station(data.currentStation.code)[0] : "\\u2014");
  setText("eta", data.eta ? fmt(data.eta, dest) : config.text.unknown);
  var range = data.etaRange;
  var row = byId("eta-range-row");
  if (row) row.hidden = !range;
  if (range) setText("eta-range", fmt(range.low, dest) + " \\u2013 " + fmt(range.high, dest) + " (" + Math.round(range.confidence * 100) + " %)");
  var passed = 0;
  var lastPassed = -1;
  var current = data.currentStation ? data.currentStation.code : null;
  data.milestones.forEach(function (m, i) {
    var zone = station(m.stationCode)[1];
    var seen = m.actualAt !== null;
    if (seen) { passed += 1; lastPassed = i; }
    document.querySelectorAll('[data-stop="' + m.stationCode + '"]').forEach(function (el) { el.classList.toggle("passed", seen); });
    var tr = document.querySelector('tr[data-stop="' + m.stationCode + '"]');
    var cell = tr && tr.querySelector(".at");
    if (cell) cell.textContent = seen ? fmt(m.actualAt, zone, true) : m.expectedAt ? fmt(m.expectedAt, zone, true) + " (" + config.text.expected + ")" : "\\u2014";
    var state = document.querySelector('li[data-stop="' + m.stationCode + '"] .state');
    if (state) state.textContent = m.stationCode === current ? config.text.trainHere : seen ? config.text.passed : config.text.ahead;
  });
  var circles = Array.prototype.slice.call(document.querySelectorAll("circle[data-stop]"));
  var travelled = circles.filter(function (c) { return data.milestones.some(function (m, i) { return i <= lastPassed && m.stationCode === c.getAttribute("data-stop"); }); });
  var line = byId("route-passed");
  if (line) line.setAttribute("points", travelled.map(function (c) { return c.getAttribute("cx") + "," + c.getAttribute("cy"); }).join(" "));
  var here = document.querySelector('circle[data-stop="' + current + '"]') || travelled[travelled.length - 1];
  var train = byId("train");
  if (train && here) { train.setAttribute("cx", here.getAttribute("cx")); train.setAttribute("cy", here.getAttribute("cy")); }
  setText("map-desc", config.text.mapDesc.replace("{0}", data.milestones.length).replace("{1}", passed).replace("{2}", current ? station(current)[0] : "\\u2014"));
}
// The page may come from the server's cache of rendered pages: the script says when it last heard from it.
function live(ok) {
  var el = byId("live-state");
  if (ok) {
    setText("updated", fmt(new Date().toISOString(), config.zone));
    var row = byId("updated-row");
    if (row) row.hidden = false;
  }
  if (!el) return;
  el.classList.toggle("offline", !ok);
  el.textContent = ok ? config.text.live : config.text.offline;
}
function gone(text) {
  stopped = true;
  clearTimeout(timer);
  // What the link showed goes with it: the consignment's sections, its waybill in the heading and title.
  document.querySelectorAll("main > section, #link-valid").forEach(function (s) { s.remove(); });
  setText("page-title", config.text.title);
  document.title = config.text.title;
  var notice = byId("gone");
  if (notice) { notice.textContent = text; notice.hidden = false; }
  live(true);
  setText("live-state", "");
}
function schedule(ms) { clearTimeout(timer); if (!stopped) timer = setTimeout(poll, ms); }
function poll() {
  if (stopped || busy) return;
  busy = true;
  var headers = { accept: "application/json" };
  if (etag) headers["if-none-match"] = etag;
  fetch(dataUrl, { headers: headers, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" })
    .then(function (res) {
      if (res.status === 410) return gone(config.text.gone);
      if (res.status === 404) return gone(config.text.notFound);
      if (res.status === 304) { wait = ${POLL_MS}; live(true); return; }
      if (res.status === 429) { var after = Number(res.headers.get("retry-after")) || 60; wait = Math.max(wait, after * 1000); throw new Error("429"); }
      if (!res.ok) throw new Error(String(res.status));
      return res.json().then(function (data) { render(data); etag = res.headers.get("etag"); wait = ${POLL_MS}; live(true); });
    })
    .catch(function () { wait = Math.min(wait * 2, ${MAX_BACKOFF_MS}); live(false); })
    .then(function () { busy = false; schedule(wait); });
}
window.addEventListener("online", function () { wait = ${POLL_MS}; poll(); });
document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") poll(); });
live(true);
schedule(wait);
})();`;

export const TRACK_PAGE_SCRIPT_HASH = `sha256-${createHash('sha256').update(TRACK_PAGE_SCRIPT).digest('base64')}`;
