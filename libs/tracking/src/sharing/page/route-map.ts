import { Html, markup } from './html.js';

/** A stop of the route as the map draws it. */
export interface MapStop {
  code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  passed: boolean;
  borderCrossing: boolean;
  gaugeChange: boolean;
}

export interface MapText {
  title: string;
  desc: string;
  borderCrossing: string;
  gaugeChange: string;
  trainHere: string;
}

/** The map's width in SVG units; its height follows the route's shape (within bounds). */
// About a phone's width in CSS pixels, so that the map's text is drawn near its own size there.
const WIDTH = 400;
const PAD = 22;
const MIN_HEIGHT = 150;
const MAX_HEIGHT = 300;

interface Point {
  x: number;
  y: number;
}

/**
 * Longitude and latitude to map units: equirectangular, with longitudes scaled by the cosine of the
 * route's mean latitude. Enough here, and argued so: the corridor lies between about 35° and 57° N, where
 * that cosine varies from 0.82 to 0.54, so east–west distances are off by at most a fifth at the route's
 * ends, and nothing on the map is measured — it shows the order of the stops, where the train is between
 * them and the shape of the trip, with no tiles or coastlines that would have to line up. A conformal or
 * equal-area projection (d3-geo) would change none of what a reader takes from it.
 */
function project(stops: readonly { latitude: number; longitude: number }[]): {
  points: Point[];
  height: number;
} {
  if (stops.length === 0) return { points: [], height: MIN_HEIGHT };
  const meanLat = stops.reduce((sum, s) => sum + s.latitude, 0) / stops.length;
  const k = Math.cos((meanLat * Math.PI) / 180);
  const raw = stops.map((s) => ({ x: s.longitude * k, y: -s.latitude }));
  const minX = Math.min(...raw.map((p) => p.x));
  const maxX = Math.max(...raw.map((p) => p.x));
  const minY = Math.min(...raw.map((p) => p.y));
  const maxY = Math.max(...raw.map((p) => p.y));
  const spanX = Math.max(maxX - minX, 1e-6);
  const spanY = Math.max(maxY - minY, 1e-6);
  // One scale for both axes (no stretching), the largest that fits the width and the tallest allowed height.
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (MAX_HEIGHT - 2 * PAD) / spanY);
  const height = Math.max(MIN_HEIGHT, Math.round(spanY * scale + 2 * PAD));
  const offsetX = (WIDTH - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return {
    points: raw.map((p) => ({
      x: round(offsetX + (p.x - minX) * scale),
      y: round(offsetY + (p.y - minY) * scale),
    })),
    height,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const pointsOf = (points: readonly Point[]) => points.map((p) => `${p.x},${p.y}`).join(' ');

/**
 * The route as inline SVG: the whole line, the part travelled drawn over it, each stop (filled once passed),
 * a bar across the line where it crosses a border, a diamond at the gauge change, and the train at
 * `currentCode`. Stops without coordinates are left out of the drawing (the page lists every stop in text).
 * Element ids and data-stop attributes are what the page's script moves when the consignment changes.
 */
export function routeMap(stops: readonly MapStop[], currentCode: string | null, text: MapText): Html {
  const drawn = stops.filter(
    (s): s is MapStop & { latitude: number; longitude: number } => s.latitude !== null && s.longitude !== null,
  );
  const { points, height } = project(drawn);
  const at = (i: number) => points[i]!;
  const lastPassed = drawn.reduce((last, s, i) => (s.passed ? i : last), -1);
  const current = drawn.findIndex((s) => s.code === currentCode);
  const train = current >= 0 ? at(current) : lastPassed >= 0 ? at(lastPassed) : points[0];

  const borders = drawn.flatMap((s, i) => {
    if (!s.borderCrossing || i === 0) return [];
    const a = at(i - 1);
    const b = at(i);
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // A bar across the segment at its middle, 16 units long, perpendicular to it.
    const nx = ((a.y - b.y) / length) * 8;
    const ny = ((b.x - a.x) / length) * 8;
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    return [
      markup`<line class="border" x1="${round(mx - nx)}" y1="${round(my - ny)}" x2="${round(mx + nx)}" y2="${round(my + ny)}"><title>${text.borderCrossing}</title></line>`,
    ];
  });
  const gauge = drawn.flatMap((s, i) =>
    s.gaugeChange
      ? [
          markup`<rect class="gauge" x="${round(at(i).x - 8)}" y="${round(at(i).y - 8)}" width="16" height="16" transform="rotate(45 ${at(i).x} ${at(i).y})"><title>${text.gaugeChange}</title></rect>`,
        ]
      : [],
  );
  const circles = drawn.map(
    (s, i) =>
      markup`<circle data-stop="${s.code}" class="stop${s.passed ? ' passed' : ''}" cx="${at(i).x}" cy="${at(i).y}" r="6"><title>${s.name}</title></circle>`,
  );
  const label = (i: number) => {
    const p = at(i);
    const anchor = p.x < WIDTH / 3 ? 'start' : p.x > (2 * WIDTH) / 3 ? 'end' : 'middle';
    const y = p.y > height / 2 ? p.y - 12 : p.y + 22;
    return markup`<text x="${p.x}" y="${round(y)}" text-anchor="${anchor}">${drawn[i]!.name}</text>`;
  };
  return markup`<svg class="map" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="map-title map-desc"><title id="map-title">${text.title}</title><desc id="map-desc">${text.desc}</desc><polyline class="route" points="${pointsOf(points)}"/><polyline id="route-passed" class="route-passed" points="${pointsOf(points.slice(0, lastPassed + 1))}"/>${borders}${gauge}${circles}${drawn.length > 0 ? [label(0), drawn.length > 1 ? label(drawn.length - 1) : null] : null}${train ? markup`<circle id="train" class="train" cx="${train.x}" cy="${train.y}" r="9"><title>${text.trainHere}</title></circle>` : null}</svg>`;
}
