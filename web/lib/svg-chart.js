// Small SVG charts for the printed report (crisp on paper, no canvas): stacked bars, lines and
// a horizontal reference line on linear axes. Built with createElementNS only (no markup
// strings, no inline style attributes: the page's CSP), sized by viewBox so they scale.

const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, text = null) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/**
 * chart({width, height, x: {min, max, ticks, label, format}, y: {min, max, ticks, label, format},
 *   bars: [{x, width, stack: [{value, color}]}], lines: [{points: [[x, y]], color, dash, width}],
 *   hlines: [{y, color, dash}], title, testid}) → <svg>.
 */
export function chart({ width = 320, height = 190, x, y, bars = [], lines = [], hlines = [], title = '', testid = null }) {
  const m = { left: 40, right: 8, top: 8, bottom: x.label ? 30 : 18 };
  const w = width - m.left - m.right, ht = height - m.top - m.bottom;
  const sx = (v) => m.left + ((v - x.min) / (x.max - x.min || 1)) * w;
  const sy = (v) => m.top + ht - ((v - y.min) / (y.max - y.min || 1)) * ht;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'svg-chart', role: 'img', 'aria-label': title, 'data-testid': testid });
  if (title) svg.append(el('title', {}, title));
  const fmtX = x.format ?? String, fmtY = y.format ?? String;
  for (const v of y.ticks ?? []) {
    svg.append(el('line', { x1: m.left, x2: m.left + w, y1: sy(v), y2: sy(v), class: 'grid' }));
    svg.append(el('text', { x: m.left - 4, y: sy(v) + 3, class: 'tick', 'text-anchor': 'end' }, fmtY(v)));
  }
  for (const v of x.ticks ?? []) {
    svg.append(el('text', { x: sx(v), y: m.top + ht + 11, class: 'tick', 'text-anchor': 'middle' }, fmtX(v)));
  }
  if (x.label) svg.append(el('text', { x: m.left + w / 2, y: height - 3, class: 'axis-label', 'text-anchor': 'middle' }, x.label));
  if (y.label) svg.append(el('text', { x: 10, y: m.top + ht / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 10 ${m.top + ht / 2})` }, y.label));
  for (const b of bars) {
    let base = 0;
    const x0 = sx(b.x - b.width / 2), x1 = sx(b.x + b.width / 2);
    for (const part of b.stack) {
      if (!(part.value > 0)) continue;
      const top = sy(base + part.value), bottom = sy(base);
      svg.append(el('rect', { x: x0, y: top, width: Math.max(0.5, x1 - x0), height: Math.max(0, bottom - top), fill: part.color }));
      base += part.value;
    }
  }
  for (const l of hlines) {
    svg.append(el('line', { x1: m.left, x2: m.left + w, y1: sy(l.y), y2: sy(l.y), stroke: l.color ?? '#1d2329', 'stroke-width': 1.2, 'stroke-dasharray': l.dash ?? null }));
  }
  for (const l of lines) {
    const d = l.points.map(([px, py], i) => `${i ? 'L' : 'M'}${sx(px).toFixed(2)},${sy(py).toFixed(2)}`).join('');
    svg.append(el('path', { d, fill: 'none', stroke: l.color ?? '#1d2329', 'stroke-width': l.width ?? 1.5, 'stroke-dasharray': l.dash ?? null }));
  }
  svg.append(el('line', { x1: m.left, x2: m.left + w, y1: m.top + ht, y2: m.top + ht, class: 'axis' }));
  svg.append(el('line', { x1: m.left, x2: m.left, y1: m.top, y2: m.top + ht, class: 'axis' }));
  return svg;
}

/** Ticks for 0..max: about `count` round numbers (1, 2, 5 × 10^k apart). */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? p * 10;
  const out = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}
