// The history panel's figures (views/history.js loads them with the first history): each
// period's customers, mean, segment counts and value at risk; the customers falling for N
// periods in a row; the Sankey chart of the segment flows (d3-sankey, vendored from npm,
// imported here only when drawn).
import { h, replace } from '../lib/dom.js';
import { t } from '../i18n/index.js';
import { fmt2, fmtInt, fmtValue } from '../lib/format.js';
import { segmentColors } from '../lib/colors.js';
import { worstOrdinals } from '../lib/tiers.js';

const LIST = 12;

function segLabel(ctl, o) {
  const segs = ctl.segments;
  const n = segs.length;
  if (o < n) return segs[o].label || segs[o].id;
  return t(o === n ? 'segment.none' : o === n + 1 ? 'segment.unscored' : 'history.absent');
}

export function renderTable({ ctl, table }, r) {
  const segs = ctl.segments;
  const n = segs.length;
  const hasValue = r.periods[0]?.segments[0]?.value !== undefined;
  const worst = worstOrdinals(segs);
  const used = Array.from({ length: n + 2 }, (_, o) => o).filter((o) => o < n || r.periods.some((p) => p.segments[o].count));
  replace(table, h('table', { class: 'data-table compact' },
    h('thead', null, h('tr', null, h('th', { text: t('history.period') }), h('th', { class: 'num', text: t('validate.customers') }), h('th', { class: 'num', text: t('scenarios.mean') }),
      used.map((o) => h('th', { class: 'num', text: segLabel(ctl, o) })),
      hasValue ? h('th', { class: 'num', text: t('value.atRisk', { column: ctl.model.info.valueColumn }) }) : null)),
    h('tbody', null, r.periods.map((p) => h('tr', { testid: `history-row-${p.label}`, dataset: { mean: p.mean ?? '' } },
      h('th', { scope: 'row', text: p.label }), h('td', { class: 'num', text: fmtInt(p.customers) }), h('td', { class: 'num', text: fmt2(p.mean) }),
      used.map((o) => h('td', { class: 'num', dataset: { segment: p.segments[o].id, count: p.segments[o].count }, text: fmtInt(p.segments[o].count) })),
      hasValue ? h('td', { class: 'num', text: fmtValue(worst.reduce((a, o) => a + p.segments[o].value, 0)) }) : null)))));
}

export function renderList({ ctl, list, onOpen }, r) {
  const items = [];
  const P = r.periods.length;
  const rows = [];
  for (let i = 0; i < r.rows; i++) if (r.streakOf[i] >= r.streak) rows.push(i);
  const fall = (i) => r.score[(P - 1 - r.streakOf[i]) * r.rows + i] - r.score[(P - 1) * r.rows + i];
  rows.sort((a, b) => r.streakOf[b] - r.streakOf[a] || fall(b) - fall(a) || a - b);
  for (const i of rows.slice(0, LIST)) {
    const label = ctl.label(i);
    const scores = Array.from({ length: P }, (_, p) => r.score[p * r.rows + i]);
    items.push(h('li', null, h('button', { type: 'button', class: 'mover deteriorating', testid: 'history-faller', dataset: { row: i, id: ctl.id(i), streak: r.streakOf[i] }, onclick: () => onOpen(i) },
      h('span', { class: 'mover-name' }, h('strong', { text: label || ctl.id(i) }), label ? h('span', { class: 'muted', text: ` ${ctl.id(i)}` }) : null),
      h('span', { class: 'mover-change down', text: `▼ ${t('history.periodsFell', { k: r.streakOf[i] })}` }),
      h('span', { class: 'mover-scores muted', text: scores.map((x) => (x === x ? fmt2(x) : '—')).join(' → ') }))));
  }
  replace(list, items.length ? items : h('li', { class: 'muted', text: t('history.noneFell') }));
}

// The Sankey chart of the flows: one column per period, nodes by segment (best at the top),
// 'absent' for customers not in that snapshot.
export async function drawFlow({ ctl, flow, isCurrent }, r) {
  const { default: d3 } = await import('../vendor/d3-sankey.mjs');
  if (!isCurrent()) return;
  const segs = ctl.segments;
  const n = segs.length;
  const colors = [...segmentColors(segs), '#e3e7eb'];
  const tiers = [...segs.map((s, i) => (typeof s.tier === 'number' ? s.tier : n - i)), -1, -2, -3];
  const nodes = new Map();
  const links = [];
  const node = (p, o) => {
    const id = `${p}:${o}`;
    if (!nodes.has(id)) nodes.set(id, { id, period: p, slot: o, order: -tiers[o] * 100 + o });
    return id;
  };
  r.flows.forEach((f, i) => {
    const w = f.ids.length;
    for (let a = 0; a < w; a++) {
      for (let b = 0; b < w; b++) {
        const c = f.counts[a][b];
        if (c) links.push({ source: node(i, a), target: node(i + 1, b), value: c, from: f.ids[a], to: f.ids[b], period: i });
      }
    }
  });
  const width = Math.max(480, flow.clientWidth || 720);
  const height = Math.max(260, Math.min(520, 90 * Math.max(3, n / 2)));
  const sankey = d3.sankey().nodeId((d) => d.id).nodeAlign((d) => d.period).nodeWidth(14).nodePadding(10)
    .nodeSort((a, b) => a.order - b.order).extent([[4, 24], [width - 4, height - 4]]);
  const graph = sankey({ nodes: [...nodes.values()].map((d) => ({ ...d })), links: links.map((d) => ({ ...d })) });
  const NS = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text != null) e.textContent = text;
    return e;
  };
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'sankey', 'aria-label': t('history.flowAria') });
  const path = d3.sankeyLinkHorizontal();
  for (const l of graph.links) {
    const p = el('path', { d: path(l), class: 'sankey-link', stroke: colors[l.source.slot], 'stroke-width': Math.max(1, l.width),
      'data-period': l.period, 'data-from': l.from, 'data-to': l.to, 'data-count': l.value });
    p.append(el('title', {}, `${r.periods[l.period].label} → ${r.periods[l.period + 1].label}: ${segLabel(ctl, l.source.slot)} → ${segLabel(ctl, l.target.slot)}, ${fmtInt(l.value)}`));
    svg.append(p);
  }
  for (const d of graph.nodes) {
    const g = el('rect', { x: d.x0, y: d.y0, width: d.x1 - d.x0, height: Math.max(1, d.y1 - d.y0), fill: colors[d.slot], class: 'sankey-node' });
    g.append(el('title', {}, `${r.periods[d.period].label}: ${segLabel(ctl, d.slot)} ${fmtInt(d.value)}`));
    svg.append(g);
    if (d.y1 - d.y0 >= 12) {
      const right = d.period < r.periods.length - 1;
      svg.append(el('text', { x: right ? d.x1 + 4 : d.x0 - 4, y: (d.y0 + d.y1) / 2 + 4, 'text-anchor': right ? 'start' : 'end', class: 'sankey-label' }, `${segLabel(ctl, d.slot)} ${fmtInt(d.value)}`));
    }
  }
  r.periods.forEach((p, i) => {
    const xs = graph.nodes.filter((d) => d.period === i);
    if (!xs.length) return;
    const x = (xs[0].x0 + xs[0].x1) / 2;
    svg.append(el('text', { x, y: 14, 'text-anchor': i === 0 ? 'start' : i === r.periods.length - 1 ? 'end' : 'middle', class: 'sankey-period' }, p.label));
  });
  flow.dataset.links = String(graph.links.length);
  replace(flow, svg);
}
