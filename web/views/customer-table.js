// The customer table: virtualised (lib/virtual-table.js), sortable by id, name, score,
// segment, coverage and each dimension (orders are Uint32Array permutations: lib/sort.js),
// filterable by segment, alert, a what-if move (from → to) and a search over id and name.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtChange, fmtWeight } from '../lib/format.js';
import { prevOrdinal } from './trends.js';
import { VirtualTable } from '../lib/virtual-table.js';
import { orderByKey } from '../lib/sort.js';
import { segmentColors, textOn } from '../lib/colors.js';
import { ordinal, codeOf } from '../lib/segments-diff.js';

// Above this many customers a what-if frame redraws the rows in sight without re-sorting or
// re-filtering (done once the sliders settle).
const LIVE_ROWS = 200000;

export function createCustomerTable(root, app, { onOpen }) {
  const ctl = app.controller;
  const filters = { segments: null, alert: -1, search: '', move: null, deteriorating: false, trendMove: null };
  let sort = { key: null, descending: false };
  let orders = new Map(); // 'key|desc' → Uint32Array
  let searchCache = { q: null, gen: -1, mask: null };
  let view = new Uint32Array(0);

  const title = h('h2', { id: 'customers-title' });
  const count = h('span', { class: 'muted', testid: 'table-count', 'aria-live': 'polite' });
  const searchLabel = h('label', { for: 'table-search', class: 'visually-hidden' });
  const search = h('input', { type: 'search', id: 'table-search', testid: 'table-search', autocomplete: 'off' });
  let searchTimer = 0;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { filters.search = search.value.trim(); changed(); }, 120);
  });
  const segLabel = h('label', { for: 'segment-filter', class: 'inline-label' });
  const segSelect = h('select', { id: 'segment-filter', testid: 'segment-filter', onchange: () => {
    filters.segments = segSelect.value === '' ? null : new Set([Number(segSelect.value)]);
    changed();
  } });
  const alertLabel = h('label', { for: 'alert-filter', class: 'inline-label' });
  const alertSelect = h('select', { id: 'alert-filter', testid: 'alert-filter', onchange: () => {
    filters.alert = Number(alertSelect.value);
    changed();
  } });
  const moveChip = h('div', { class: 'move-chip', testid: 'move-filter', hidden: true });
  const trendChip = h('div', { class: 'move-chip', testid: 'trend-filter', hidden: true });
  const detChip = h('div', { class: 'move-chip det-chip', testid: 'deteriorating-filter', hidden: true });
  const clearBtn = h('button', { type: 'button', class: 'link', testid: 'filters-clear', onclick: () => api.clearFilters() });
  const toolbar = h('div', { class: 'table-toolbar' },
    h('div', { class: 'search-box' }, searchLabel, search),
    h('div', { class: 'filter' }, segLabel, segSelect),
    h('div', { class: 'filter' }, alertLabel, alertSelect),
    moveChip, trendChip, detChip, clearBtn, count);
  const tableBox = h('div', { class: 'table-box' });
  replace(root, h('div', { class: 'panel-head' }, title), toolbar, tableBox);
  root.setAttribute('aria-labelledby', 'customers-title');

  const vt = new VirtualTable(tableBox, {
    rowHeight: 36,
    testid: 'customer-table',
    onSort: (key) => {
      const descending = sort.key === key ? !sort.descending : key === 'score' ? false : key.startsWith('dim:') || key === 'coverage';
      sort = { key, descending };
      vt.setSort(key, descending);
      changed();
    },
    onActivate: (row) => onOpen(row),
  });

  function columns() {
    const info = ctl.model.info;
    const dims = info.dimensions;
    /** @type {object[]} the grid's columns (lib/virtual-table.js) */
    const cols = [
      // Ids and names arrive after the scores (a million texts): '…' until then.
      { key: 'id', title: t('table.id'), width: 'minmax(90px, 0.7fr)', sortable: true, render: (el, r) => {
        const pending = !ctl.texts;
        el.textContent = pending ? '…' : ctl.id(r);
        if (pending !== el.classList.contains('pending')) el.classList.toggle('pending', pending);
      } },
    ];
    if (info.labelColumn) cols.push({ key: 'label', title: t('table.name'), width: 'minmax(150px, 1.4fr)', sortable: true, render: (el, r) => {
      const pending = !ctl.texts;
      const s = pending ? '…' : ctl.presenter ? t('presenter.hiddenName') : ctl.label(r);
      el.textContent = s;
      el.title = pending ? t('table.textsPending') : s;
      if (pending !== el.classList.contains('pending')) el.classList.toggle('pending', pending);
    } });
    cols.push(
      { key: 'score', title: t('table.score'), width: '78px', sortable: true, align: 'right', render: (el, r) => { el.textContent = fmt2(ctl.results.score[r]) || '—'; } },
      { key: 'segment', title: t('table.segment'), width: 'minmax(140px, 1fr)', sortable: true,
        cell: (el) => el.append(h('span', { class: 'seg-chip' })),
        render: (el, r) => {
          const code = ctl.results.segment[r];
          const chip = el.firstChild;
          const n = ctl.segments.length;
          const o = ordinal(code, n);
          const label = o < n ? ctl.segments[o].label : t(o === n ? 'segment.none' : 'segment.unscored');
          chip.textContent = label;
          chip.title = label;
          chip.style.background = colors[o];
          chip.style.color = textOn(colors[o]);
          el.dataset.segment = o < n ? ctl.segments[o].id : o === n ? 'none' : 'unscored';
        } },
      ...trendColumns(),
      { key: 'coverage', title: t('table.coverage'), tooltip: t('table.coverageHelp'), width: '84px', sortable: true, align: 'right', render: (el, r) => { el.textContent = fmt2(ctl.results.coverage[r]); } },
    );
    dims.forEach((d, k) => cols.push({
      key: `dim:${k}`, title: d.label, width: 'minmax(96px, 0.8fr)', sortable: true, className: 'dim-cell',
      cell: (el) => el.append(h('span', { class: 'mini-bar' }, h('span', { class: 'bar-fill' })), h('span', { class: 'mini-value' })),
      render: (el, r) => {
        const v = ctl.results.dimension[k * ctl.results.rows + r];
        el.firstChild.firstChild.style.width = `${v === v ? v : 0}%`;
        el.lastChild.textContent = v === v ? fmt2(v) : '—';
      },
    }));
    cols.push(
      { key: 'drivers', title: t('table.drivers'), width: 'minmax(160px, 1.4fr)', render: (el, r) => {
        const d = ctl.results.drivers;
        const names = [];
        for (let j = 0; j < 3; j++) {
          const i = d[r * 3 + j];
          if (i < 0) break;
          names.push(info.indicators[i]?.label || info.indicators[i]?.id);
        }
        el.textContent = names.join(' · ');
        el.title = names.join('\n');
      } },
      { key: 'alerts', title: t('table.alerts'), width: 'minmax(130px, 1fr)', render: (el, r) => {
        const a = alertsOf(r);
        el.textContent = a.length ? a.map((x) => x.label || x.id).join(' · ') : '';
        el.title = a.map((x) => x.label || x.id).join('\n');
        el.classList.toggle('has-alerts', a.length > 0);
      } },
    );
    return cols;
  }

  // With a previous snapshot: its score and segment, and the change (sortable: most fallen first).
  function trendColumns() {
    if (!ctl.trends) return [];
    return [
      { key: 'prev', title: t('table.previous'), tooltip: t('table.previousHelp'), width: 'minmax(130px, 0.9fr)', sortable: true,
        cell: (el) => el.append(h('span', { class: 'prev-score' }), h('span', { class: 'seg-chip small' })),
        render: (el, r) => {
          const tr = ctl.trends;
          const n = ctl.segments.length;
          const o = prevOrdinal(tr.segmentPrev[r], n);
          const chip = el.lastChild;
          if (o === n + 2) {
            el.firstChild.textContent = '';
            chip.textContent = t('trends.new');
            chip.style.background = '#fff';
            chip.style.color = '#5b6570';
          } else {
            el.firstChild.textContent = fmt2(tr.scorePrev[r]) || '—';
            const label = o < n ? ctl.segments[o].label : t(o === n ? 'segment.none' : 'segment.unscored');
            chip.textContent = label;
            chip.title = label;
            chip.style.background = colors[o];
            chip.style.color = textOn(colors[o]);
          }
          el.dataset.segment = o < n ? ctl.segments[o].id : ['none', 'unscored', 'new'][o - n];
        } },
      { key: 'change', title: t('table.change'), tooltip: t('table.changeHelp'), width: '104px', sortable: true, align: 'right',
        render: (el, r) => {
          const tr = ctl.trends;
          const d = tr.scoreChange[r];
          el.textContent = fmtChange(d) || '—';
          el.dataset.change = d === d ? d : '';
          el.className = el.className.replace(/ ?(up|down|deteriorating)\b/g, '');
          if (d > 0) el.classList.add('up');
          else if (d < 0) el.classList.add('down');
          if (tr.deteriorating[r]) el.classList.add('deteriorating');
          el.title = tr.deteriorating[r] ? t('table.deterioratingTitle', { drop: fmtWeight(ctl.deterioratingDrop) }) : '';
        } },
    ];
  }

  function alertsOf(r) {
    const res = ctl.results;
    const out = [];
    const list = ctl.model.info.alerts;
    for (let a = 0; a < list.length; a++) if ((res.alerts[r * res.alertStride + (a >>> 5)] >>> (a & 31)) & 1) out.push(list[a]);
    return out;
  }

  let colors = [];
  function rebuild() {
    colors = segmentColors(ctl.segments);
    vt.setColumns(columns());
    vt.setSort(sort.key, sort.descending);
    renderFilters();
  }

  function renderFilters() {
    title.textContent = t('table.title');
    searchLabel.textContent = t('table.search');
    search.placeholder = ctl.model?.info.labelColumn ? t('table.searchPlaceholder') : t('table.searchPlaceholderId');
    segLabel.textContent = t('table.segmentFilter');
    alertLabel.textContent = t('table.alertFilter');
    clearBtn.textContent = t('table.clearFilters');
    const segs = ctl.segments;
    const n = segs.length;
    const sel = filters.segments;
    const segOpts = [h('option', { value: '', text: t('table.allSegments') }),
      ...segs.map((s, i) => h('option', { value: i, text: s.label })),
      h('option', { value: -1, text: t('segment.none') }), h('option', { value: -2, text: t('segment.unscored') })];
    if (sel && sel.size > 1) segOpts.push(h('option', { value: 'multi', text: t('table.segmentsSelected', { n: sel.size }) }));
    replace(segSelect, segOpts);
    segSelect.value = !sel ? '' : sel.size === 1 ? String([...sel][0]) : 'multi';
    replace(alertSelect, h('option', { value: -1, text: t('table.allCustomers') }),
      (ctl.model?.info.alerts ?? []).map((a, i) => h('option', { value: i, text: a.label || a.id })));
    alertSelect.value = String(filters.alert);
    if (filters.move) {
      const lab = (o) => (o < n ? segs[o].label : t(o === n ? 'segment.none' : 'segment.unscored'));
      moveChip.hidden = false;
      replace(moveChip, h('span', { text: t('table.moveFilter', { from: lab(filters.move.from), to: lab(filters.move.to) }) }),
        h('button', { type: 'button', class: 'chip-x', 'aria-label': t('table.clearMove'), testid: 'move-filter-clear', text: '×', onclick: () => { filters.move = null; changed(); } }));
    } else moveChip.hidden = true;
    if (filters.trendMove && ctl.trends) {
      const lab = (o) => (o < n ? segs[o].label : o === n + 2 ? t('trends.new') : t(o === n ? 'segment.none' : 'segment.unscored'));
      trendChip.hidden = false;
      replace(trendChip, h('span', { text: t('table.trendFilter', { from: lab(filters.trendMove.from), to: lab(filters.trendMove.to) }) }),
        h('button', { type: 'button', class: 'chip-x', 'aria-label': t('table.clearTrend'), testid: 'trend-filter-clear', text: '×', onclick: () => { filters.trendMove = null; changed(); } }));
    } else trendChip.hidden = true;
    if (filters.deteriorating && ctl.trends) {
      detChip.hidden = false;
      replace(detChip, h('span', { text: t('table.deterioratingFilter', { drop: fmtWeight(ctl.deterioratingDrop) }) }),
        h('button', { type: 'button', class: 'chip-x', 'aria-label': t('table.clearDeteriorating'), testid: 'deteriorating-filter-clear', text: '×', onclick: () => { filters.deteriorating = false; changed(); } }));
    } else detChip.hidden = true;
    const any = filters.segments || filters.alert >= 0 || filters.search || filters.move || filters.deteriorating || filters.trendMove;
    clearBtn.hidden = !any;
  }

  function searchMask() {
    const q = filters.search;
    if (!q) return null;
    if (searchCache.q === q && searchCache.gen === ctl.generation && searchCache.texts === ctl.texts) return searchCache.mask;
    const mask = ctl.searchMask(q, ctl.results.rows);
    searchCache = { q, gen: ctl.generation, texts: ctl.texts, mask };
    return mask;
  }

  async function order() {
    const { key, descending } = sort;
    if (!key) return null;
    const cacheKey = `${key}|${descending}`;
    if (orders.has(cacheKey)) return orders.get(cacheKey);
    const res = ctl.results;
    let o;
    if (key === 'id' || key === 'label') {
      const asc = await ctl.textOrder(key);
      if (!asc) return null;
      o = descending ? asc.slice().reverse() : asc;
    } else if (key === 'score') o = orderByKey(res.score, descending);
    else if (key === 'change' || key === 'prev') {
      if (!ctl.trends) return null;
      o = orderByKey(key === 'change' ? ctl.trends.scoreChange : ctl.trends.scorePrev, descending);
    }
    else if (key === 'coverage') o = orderByKey(res.coverage, descending);
    else if (key.startsWith('dim:')) {
      const k = Number(key.slice(4));
      o = orderByKey(res.dimension.subarray(k * res.rows, (k + 1) * res.rows), descending);
    } else if (key === 'segment') {
      // Model order of segments (none, unscored last), best score first within one.
      const n = ctl.segments.length;
      const keys = new Float64Array(res.rows);
      for (let r = 0; r < res.rows; r++) {
        const s = res.score[r];
        keys[r] = ordinal(res.segment[r], n) * 1000 + (s === s ? 100 - s : 500);
      }
      o = orderByKey(keys, descending);
    }
    orders.set(cacheKey, o);
    return o;
  }

  let computing = 0;
  async function recompute({ keepPosition = false } = {}) {
    if (!ctl.results) return;
    const ticket = ++computing;
    const o = await order();
    if (ticket !== computing) return;
    const res = ctl.results;
    const rows = res.rows;
    const mask = searchMask();
    const n = ctl.segments.length;
    let segOk = null;
    if (filters.segments) {
      segOk = new Uint8Array(n + 2);
      for (const code of filters.segments) segOk[ordinal(code, n)] = 1;
    }
    const alert = filters.alert;
    const word = alert >>> 5, bit = alert & 31, stride = res.alertStride;
    const mv = filters.move;
    const base = ctl.baseline.segment;
    const tr = ctl.trends;
    const det = filters.deteriorating && tr ? tr.deteriorating : null;
    const tm = filters.trendMove && tr ? filters.trendMove : null;
    const out = new Uint32Array(rows);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const r = o ? o[i] : i;
      if (mask && !mask[r]) continue;
      if (segOk && !segOk[ordinal(res.segment[r], n)]) continue;
      if (alert >= 0 && !((res.alerts[r * stride + word] >>> bit) & 1)) continue;
      if (mv && (ordinal(base[r], n) !== mv.from || ordinal(res.segment[r], n) !== mv.to)) continue;
      if (det && !det[r]) continue;
      if (tm && (prevOrdinal(tr.segmentPrev[r], n) !== tm.from || ordinal(res.segment[r], n) !== tm.to)) continue;
      out[k++] = r;
    }
    view = out.subarray(0, k);
    vt.setView(view, { keepPosition });
    count.textContent = k === rows ? t('table.countAll', { n: fmtInt(rows) }) : t('table.count', { k: fmtInt(k), n: fmtInt(rows) });
    root.dataset.rows = k;
  }

  function changed() {
    renderFilters();
    app.events.dispatchEvent(new CustomEvent('filters'));
    recompute();
  }

  const api = {
    filters,
    toggleSegment(code) {
      const s = new Set(filters.segments ?? []);
      if (s.has(code)) s.delete(code); else s.add(code);
      filters.segments = s.size ? s : null;
      changed();
    },
    setAlertFilter(i) { filters.alert = i; changed(); },
    /** Shows only the customers that moved from baseline ordinal `from` to current `to`. */
    setMoveFilter(from, to) { filters.move = { from, to }; changed(); root.scrollIntoView({ behavior: 'smooth', block: 'start' }); },
    /** Only the deteriorating customers (trends). */
    setDeterioratingFilter(on) { filters.deteriorating = !!on; changed(); },
    /** Only the customers in previous-segment ordinal `from` (n+2: not in the previous) and current `to`. */
    setTrendFilter(from, to) {
      const cur = filters.trendMove;
      filters.trendMove = cur && cur.from === from && cur.to === to ? null : { from, to };
      changed();
      if (filters.trendMove) root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
    clearFilters() {
      filters.segments = null; filters.alert = -1; filters.search = ''; filters.move = null; filters.deteriorating = false; filters.trendMove = null;
      search.value = '';
      changed();
    },
    view: () => view,
    codeOf,
  };

  ctl.addEventListener('model', () => { api.clearFilters(); sort = { key: null, descending: false }; });
  ctl.addEventListener('table', () => {
    orders = new Map();
    filters.move = null;
    filters.trendMove = null;
    if (filters.alert >= (ctl.model.info.alerts?.length ?? 0)) filters.alert = -1;
    hadTrends = !!ctl.trends;
    rebuild();
    recompute();
    app.events.dispatchEvent(new CustomEvent('filters'));
  });
  // A what-if frame: new scores and segments. Small tables re-sort and re-filter at once; past
  // LIVE_ROWS the rows in sight are redrawn in the order they had (a re-sort of a million rows
  // costs more than a frame) and the order and filters follow once the sliders settle
  // ('results'). Orders not keyed by score or segment are kept.
  ctl.addEventListener('scores', () => {
    for (const k of [...orders.keys()]) if (k.startsWith('score|') || k.startsWith('segment|')) orders.delete(k);
    const refilter = filters.segments || filters.move || sort.key === 'score' || sort.key === 'segment';
    if (refilter && ctl.results.rows <= LIVE_ROWS) recompute({ keepPosition: true });
    else vt.refresh();
  });
  ctl.addEventListener('texts', () => {
    if (filters.search) recompute({ keepPosition: true });
    else vt.refresh();
  });
  ctl.addEventListener('presenter', () => vt.refresh());
  let hadTrends = false;
  ctl.addEventListener('trends', () => {
    for (const k of [...orders.keys()]) if (k.startsWith('change|') || k.startsWith('prev|')) orders.delete(k);
    const has = !!ctl.trends;
    if (!has) {
      filters.deteriorating = false;
      filters.trendMove = null;
      if (sort.key === 'change' || sort.key === 'prev') sort = { key: null, descending: false };
    }
    if (has !== hadTrends && ctl.model && ctl.results) rebuild();
    else renderFilters();
    hadTrends = has;
    if (ctl.results) recompute({ keepPosition: true });
    app.events.dispatchEvent(new CustomEvent('filters'));
  });
  ctl.addEventListener('results', () => {
    // Drivers, alerts, coverage and dimensions are new: only orders by id or name stay.
    for (const k of [...orders.keys()]) if (!k.startsWith('id|') && !k.startsWith('label|')) orders.delete(k);
    recompute({ keepPosition: true });
  });
  onLangChange(() => { if (ctl.model && ctl.results) { rebuild(); recompute({ keepPosition: true }); } else renderFilters(); });
  vt.setEmptyText(t('table.empty'));
  onLangChange(() => vt.setEmptyText(t('table.empty')));
  return api;
}
