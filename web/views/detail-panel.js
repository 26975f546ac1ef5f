// One customer in detail (engine.explain(row)): score, segment and its recommended action,
// coverage, dimensions, and for each indicator its value, points, sub-score, share of the
// score and the points it brings; the alerts with their actions; the drivers marked.
import { h, replace } from '../lib/dom.js';
import { t, has, onLangChange } from '../i18n/index.js';
import { fmt2, fmtPct, fmtChange } from '../lib/format.js';
import { prevOrdinal } from './trends.js';
import { segmentColors, textOn } from '../lib/colors.js';

export function createDetailPanel(root, app) {
  const ctl = app.controller;
  let current = null; // {row, data}
  let returnFocus = null;
  let ticket = 0;
  const body = h('div', { class: 'drawer-body', testid: 'detail-body' });
  const closeBtn = h('button', { type: 'button', class: 'icon-button', testid: 'detail-close', onclick: () => close() }, '×');
  const heading = h('h2', { id: 'detail-title', testid: 'detail-title' });
  replace(root, h('div', { class: 'drawer-head' }, heading, closeBtn), body);
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-labelledby', 'detail-title');
  root.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } });

  async function open(row, { refresh = false } = {}) {
    if (!refresh) returnFocus = document.activeElement;
    const my = ++ticket;
    root.hidden = false;
    root.dataset.row = row;
    document.body.classList.add('detail-open');
    try {
      const [data, improvement] = await Promise.all([ctl.explain(row), ctl.improvement(row).catch(() => null)]);
      if (my !== ticket) return;
      current = { row, data, improvement };
      render();
      if (!refresh) closeBtn.focus();
    } catch (err) {
      if (my === ticket) app.showError(err);
    }
  }

  function close() {
    ticket++;
    root.hidden = true;
    current = null;
    document.body.classList.remove('detail-open');
    if (returnFocus?.isConnected) returnFocus.focus();
  }

  function render() {
    closeBtn.setAttribute('aria-label', t('detail.close'));
    if (!current) return;
    const d = current.data;
    const info = ctl.model.info;
    const segs = ctl.segments;
    const colors = segmentColors(segs);
    const si = segs.findIndex((s) => s.id === d.segment);
    const seg = si >= 0 ? segs[si] : null;
    const segColor = si >= 0 ? colors[si] : colors[d.segment === 'none' ? segs.length : segs.length + 1];
    const segLabel = seg ? seg.label : t(d.segment === 'none' ? 'segment.none' : 'segment.unscored');
    const name = ctl.presenter ? '' : d.label; // presenter mode: no customer names
    heading.textContent = name ? `${name}` : d.id;
    const chip = h('span', { class: 'seg-chip big', text: segLabel, testid: 'detail-segment', dataset: { segment: d.segment } });
    chip.style.background = segColor;
    chip.style.color = textOn(segColor);
    const indById = new Map(info.indicators.map((x) => [x.id, x]));
    const dimById = new Map(info.dimensions.map((x) => [x.id, x]));
    const drivers = new Set(d.drivers);

    const facts = h('dl', { class: 'facts' },
      fact(t('detail.id'), d.id, 'detail-id'),
      fact(t('detail.fileRow'), String(d.fileRow), 'detail-file-row'),
      fact(t('detail.score'), d.score == null || Number.isNaN(d.score) ? '—' : fmt2(d.score), 'detail-score'),
      fact(t('detail.coverage'), fmt2(d.coverage), 'detail-coverage'));

    const action = seg?.action
      ? h('div', { class: 'action-box', testid: 'detail-action' }, h('h3', { text: t('detail.segmentAction') }), h('p', { text: seg.action }))
      : null;

    const alertList = d.alerts.length
      ? h('ul', { class: 'alert-list', testid: 'detail-alerts' }, d.alerts.map((id) => {
        const a = info.alerts.find((x) => x.id === id) ?? { id, label: id };
        return h('li', { dataset: { alert: id } }, h('strong', { text: a.label || a.id }), a.action ? h('p', { text: `→ ${a.action}` }) : null);
      }))
      : h('p', { class: 'muted', testid: 'detail-alerts', text: t('detail.noAlerts') });

    const dims = d.dimensions.length
      ? h('div', { class: 'dim-bars compact' }, d.dimensions.map((x) => {
        const fill = h('span', { class: 'bar-fill' });
        fill.style.width = `${x.value == null || Number.isNaN(x.value) ? 0 : x.value}%`;
        return h('div', { class: 'dim-row', dataset: { dimension: x.id } },
          h('span', { class: 'dim-label', text: dimById.get(x.id)?.label ?? x.id }),
          h('span', { class: 'bar' }, fill),
          h('span', { class: 'dim-value', text: x.value == null || Number.isNaN(x.value) ? '—' : fmt2(x.value) }));
      }))
      : null;

    const rows = d.indicators.map((x) => {
      const ind = indById.get(x.id) ?? { id: x.id };
      return h('tr', { class: [drivers.has(x.id) && 'driver', !x.present && 'missing'], testid: `detail-indicator-${x.id}` },
        h('th', { scope: 'row' }, h('span', { text: ind.label || ind.id }),
          drivers.has(x.id) ? h('span', { class: 'badge', text: t('detail.driver') }) : null,
          info.dimensions.length ? h('span', { class: 'sub', text: dimById.get(ind.dimension)?.label ?? '' }) : null),
        h('td', { class: 'value', text: x.present ? x.value : t('detail.missing'), title: x.value }),
        h('td', { class: 'num', text: x.points == null ? '—' : fmt2(x.points) }),
        h('td', { class: 'num', text: x.subscore == null ? '—' : fmt2(x.subscore) }),
        h('td', { class: 'num', text: fmtPct(x.share) }),
        h('td', { class: 'num', text: fmt2(x.contribution) }));
    });
    const table = h('table', { class: 'explain-table', testid: 'detail-indicators' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: t('detail.indicator') }),
        h('th', { scope: 'col', text: t('detail.value') }),
        h('th', { scope: 'col', class: 'num', text: t('detail.points') }),
        h('th', { scope: 'col', class: 'num', text: t('detail.subscore') }),
        h('th', { scope: 'col', class: 'num', text: t('detail.share'), title: t('detail.shareHelp') }),
        h('th', { scope: 'col', class: 'num', text: t('detail.contribution'), title: t('detail.contributionHelp') }))),
      h('tbody', null, rows));

    replace(body,
      h('div', { class: 'detail-top' }, chip, name ? h('span', { class: 'muted', text: d.id }) : null),
      facts,
      trendBox(current.row),
      historyBox(current.row),
      action,
      improvementBox(current.improvement),
      h('h3', { text: t('detail.alerts') }), alertList,
      dims ? h('h3', { text: t('detail.dimensions') }) : null, dims,
      h('h3', { text: t('detail.indicators') }),
      h('div', { class: 'table-scroll' }, table),
      h('p', { class: 'hint', text: t('detail.note') }));
  }

  // Against the previous snapshot: its score and segment, the change and what drove it.
  function trendBox(row) {
    const tr = ctl.trends;
    if (!tr || row >= tr.segmentPrev.length) return null;
    const n = ctl.segments.length;
    const o = prevOrdinal(tr.segmentPrev[row], n);
    if (o === n + 2) return h('p', { class: 'trend-box muted', testid: 'detail-trend', dataset: { change: '' }, text: t('detail.trendNew') });
    const d = tr.scoreChange[row];
    const prevLabel = o < n ? ctl.segments[o].label : t(o === n ? 'segment.none' : 'segment.unscored');
    const drv = tr.changeDriver[row];
    const ind = drv >= 0 ? ctl.model.info.indicators[drv] : null;
    return h('div', { class: ['trend-box', tr.deteriorating[row] && 'deteriorating'], testid: 'detail-trend', dataset: { change: d === d ? d : '', previousScore: tr.scorePrev[row] } },
      h('strong', { class: d > 0 ? 'up' : d < 0 ? 'down' : '', text: fmtChange(d) || '—' }),
      h('span', { text: ` ${t('detail.trendFrom', { score: fmt2(tr.scorePrev[row]) || '—', segment: prevLabel })}` }),
      ind ? h('span', { class: 'muted', text: ` · ${t('trends.driver', { name: ind.label || ind.id })}` }) : null,
      tr.deteriorating[row] ? h('span', { class: 'badge danger', text: t('detail.deteriorating') }) : null);
  }

  // The customer's score in every period of the history (several snapshots), as a line (the
  // chart helper loads with the first history shown).
  /** @type {typeof import('../lib/svg-chart.js')|null} */
  let charts = null;
  function historyBox(row) {
    const r = ctl.history?.result;
    if (!r || row >= r.rows) return null;
    if (!charts) {
      import('../lib/svg-chart.js').then((m) => { charts = m; if (current) render(); }, () => {});
    }
    const P = r.periods.length;
    const scores = Array.from({ length: P }, (_, p) => r.score[p * r.rows + row]);
    const points = scores.map((s, p) => [p, s]).filter(([, s]) => s === s);
    const svg = charts?.chart({ width: 420, height: 150, title: t('detail.history'),
      x: { min: -0.3, max: P - 0.7, ticks: Array.from({ length: P }, (_, p) => p), format: (p) => r.periods[p]?.label ?? '' },
      y: { min: 0, max: 100, ticks: [0, 25, 50, 75, 100] },
      lines: points.length > 1 ? [{ points, color: '#1f6f5c', width: 2 }] : [],
      bars: points.map(([p, s]) => ({ x: p, width: 0.06, stack: [{ value: s, color: 'rgba(31,111,92,.25)' }] })) });
    return h('div', { class: 'history-box', testid: 'detail-history', dataset: { scores: scores.map((s) => (s === s ? s : '')).join(','), streak: r.streakOf[row] } },
      h('h3', { text: t('detail.history') }), svg,
      h('p', { class: 'muted', text: scores.map((s, p) => `${r.periods[p].label}: ${s === s ? fmt2(s) : '—'}`).join(' · ') +
        (r.streakOf[row] ? ` · ${t('history.periodsFell', { k: r.streakOf[row] })}` : '') }));
  }

  // What would lift this customer into the next better segment (engine improvement(row)):
  // which indicators, from what value to what value; the engine's exact answer.
  function improvementBox(imp) {
    if (!imp) return null; // the engine has no improvement() (or it failed): no section
    const head = h('h3', { text: imp.found ? t('improve.title', { to: imp.to.label || imp.to.segment }) : t('improve.titleNone') });
    if (!imp.found) {
      // reasonCode words the reason in the page's language; an engine without it: its English text.
      const code = imp.reasonCode ?? (imp.reason === 'already in the best segment' ? 'bestSegment' : null);
      const text = code && has(`improve.reason.${code}`) ? t(`improve.reason.${code}`) : t('improve.noneReason', { reason: imp.reason ?? '' });
      return h('div', { class: 'improve-box none', testid: 'detail-improvement', dataset: { found: 'false', reason: code ?? '' } }, head,
        h('p', { class: 'muted', testid: 'improvement-reason', dataset: { reason: code ?? '' }, title: imp.reason ?? '', text }));
    }
    const byId = new Map(ctl.model.info.indicators.map((x) => [x.id, x]));
    const rows = imp.steps.map((st) => h('tr', { testid: `improvement-step-${st.indicator}`, dataset: { from: st.from, to: st.to, bound: st.bound, toValue: st.toValue ?? '' } },
      h('th', { scope: 'row', text: byId.get(st.indicator)?.label || st.label || st.indicator }),
      h('td', { class: 'value', text: st.fromPresent ? st.from : t('detail.missing') }),
      h('td', { class: 'target', text: target(st) }),
      h('td', { class: 'num', text: `${st.fromSubscore == null ? '—' : fmt2(st.fromSubscore)} → ${fmt2(st.toSubscore)}` })));
    return h('div', { class: 'improve-box', testid: 'detail-improvement', dataset: { found: 'true', to: imp.to.segment, score: imp.to.score } },
      head,
      h('table', { class: 'explain-table improve-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('detail.indicator') }), h('th', { scope: 'col', text: t('improve.now') }),
          h('th', { scope: 'col', text: t('improve.needed') }), h('th', { scope: 'col', class: 'num', text: t('detail.subscore') }))),
        h('tbody', null, rows)),
      h('p', { class: 'improve-result', testid: 'improvement-result', text: t('improve.result', { from: fmt2(imp.from.score), to: fmt2(imp.to.score), segment: imp.to.label || imp.to.segment }) }),
      imp.complete ? null : h('p', { class: 'hint', text: t('improve.incomplete') }),
      h('p', { class: 'hint', text: t('improve.note') }));
  }

  function target(st) {
    const v = st.to;
    const end = st.bandEnd == null ? null : String(+st.bandEnd.toPrecision(6));
    switch (st.bound) {
      case 'atLeast': return end ? t('improve.atLeastBelow', { v, end }) : t('improve.atLeast', { v });
      case 'below': return end ? t('improve.belowAtLeast', { v, end }) : t('improve.below', { v });
      case 'above': return t('improve.above', { v });
      case 'atMost': return t('improve.atMost', { v });
      default: return t('improve.is', { v });
    }
  }

  function fact(k, v, testid) {
    return h('div', { class: 'fact' }, h('dt', { text: k }), h('dd', { text: v, testid }));
  }

  // What-if changes move scores: refresh what is shown.
  ctl.addEventListener('results', () => { if (current) open(current.row, { refresh: true }); });
  ctl.addEventListener('trends', () => { if (current) render(); });
  ctl.addEventListener('presenter', () => { if (current) render(); });
  ctl.addEventListener('history', () => { if (current) render(); });
  ctl.addEventListener('table', () => { if (!root.hidden) close(); });
  onLangChange(render);
  return { open, close };
}
