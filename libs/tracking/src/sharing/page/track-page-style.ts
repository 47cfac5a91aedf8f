import { createHash } from 'node:crypto';

/**
 * The page's only stylesheet, inline and allowed by its hash in the Content-Security-Policy (no external
 * assets; no `style` attributes anywhere, which a hash would not cover). Mobile first: one column that reads
 * at 360 px, tables that scroll sideways inside their own box rather than widening the page. Colours keep
 * WCAG AA contrast on white (text #1b1f24, muted #4a5360, links #0b57b0, passed #0a6b3d).
 */
export const TRACK_PAGE_STYLE = `
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:#1b1f24;background:#fff}
body{margin:0 auto;max-width:56rem;padding:0 1rem 2rem}
header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1rem;padding:1rem 0 .5rem;border-bottom:2px solid #d0d7de}
.brand{margin:0;font-weight:700;color:#4a5360;width:100%}
h1{margin:0;font-size:1.4rem;line-height:1.25;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;gap:.25rem}
nav a{display:inline-block;padding:.4rem .6rem;border-radius:.3rem;color:#0b57b0;min-width:2.75rem;text-align:center}
nav a[aria-current]{background:#0b57b0;color:#fff;text-decoration:none}
dl.facts{display:grid;grid-template-columns:1fr;gap:.1rem 1rem;margin:0}
dl.facts dt{color:#4a5360;font-size:.9rem;margin-top:.5rem}
dl.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
@media (min-width:40rem){dl.facts{grid-template-columns:max-content 1fr}dl.facts dt,dl.facts dd{margin-top:.35rem}}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;background:#e6f0fb;color:#0b3d7a;font-weight:700}
.muted{color:#4a5360;font-weight:400;font-size:.9rem}
figure{margin:0}
.map{display:block;width:100%;height:auto;background:#f4f7fa;border:1px solid #d0d7de;border-radius:.4rem}
.map .route{fill:none;stroke:#8c959f;stroke-width:3;stroke-dasharray:6 5}
.map .route-passed{fill:none;stroke:#0a6b3d;stroke-width:4}
.map .stop{fill:#fff;stroke:#4a5360;stroke-width:2}
.map .stop.passed{fill:#0a6b3d;stroke:#0a6b3d}
.map .border{stroke:#b42318;stroke-width:3}
.map .gauge{fill:none;stroke:#7a3db8;stroke-width:2.5}
.map .train{fill:#d4570b;stroke:#fff;stroke-width:3}
.map text{font-size:13px;fill:#1b1f24;paint-order:stroke;stroke:#f4f7fa;stroke-width:4px}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0 0;padding:0;list-style:none;font-size:.9rem;color:#4a5360}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin-right:.35rem;vertical-align:-.05rem;border-radius:50%}
.k-passed{background:#0a6b3d}.k-ahead{border:2px solid #4a5360}.k-train{background:#d4570b}
.k-border{background:#b42318;border-radius:0!important;width:.3rem!important}
.k-gauge{border:2px solid #7a3db8;border-radius:0!important;transform:rotate(45deg)}
ol.stops{margin:.5rem 0 0;padding-left:1.5rem}
ol.stops li.passed{color:#0a6b3d}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{font-weight:600;color:#4a5360}
td.vin{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
tr.passed td:first-child::before{content:"✓ ";color:#0a6b3d}
.tag{display:inline-block;margin:.1rem .25rem 0 0;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;background:#f6e7e6;color:#8a1c13}
.tag.gauge{background:#efe6f8;color:#5b2a8c}
footer{margin-top:2rem;padding-top:.75rem;border-top:1px solid #d0d7de;color:#4a5360;font-size:.9rem}
footer p{margin:.25rem 0}
#live-state.offline{color:#8a1c13;font-weight:600}
.gone{padding:1rem;border-left:4px solid #b42318;background:#fdf1f0}
a{color:#0b57b0}
a:focus-visible{outline:3px solid #d4570b;outline-offset:2px}
`.trim();

export const TRACK_PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(TRACK_PAGE_STYLE).digest('base64')}`;
