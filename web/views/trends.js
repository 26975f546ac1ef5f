// Trends: a previous snapshot of the same customers (same id column), read with the table's
// encoding and column mapping (file picker or drop on this panel; progress, cancel, errors that
// keep everything). Then: how many customers matched, the deteriorating badge (score fell by at
// least the model's trend.deteriorating_drop; a click filters the table), the biggest movers
// (most fallen first, with the indicator that drove the change) and the segment-move matrix
// between the two snapshots (a click on a cell filters the table to those customers).
// Everything comes from the engine's trends() (`kenko score --previous`), refreshed after
// what-if changes settle.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtBytes, fmtChange, fmtWeight } from '../lib/format.js';
import { orderByKey } from '../lib/sort.js';
import { segmentColors, textOn } from '../lib/colors.js';
import { ordinal } from '../lib/segments-diff.js';
import { tiersOf, moveTone } from '../lib/tiers.js';

const MOVERS = 10;

/** Ordinal of a previous segment code: model segments, none (n), unscored (n+1), not in the previous (n+2). */
export const prevOrdinal = (code, n) => (code >= 0 ? code : code === -1 ? n : code === -2 ? n + 1 : n + 2);

export function createTrendsView(root, app, { onOpen }) {
  const ctl = app.controller;
  const title = h('h2', { id: 'trends-title' });
  const hint = h('p', { class: 'hint' });
  const input = h('input', {
    type: 'file', class: 'visually-hidden', tabindex: -1, testid: 'previous-input', id: 'previous-input',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    onchange: () => {
      const f = input.files[0];
      if (f) ctl.loadPrevious(f, f.name);
      input.value = '';
    },
  });
  const chooseBtn = h('button', { type: 'button', testid: 'previous-choose', onclick: () => input.click() });
  const dropText = h('span', { class: 'drop-text' });
  const drop = h('div', { class: 'dropzone small', testid: 'previous-dropzone' }, dropText, chooseBtn, input);
  drop.addEventListener('dragover', (e) => { if ([...(e.dataTransfer?.types ?? [])].includes('Files')) { e.preventDefault(); drop.classList.add('over'); } });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    // preventDefault tells the page-wide drop handler (views/open.js) this file is taken.
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) ctl.loadPrevious(f, f.name);
  });

  const progressBar = h('progress', { max: 1, value: 0, testid: 'previous-progress-bar', 'aria-labelledby': 'previous-progress-text' });
  const progressText = h('span', { id: 'previous-progress-text', class: 'progress-text', testid: 'previous-progress-rows', 'aria-live': 'polite' });
  const cancelBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'previous-cancel', onclick: () => ctl.cancelPrevious() });
  const progress = h('div', { class: 'progress', testid: 'previous-progress', hidden: true }, progressBar, progressText, cancelBtn);

  const info = h('div', { class: 'file-info', testid: 'previous-info' });
  const clearBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'previous-clear', onclick: () => ctl.clearPrevious() });
  const badge = h('button', { type: 'button', class: 'deteriorating-badge', testid: 'deteriorating-badge', onclick: () => app.table?.setDeterioratingFilter(!app.table.filters.deteriorating) });
  const moversTitle = h('h3');
  const movers = h('ol', { class: 'movers', testid: 'trend-movers' });
  const matrixTitle = h('h3');
  const matrixBox = h('div', { class: 'table-scroll' });
  const body = h('div', { class: 'trends-body', hidden: true },
    h('div', { class: 'trends-badges' }, badge),
    h('div', { class: 'trends-grid' },
      h('div', null, moversTitle, movers),
      h('div', null, matrixTitle, matrixBox)));

  replace(root,
    h('div', { class: 'panel-head' }, title),
    hint,
    h('div', { class: 'trends-open' }, drop, h('div', { class: 'trends-status' }, info, clearBtn)),
    progress,
    body);
  root.setAttribute('aria-labelledby', 'trends-title');

  function render() {
    title.textContent = t('trends.title');
    hint.textContent = t('trends.hint');
    dropText.textContent = t('trends.drop');
    chooseBtn.textContent = ctl.previous ? t('trends.chooseAnother') : t('trends.choose');
    chooseBtn.disabled = !ctl.results;
    cancelBtn.textContent = t('open.cancel');
    clearBtn.textContent = t('trends.clear');
    clearBtn.hidden = !ctl.previous;
    moversTitle.textContent = t('trends.movers');
    matrixTitle.textContent = t('trends.matrix');
    const tr = ctl.trends;
    if (!ctl.previous || !tr) {
      replace(info, h('span', { class: 'muted', text: t('trends.none') }));
      body.hidden = true;
      return;
    }
    const p = ctl.previous;
    replace(info,
      h('strong', { class: 'file-name', text: p.source.name, title: p.source.name }),
      h('span', { text: t('open.rows', { n: fmtInt(p.table.rows) }) }),
      h('span', { testid: 'trend-matched', dataset: { matched: tr.matched, onlyNow: tr.onlyNow, onlyPrevious: tr.onlyPrevious },
        text: t('trends.matched', { matched: fmtInt(tr.matched), now: fmtInt(tr.onlyNow), prev: fmtInt(tr.onlyPrevious) }) }));
    body.hidden = false;
    const on = !!app.table?.filters.deteriorating;
    badge.textContent = t('trends.deteriorating', { n: fmtInt(tr.deterioratingCount), drop: fmtWeight(ctl.deterioratingDrop) });
    badge.dataset.count = tr.deterioratingCount;
    badge.setAttribute('aria-pressed', on ? 'true' : 'false');
    badge.classList.toggle('selected', on);
    badge.title = t('trends.deterioratingTitle');
    renderMovers(tr);
    renderMatrix(tr);
  }

  function segInfo(o, n, colors) {
    if (o < n) return [ctl.segments[o].label || ctl.segments[o].id, colors[o], ctl.segments[o].id];
    if (o === n) return [t('segment.none'), colors[n], 'none'];
    if (o === n + 1) return [t('segment.unscored'), colors[n + 1], 'unscored'];
    return [t('trends.new'), '#ffffff', 'new'];
  }

  function chip(label, color) {
    const c = h('span', { class: 'seg-chip', text: label });
    c.style.background = color;
    c.style.color = textOn(color);
    return c;
  }

  function renderMovers(tr) {
    const res = ctl.results;
    const n = ctl.segments.length;
    const colors = segmentColors(ctl.segments);
    const info = ctl.model.info;
    const order = orderByKey(tr.scoreChange, false);
    const items = [];
    for (let i = 0; i < order.length && items.length < MOVERS; i++) {
      const r = order[i];
      const d = tr.scoreChange[r];
      if (!(d < 0)) break; // NaN last, then no more fallen customers
      const label = ctl.label(r);
      const drv = tr.changeDriver[r];
      const ind = drv >= 0 ? info.indicators[drv] : null;
      const [pl, pc] = segInfo(prevOrdinal(tr.segmentPrev[r], n), n, colors);
      const [cl, cc] = segInfo(ordinal(res.segment[r], n), n, colors);
      items.push(h('li', null, h('button', {
        type: 'button', class: ['mover', tr.deteriorating[r] && 'deteriorating'], testid: 'trend-mover',
        dataset: { row: r, change: d, id: ctl.id(r) }, onclick: () => onOpen(r),
      },
      h('span', { class: 'mover-name' }, h('strong', { text: label || ctl.id(r) }), label ? h('span', { class: 'muted', text: ` ${ctl.id(r)}` }) : null),
      h('span', { class: 'mover-change down', text: fmtChange(d) }),
      h('span', { class: 'mover-scores muted', text: `${fmt2(tr.scorePrev[r])} → ${fmt2(res.score[r])}` }),
      h('span', { class: 'mover-segs' }, chip(pl, pc), ' → ', chip(cl, cc)),
      h('span', { class: 'mover-driver', text: ind ? t('trends.driver', { name: ind.label || ind.id }) : '' }))));
    }
    replace(movers, items.length ? items : h('li', { class: 'muted', text: t('trends.noneFell') }));
  }

  function renderMatrix(tr) {
    const res = ctl.results;
    const n = ctl.segments.length;
    const colors = segmentColors(ctl.segments);
    const wp = n + 3, wc = n + 2;
    const m = new Uint32Array(wp * wc);
    for (let r = 0; r < res.rows; r++) m[prevOrdinal(tr.segmentPrev[r], n) * wc + ordinal(res.segment[r], n)]++;
    const rowUsed = [], colUsed = [];
    for (let p = 0; p < wp; p++) {
      let any = false;
      for (let c = 0; c < wc; c++) any ||= m[p * wc + c] > 0;
      if (any || p < n) rowUsed.push(p);
    }
    for (let c = 0; c < wc; c++) {
      let any = false;
      for (let p = 0; p < wp; p++) any ||= m[p * wc + c] > 0;
      if (any || c < n) colUsed.push(c);
    }
    const head = h('tr', null, h('th', { scope: 'col', class: 'corner', text: t('trends.corner') }),
      colUsed.map((c) => {
        const [label, color] = segInfo(c, n, colors);
        const sw = h('span', { class: 'legend-swatch' });
        sw.style.background = color;
        return h('th', { scope: 'col', title: label }, sw, h('span', { class: 'vertical', text: label }));
      }));
    const filter = app.table?.filters.trendMove;
    const tiers = tiersOf(ctl.segments);
    const body = rowUsed.map((p) => {
      const [label, color, pid] = segInfo(p, n, colors);
      const sw = h('span', { class: 'legend-swatch' });
      sw.style.background = color;
      return h('tr', null, h('th', { scope: 'row', title: label }, sw, label),
        colUsed.map((c) => {
          const k = m[p * wc + c];
          const cid = segInfo(c, n, colors)[2];
          const testid = `trend-move-${pid}-${cid}`;
          if (!k) return h('td', { class: 'zero', testid, dataset: { count: 0 } });
          const selected = filter && filter.from === p && filter.to === c;
          const tone = p < n + 2 ? moveTone(p, c, tiers) : 'same'; // by the segments' order
          return h('td', { class: [p === c ? 'diag' : 'moved', tone, selected && 'selected'], dataset: { count: k, tone } }, h('button', {
            type: 'button', testid, text: fmtInt(k), 'aria-pressed': selected ? 'true' : 'false',
            title: t('trends.cellTitle', { n: fmtInt(k), from: label, to: segInfo(c, n, colors)[0] }),
            onclick: () => app.table?.setTrendFilter(p, c),
          }));
        }));
    });
    replace(matrixBox, h('table', { class: 'moves trend-matrix', testid: 'trend-matrix' },
      h('caption', { class: 'visually-hidden', text: t('trends.caption') }), h('thead', null, head), h('tbody', null, body)));
  }

  ctl.addEventListener('prevloadstart', (e) => {
    progress.hidden = false;
    progressBar.removeAttribute('value');
    progressText.textContent = t('open.reading', { name: e.detail.name });
  });
  ctl.addEventListener('prevprogress', (e) => {
    const p = e.detail;
    if (p.totalBytes) { progressBar.max = p.totalBytes; progressBar.value = Math.min(p.bytes, p.totalBytes); }
    progressText.textContent = t('open.progress', { rows: fmtInt(p.rows), read: fmtBytes(p.bytes), total: fmtBytes(p.totalBytes) });
  });
  ctl.addEventListener('prevloadend', () => { progress.hidden = true; });
  for (const ev of ['trends', 'table', 'model', 'presenter']) ctl.addEventListener(ev, render);
  app.events.addEventListener('filters', render);
  onLangChange(render);
  render();
}
