// History over several dated snapshots (state/history.js; the numbers of `kenko history`):
// earlier snapshots added from files (several at once; each dated by its file name) or this
// table split by a date column; then each period's customers, mean score, segment counts and
// value, the segment flow between consecutive periods as a Sankey chart (d3-sankey, vendored
// from npm and loaded only when drawn), and the customers whose score fell in each of the last N
// periods in a row (a click opens the customer, whose detail panel shows its score over time).
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtValue } from '../lib/format.js';
import { segmentColors } from '../lib/colors.js';
import { worstOrdinals } from '../lib/tiers.js';

const LIST = 12;

export function createHistoryView(root, app, { onOpen }) {
  const ctl = app.controller;
  const title = h('h2', { id: 'history-title' });
  const hint = h('p', { class: 'hint' });
  const input = h('input', {
    type: 'file', multiple: true, class: 'visually-hidden', tabindex: -1, testid: 'history-input',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    onchange: () => {
      const files = [...input.files];
      input.value = '';
      if (files.length) ctl.addSnapshots(files);
    },
  });
  const chooseBtn = h('button', { type: 'button', testid: 'history-choose', onclick: () => input.click() });
  const dropText = h('span', { class: 'drop-text' });
  const drop = h('div', { class: 'dropzone small', testid: 'history-dropzone' }, dropText, chooseBtn, input);
  drop.addEventListener('dragover', (e) => { if ([...(e.dataTransfer?.types ?? [])].includes('Files')) { e.preventDefault(); drop.classList.add('over'); } });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) ctl.addSnapshots(files);
  });
  const splitLabel = h('label', { for: 'history-split', class: 'inline-label' });
  const splitSel = h('select', { id: 'history-split', testid: 'history-split-column' });
  const splitBtn = h('button', { type: 'button', testid: 'history-split', onclick: () => ctl.splitByDate(splitSel.value) });
  const unsplitBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'history-unsplit', onclick: () => ctl.splitByDate(null) });
  const clearBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'history-clear', onclick: () => ctl.clearHistory() });
  const periods = h('ol', { class: 'history-periods', testid: 'history-periods' });
  const streakLabel = h('label', { for: 'history-streak', class: 'inline-label' });
  const streak = h('input', { type: 'number', id: 'history-streak', testid: 'history-streak', min: 1, max: 24, step: 1, value: ctl.history.options.streak,
    onchange: () => { const v = Math.round(Number(streak.value)); if (v >= 1 && v <= 24) ctl.setHistoryOptions({ streak: v }); } });
  const dropLabel = h('label', { for: 'history-min-drop', class: 'inline-label' });
  const minDrop = h('input', { type: 'number', id: 'history-min-drop', testid: 'history-min-drop', min: 0, max: 100, step: 1, value: ctl.history.options.minDrop,
    onchange: () => { const v = Number(minDrop.value); if (v >= 0 && v <= 100) ctl.setHistoryOptions({ minDrop: v }); } });
  const badge = h('p', { class: 'deteriorating-badge static', testid: 'history-deteriorating' });
  const flowTitle = h('h3');
  const flow = h('div', { class: 'history-flow', testid: 'history-flow', role: 'img' });
  const tableTitle = h('h3');
  const table = h('div', { class: 'table-scroll', testid: 'history-table' });
  const listTitle = h('h3');
  const list = h('ol', { class: 'movers', testid: 'history-fallers' });
  const body = h('div', { class: 'history-body', hidden: true },
    h('div', { class: 'history-settings' }, streakLabel, streak, dropLabel, minDrop), badge,
    flowTitle, flow, tableTitle, table, listTitle, list);
  replace(root,
    h('div', { class: 'panel-head' }, title),
    hint,
    h('div', { class: 'history-open' }, drop, h('div', { class: 'history-split-row' }, splitLabel, splitSel, splitBtn, unsplitBtn), clearBtn),
    periods,
    body);
  root.setAttribute('aria-labelledby', 'history-title');
  let drawn = 0;

  function render() {
    const hs = ctl.history;
    title.textContent = t('history.title');
    hint.textContent = t('history.hint');
    dropText.textContent = t('history.drop');
    chooseBtn.textContent = t('history.choose');
    chooseBtn.disabled = !ctl.results || hs.reading;
    splitLabel.textContent = t('history.splitLabel');
    splitBtn.textContent = t('history.split');
    unsplitBtn.textContent = t('history.unsplit');
    clearBtn.textContent = t('history.clear');
    streakLabel.textContent = t('history.streak');
    dropLabel.textContent = t('history.minDrop');
    flowTitle.textContent = t('history.flow');
    tableTitle.textContent = t('history.periodsTable');
    listTitle.textContent = t('history.fallers', { n: hs.options.streak });
    const header = ctl.table?.header ?? [];
    const prev = splitSel.value;
    replace(splitSel, header.map((x) => h('option', { value: x, text: x })));
    splitSel.value = hs.splitBy ?? (header.includes(prev) ? prev : header.find((x) => /date|month|日付|年月|snapshot|period/i.test(x)) ?? header[0] ?? '');
    splitBtn.disabled = !ctl.results || !header.length;
    unsplitBtn.hidden = !hs.splitBy;
    clearBtn.hidden = !hs.files.length;
    root.dataset.active = hs.active() ? 'true' : 'false';
    const r = hs.result;
    renderPeriods(r);
    body.hidden = !r;
    if (!r) return;
    streak.value = String(hs.options.streak);
    minDrop.value = String(hs.options.minDrop);
    badge.dataset.count = r.deteriorating;
    badge.textContent = t('history.deteriorating', { n: fmtInt(r.deteriorating), k: r.streak, drop: r.minDrop ? t('history.byAtLeast', { d: r.minDrop }) : '' });
    renderTable(r);
    renderList(r);
    drawFlow(r);
  }

  function renderPeriods(r) {
    const hs = ctl.history;
    const items = [];
    if (r) {
      r.periods.forEach((p, i) => {
        const fileIndex = hs.splitBy ? -1 : i < hs.files.length ? i : -1;
        items.push(h('li', { class: 'period-chip', testid: `history-period-${p.label}`, dataset: { label: p.label, customers: p.customers } },
          h('strong', { text: p.label }), ` ${t('open.rows', { n: fmtInt(p.customers) })}`,
          i === r.periods.length - 1 ? h('span', { class: 'muted', text: ` · ${t('history.inHand')}` }) : null,
          fileIndex >= 0 ? h('button', { type: 'button', class: 'chip-x', 'aria-label': t('history.remove', { label: p.label }), text: '×', onclick: () => ctl.removeSnapshot(fileIndex) }) : null));
      });
    } else if (hs.reading) items.push(h('li', { class: 'muted', text: t('history.reading') }));
    else items.push(h('li', { class: 'muted', text: t('history.none') }));
    replace(periods, items);
  }

  function segLabel(o) {
    const segs = ctl.segments;
    const n = segs.length;
    if (o < n) return segs[o].label || segs[o].id;
    return t(o === n ? 'segment.none' : o === n + 1 ? 'segment.unscored' : 'history.absent');
  }

  function renderTable(r) {
    const segs = ctl.segments;
    const n = segs.length;
    const hasValue = r.periods[0]?.segments[0]?.value !== undefined;
    const worst = worstOrdinals(segs);
    const used = Array.from({ length: n + 2 }, (_, o) => o).filter((o) => o < n || r.periods.some((p) => p.segments[o].count));
    replace(table, h('table', { class: 'data-table compact' },
      h('thead', null, h('tr', null, h('th', { text: t('history.period') }), h('th', { class: 'num', text: t('validate.customers') }), h('th', { class: 'num', text: t('scenarios.mean') }),
        used.map((o) => h('th', { class: 'num', text: segLabel(o) })),
        hasValue ? h('th', { class: 'num', text: t('value.atRisk', { column: ctl.model.info.valueColumn }) }) : null)),
      h('tbody', null, r.periods.map((p) => h('tr', { testid: `history-row-${p.label}`, dataset: { mean: p.mean ?? '' } },
        h('th', { scope: 'row', text: p.label }), h('td', { class: 'num', text: fmtInt(p.customers) }), h('td', { class: 'num', text: fmt2(p.mean) }),
        used.map((o) => h('td', { class: 'num', dataset: { segment: p.segments[o].id, count: p.segments[o].count }, text: fmtInt(p.segments[o].count) })),
        hasValue ? h('td', { class: 'num', text: fmtValue(worst.reduce((a, o) => a + p.segments[o].value, 0)) }) : null)))));
  }

  function renderList(r) {
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
  async function drawFlow(r) {
    const my = ++drawn;
    const { default: d3 } = await import('../vendor/d3-sankey.mjs');
    if (my !== drawn) return;
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
      p.append(el('title', {}, `${r.periods[l.period].label} → ${r.periods[l.period + 1].label}: ${segLabel(l.source.slot)} → ${segLabel(l.target.slot)}, ${fmtInt(l.value)}`));
      svg.append(p);
    }
    for (const d of graph.nodes) {
      const g = el('rect', { x: d.x0, y: d.y0, width: d.x1 - d.x0, height: Math.max(1, d.y1 - d.y0), fill: colors[d.slot], class: 'sankey-node' });
      g.append(el('title', {}, `${r.periods[d.period].label}: ${segLabel(d.slot)} ${fmtInt(d.value)}`));
      svg.append(g);
      if (d.y1 - d.y0 >= 12) {
        const right = d.period < r.periods.length - 1;
        svg.append(el('text', { x: right ? d.x1 + 4 : d.x0 - 4, y: (d.y0 + d.y1) / 2 + 4, 'text-anchor': right ? 'start' : 'end', class: 'sankey-label' }, `${segLabel(d.slot)} ${fmtInt(d.value)}`));
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

  for (const ev of ['history', 'table', 'model', 'presenter']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
}
