// The Validate tab (models with an outcome): the AUC of the scores in force against the
// baseline's, the ROC curve (uPlot, with the diagonal and the baseline's curve), the lift chart
// (outcome rate per score decile against the overall rate), the outcome rate per segment, each
// indicator's own AUC with a plain reading, and the weight fitting (engine fitWeights():
// held-out AUC before → after, per fold, the proposed weights next to the current ones;
// apply, adjust with the sliders, or discard). Numbers are the engine's validation(), the same
// as `kenko validate --format json`; AUCs are shown with three decimals (full precision in
// data-auc and the tooltips), rates as percentages with two decimals.
import uPlot from '../vendor/uPlot.esm.js';
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtPct, fmtAuc, fmtAucDelta, fmtWeight, fmtValue } from '../lib/format.js';
import { segmentColors } from '../lib/colors.js';

/** A plain reading of an AUC: 'well' ≥ 0.70, 'weakly' ≥ 0.55, 'none' > 0.45, else 'backwards'. */
export function aucReading(auc) {
  if (auc == null || Number.isNaN(auc)) return 'na';
  if (auc >= 0.7) return 'well';
  if (auc >= 0.55) return 'weakly';
  if (auc > 0.45) return 'none';
  return 'backwards';
}

const ROC_COLOR = '#1f6f5c';
const RATE_COLOR = '#c62828';
const VALUE_COLOR = '#6a1b9a';

const plotHeight = () => (document.body.classList.contains('workshop') ? 360 : 260);
// Large type on the projector: the axes' font in workshop mode.
const workshopFont = () => document.body.classList.contains('workshop');
const axisFont = () => (workshopFont() ? '600 17px system-ui, sans-serif' : '12px system-ui, sans-serif');
const labelFont = () => (workshopFont() ? '600 18px system-ui, sans-serif' : '600 12px system-ui, sans-serif');
const fmtShare = (x) => `${Math.round(x * 100)}%`;

export function createValidateView(root, app) {
  const ctl = app.controller;

  // ---- headline ----
  const title = h('h2', { id: 'validate-title' });
  const intro = h('p', { class: 'hint' });
  const aucLabel = h('span', { class: 'auc-label' });
  const aucValue = h('span', { class: 'auc-value', testid: 'validate-auc' });
  const aucReadingEl = h('span', { class: 'auc-reading' });
  const aucDelta = h('p', { class: 'auc-delta', testid: 'validate-auc-delta' });
  const counts = h('p', { class: 'muted', testid: 'validate-counts' });
  // With the model's value_column: the value-weighted AUC and churned value.
  const valueLine = h('p', { class: 'value-auc', testid: 'validate-value-auc', hidden: true });
  const stale = h('p', { class: 'muted stale-note', testid: 'validate-stale', 'aria-live': 'polite', hidden: true });
  const headPanel = h('section', { class: 'panel validate-head' },
    h('div', { class: 'panel-head' }, title),
    h('div', { class: 'auc-row' }, h('div', { class: 'auc-box' }, aucLabel, aucValue, aucReadingEl), h('div', null, aucDelta, counts, valueLine, stale)),
    intro);

  // ---- ROC ----
  const rocTitle = h('h3', { class: 'figure-title' });
  const rocBox = h('div', { class: 'plot', testid: 'validate-roc', role: 'img' });
  const rocLegend = h('div', { class: 'legend' });
  const rocHint = h('p', { class: 'hint roc-hint' });
  const rocPanel = h('section', { class: 'panel figure-panel' }, rocTitle, rocBox, rocLegend, rocHint);

  // ---- lift ----
  const liftTitle = h('h3', { class: 'figure-title' });
  const liftBox = h('div', { class: 'plot', testid: 'validate-lift', role: 'img' });
  const liftLegend = h('div', { class: 'legend' });
  const decileTable = h('div', { class: 'table-scroll' });
  const decileDetails = h('details', { class: 'decile-details' }, h('summary'), decileTable);
  const liftPanel = h('section', { class: 'panel figure-panel' }, liftTitle, liftBox, liftLegend, decileDetails);

  // ---- segments, indicators ----
  const segTitle = h('h3', { class: 'figure-title' });
  const segTable = h('div', { class: 'table-scroll', testid: 'validate-segments' });
  const segPanel = h('section', { class: 'panel' }, segTitle, segTable);
  const indTitle = h('h3', { class: 'figure-title' });
  const indHint = h('p', { class: 'hint' });
  const indTable = h('div', { class: 'table-scroll', testid: 'validate-indicators' });
  const indPanel = h('section', { class: 'panel validate-indicators' }, indTitle, indHint, indTable);

  // ---- fitting ----
  const fitTitle = h('h3', { class: 'figure-title' });
  const fitHint = h('p', { class: 'hint' });
  const fitBtn = h('button', { type: 'button', class: 'primary', testid: 'fit-propose', onclick: () => ctl.fitWeights({ constraints: constraintsValue() }) });
  // Constraints on the fit: lock an indicator's share, a minimum share per indicator, a minimum
  // and maximum share per dimension (percent); kept until the model changes.
  let constraints = { lock: new Set(), indicators: {}, dimensions: {} };
  const consSummary = h('summary');
  const consHint = h('p', { class: 'hint' });
  const consBody = h('div', { class: 'fit-constraints-body' });
  const consBox = h('details', { class: 'fit-constraints', testid: 'fit-constraints' }, consSummary, consHint, consBody);
  const fitStatus = h('span', { class: 'muted fit-status', testid: 'fit-status', 'aria-live': 'polite' });
  const fitResult = h('div', { class: 'fit-result', testid: 'fit-result' });
  const fitPanel = h('section', { class: 'panel validate-fit', testid: 'fit-panel' }, fitTitle, fitHint, consBox,
    h('div', { class: 'button-row' }, fitBtn, fitStatus), fitResult);

  replace(root, headPanel,
    h('div', { class: 'figure-grid' }, rocPanel, liftPanel),
    h('div', { class: 'figure-grid' }, segPanel, indPanel),
    fitPanel);
  root.setAttribute('aria-labelledby', 'validate-title');

  let roc = null, lift = null;
  let rocShape = '', liftShape = '';

  function render() {
    title.textContent = t('validate.title', { column: ctl.model?.info.outcome?.column ?? '' });
    intro.textContent = t('validate.intro');
    aucLabel.textContent = 'AUC';
    rocTitle.textContent = t('validate.roc');
    rocHint.textContent = t('validate.rocHint');
    liftTitle.textContent = t('validate.lift');
    decileDetails.firstChild.textContent = t('validate.decileTable');
    segTitle.textContent = t('validate.segments');
    indTitle.textContent = t('validate.indicators');
    indHint.textContent = t('validate.indicatorsHint');
    fitTitle.textContent = t('fit.title');
    fitHint.textContent = t('fit.hint');
    fitBtn.textContent = t('fit.propose');
    const v = ctl.validation;
    root.dataset.pending = ctl.isPending('validation') ? 'true' : 'false';
    if (!ctl.hasOutcome || !v) {
      // Right after a read the review is computed after the scores are shown: 'updating'.
      const pending = ctl.hasOutcome && ctl.isPending('validation');
      aucValue.textContent = pending ? '…' : '—';
      aucValue.dataset.pending = pending ? 'true' : 'false';
      replace(segTable); replace(indTable); replace(decileTable);
      aucDelta.textContent = '';
      counts.textContent = pending ? t('validate.updating') : ctl.hasOutcome ? t('validate.none') : '';
      stale.hidden = !pending;
      stale.textContent = t('validate.stale');
      renderFit();
      return;
    }
    renderAuc();
    counts.textContent = t('validate.counts', { pos: fmtInt(v.positive), neg: fmtInt(v.negative), ex: fmtInt(v.excluded) });
    valueLine.hidden = !v.value;
    if (v.value) {
      const vv = v.value;
      valueLine.dataset.auc = vv.auc ?? '';
      valueLine.textContent = t('value.auc', { column: vv.column, auc: fmtAuc(vv.auc), churned: fmtValue(vv.positive), total: fmtValue(vv.positive + vv.negative),
        share: fmtPct(vv.positive + vv.negative ? vv.positive / (vv.positive + vv.negative) : 0) });
      valueLine.title = vv.auc == null ? '' : String(vv.auc);
    }
    renderRoc(v);
    renderLift(v);
    renderSegments(v);
    renderIndicators(v);
    renderFit();
  }

  // The live AUC (what-if frames) may be newer than the full validation.
  function renderAuc() {
    stale.hidden = !ctl.validationStale;
    stale.textContent = t('validate.stale');
    const a = ctl.auc;
    const base = ctl.baseValidation?.auc ?? null;
    aucValue.textContent = fmtAuc(a.value);
    aucValue.dataset.auc = a.value ?? '';
    aucValue.title = a.value == null ? '' : String(a.value);
    aucValue.classList.toggle('pending', a.pending);
    aucValue.dataset.pending = a.pending ? 'true' : 'false';
    const r = aucReading(a.value);
    aucReadingEl.textContent = t(`validate.reading.${r}`);
    aucReadingEl.className = `auc-reading reading-${r}`;
    if (a.pending) aucDelta.textContent = t('validate.pending');
    else if (ctl.hasWhatIf() && base != null && a.value != null) {
      aucDelta.textContent = t('validate.delta', { base: fmtAuc(base), delta: fmtAucDelta(a.value - base) });
      aucDelta.dataset.delta = a.value - base;
    } else {
      aucDelta.textContent = t('validate.baselineSame');
      aucDelta.dataset.delta = 0;
    }
  }

  function plotWidth(box) {
    return Math.max(260, box.clientWidth || 420);
  }

  function renderRoc(v) {
    // Both curves on one x axis: the points of each, merged in x order (stable: each curve's
    // own order is kept), the other curve's y null there (spanned).
    const cur = v.roc ?? [];
    const base = ctl.hasWhatIf() && ctl.baseValidation ? ctl.baseValidation.roc ?? [] : [];
    const pts = [...cur.map((p) => [p[0], p[1], 0]), ...base.map((p) => [p[0], p[1], 1])];
    pts.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    const xs = pts.map((p) => p[0]);
    const yCur = pts.map((p) => (p[2] === 0 ? p[1] : null));
    const yBase = pts.map((p) => (p[2] === 1 ? p[1] : null));
    const diag = xs.slice();
    const data = [xs, diag, yBase, yCur];
    const shape = `${t('validate.rocCurrent')}|${workshopFont()}`;
    if (!roc || rocShape !== shape) {
      roc?.destroy(); // its window listeners go with it
      rocBox.replaceChildren();
      roc = new uPlot({
        width: plotWidth(rocBox), height: plotHeight(),
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [
          { stroke: '#5b6570', grid: { stroke: '#eef1f4' }, label: t('validate.fpr'), labelSize: workshopFont() ? 30 : 20, font: axisFont(), labelFont: labelFont(), size: workshopFont() ? 44 : 30, values: (u, vals) => vals.map((x) => x.toFixed(1)) },
          { stroke: '#5b6570', grid: { stroke: '#eef1f4' }, label: t('validate.tpr'), labelSize: workshopFont() ? 30 : 20, font: axisFont(), labelFont: labelFont(), size: workshopFont() ? 56 : 44, values: (u, vals) => vals.map((x) => x.toFixed(1)) },
        ],
        series: [
          {},
          { label: t('validate.chance'), stroke: '#9aa4ad', width: 1, dash: [4, 4], points: { show: false } },
          { label: t('validate.rocBaseline'), stroke: '#1d2329', width: 1.5, dash: [6, 3], spanGaps: true, points: { show: false } },
          { label: shape, stroke: ROC_COLOR, width: 2.5, spanGaps: true, points: { show: false } },
        ],
      }, data, rocBox);
      rocShape = shape;
    } else roc.setData(data);
    rocBox.dataset.points = cur.length;
    rocBox.dataset.auc = v.auc ?? '';
    rocBox.setAttribute('aria-label', t('validate.rocAria', { auc: fmtAuc(v.auc) }));
    replace(rocLegend,
      h('span', { class: 'legend-item' }, swatch(ROC_COLOR), t('validate.rocCurrentAuc', { auc: fmtAuc(v.auc) })),
      base.length ? h('span', { class: 'legend-item' }, h('span', { class: 'legend-dash' }), t('validate.rocBaselineAuc', { auc: fmtAuc(ctl.baseValidation.auc) })) : null,
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-dash light' }), t('validate.chance')));
  }

  function renderLift(v) {
    const d = v.deciles ?? [];
    const overall = v.positive + v.negative ? v.positive / (v.positive + v.negative) : 0;
    const xs = d.map((x) => x.decile);
    const rates = d.map((x) => x.rate * 100);
    const line = d.map(() => overall * 100);
    const vd = v.value?.deciles ?? null;
    const data = [xs, rates, line, ...(vd ? [vd.map((x) => (x.rate == null ? null : x.rate * 100))] : [])];
    const shape = `${t('validate.rate')}|${d.length}|${!!vd}|${workshopFont()}`;
    if (!lift || liftShape !== shape) {
      lift?.destroy();
      liftBox.replaceChildren();
      lift = new uPlot({
        width: plotWidth(liftBox), height: plotHeight(),
        legend: { show: false },
        cursor: { points: { show: false }, drag: { x: false, y: false } },
        scales: { x: { time: false, range: [0.5, Math.max(1, d.length) + 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.12)] } },
        axes: [
          { stroke: '#5b6570', grid: { show: false }, label: t('validate.decileAxis'), labelSize: workshopFont() ? 30 : 20, font: axisFont(), labelFont: labelFont(), size: workshopFont() ? 44 : 30, splits: () => xs, values: (u, vals) => vals.map((x) => String(x)) },
          { stroke: '#5b6570', grid: { stroke: '#eef1f4' }, size: workshopFont() ? 64 : 48, font: axisFont(), values: (u, vals) => vals.map((x) => `${x}%`) },
        ],
        series: [
          {},
          { label: t('validate.rate'), fill: 'rgba(198, 40, 40, 0.75)', stroke: RATE_COLOR, width: 0, paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } },
          { label: t('validate.overall'), stroke: '#1d2329', width: 1.5, dash: [5, 3], points: { show: false } },
          ...(vd ? [{ label: t('value.rateLegend', { column: v.value.column }), stroke: VALUE_COLOR, width: 2.5, points: { show: true, size: 6, fill: VALUE_COLOR } }] : []),
        ],
      }, data, liftBox);
      liftShape = shape;
    } else lift.setData(data);
    liftBox.dataset.rates = d.map((x) => x.rate).join(',');
    liftBox.dataset.overall = overall;
    liftBox.setAttribute('aria-label', t('validate.liftAria', { rates: d.map((x) => `${x.decile}: ${fmtPct(x.rate)}`).join('; '), overall: fmtPct(overall) }));
    if (vd) liftBox.dataset.valueRates = vd.map((x) => x.rate ?? '').join(',');
    replace(liftLegend,
      h('span', { class: 'legend-item' }, swatch(RATE_COLOR), t('validate.rateLegend')),
      vd ? h('span', { class: 'legend-item' }, swatch(VALUE_COLOR), t('value.rateLegend', { column: v.value.column })) : null,
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-dash' }), t('validate.overallLegend', { rate: fmtPct(overall) })));
    replace(decileTable, h('table', { class: 'data-table', testid: 'validate-deciles' },
      h('thead', null, h('tr', null, ...['validate.decile', 'validate.scoreRange', 'validate.customers', 'validate.positive', 'validate.rate', 'validate.liftCol']
        .map((k, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : null, text: t(k) })),
        vd ? h('th', { scope: 'col', class: 'num', text: t('value.liftCol', { column: v.value.column }) }) : null)),
      h('tbody', null, d.map((x) => h('tr', { testid: `validate-decile-${x.decile}`, dataset: { rate: x.rate, lift: x.lift } },
        h('th', { scope: 'row', text: x.decile === 1 ? t('validate.decileLowest', { k: x.decile }) : String(x.decile) }),
        h('td', { text: `${fmt2(x.minScore)} – ${fmt2(x.maxScore)}` }),
        h('td', { class: 'num', text: fmtInt(x.customers) }),
        h('td', { class: 'num', text: fmtInt(x.positive) }),
        h('td', { class: 'num', text: fmtPct(x.rate), title: String(x.rate) }),
        h('td', { class: 'num', text: fmt2(x.lift), title: String(x.lift) }),
        vd ? h('td', { class: 'num', testid: `validate-value-lift-${x.decile}`, dataset: { lift: vd[x.decile - 1]?.lift ?? '' }, text: fmt2(vd[x.decile - 1]?.lift) }) : null)))));
  }

  function renderSegments(v) {
    const segs = ctl.segments;
    const colors = segmentColors(segs);
    const labelOf = (id) => {
      const i = segs.findIndex((s) => s.id === id);
      if (i >= 0) return [segs[i].label || id, colors[i]];
      return [t(id === 'none' ? 'segment.none' : 'segment.unscored'), '#8d96a0'];
    };
    const overall = v.positive + v.negative ? v.positive / (v.positive + v.negative) : 0;
    const maxRate = Math.max(overall, ...v.segments.map((s) => s.rate ?? 0), 0.0001);
    const rows = v.segments.filter((s) => s.customers > 0).map((s) => {
      const [label, color] = labelOf(s.id);
      const bar = h('span', { class: 'bar-fill' });
      bar.style.width = `${((s.rate ?? 0) / maxRate) * 100}%`;
      bar.style.background = color;
      return h('tr', { testid: `validate-segment-${s.id}`, dataset: { rate: s.rate ?? '', customers: s.customers, positive: s.positive } },
        h('th', { scope: 'row', text: label }),
        h('td', { class: 'num', text: fmtInt(s.customers) }),
        h('td', { class: 'num', text: fmtInt(s.positive) }),
        h('td', { class: 'num', text: s.rate == null ? 'NA' : fmtPct(s.rate), title: s.rate == null ? '' : String(s.rate) }),
        h('td', { class: 'bar-cell' }, h('span', { class: 'bar' }, bar)));
    });
    rows.push(h('tr', { class: 'sep', testid: 'validate-segment-all', dataset: { rate: overall, customers: v.positive + v.negative, positive: v.positive } },
      h('th', { scope: 'row', text: t('validate.allCustomers') }),
      h('td', { class: 'num', text: fmtInt(v.positive + v.negative) }),
      h('td', { class: 'num', text: fmtInt(v.positive) }),
      h('td', { class: 'num', text: fmtPct(overall) }),
      h('td')));
    replace(segTable, h('table', { class: 'data-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('validate.segment') }),
        h('th', { scope: 'col', class: 'num', text: t('validate.customers') }),
        h('th', { scope: 'col', class: 'num', text: t('validate.positive') }),
        h('th', { scope: 'col', class: 'num', text: t('validate.rate') }),
        h('th', { scope: 'col', class: 'bar-cell' }))),
      h('tbody', null, rows)));
  }

  let lastIndicators = null;
  function renderIndicators(v) {
    lastIndicators = v;
    const info = ctl.model.info;
    const byId = new Map(info.indicators.map((x) => [x.id, x]));
    const list = v.indicators.slice().sort((a, b) => (b.auc ?? -1) - (a.auc ?? -1));
    replace(indTable, h('table', { class: 'data-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('validate.indicator') }),
        h('th', { scope: 'col', class: 'num', text: 'AUC' }),
        h('th', { scope: 'col', class: 'num', text: t('validate.missingRate') }),
        h('th', { scope: 'col', class: 'num', text: t('shares.weight') }),
        h('th', { scope: 'col', class: 'num', text: t('shares.share'), title: t('shares.hint') }),
        h('th', { scope: 'col', text: t('validate.readingCol') }))),
      h('tbody', null, list.map((x) => {
        const r = aucReading(x.auc);
        const share = ctl.shareOf('indicator', x.id);
        return h('tr', { testid: `validate-indicator-${x.id}`, dataset: { auc: x.auc ?? '', missingRate: x.missingRate, reading: r, share: share ?? '' } },
          h('th', { scope: 'row', text: byId.get(x.id)?.label || x.id, title: x.id }),
          h('td', { class: 'num', text: fmtAuc(x.auc), title: x.auc == null ? '' : String(x.auc) }),
          h('td', { class: 'num', text: fmtPct(x.missingRate), title: String(x.missingRate) }),
          h('td', { class: 'num', text: fmtWeight(ctl.whatIfValue('indicator', x.id)) }),
          h('td', { class: 'num', testid: `validate-share-${x.id}`, text: fmtPct(share) }),
          h('td', null, h('span', { class: `reading reading-${r}`, text: t(`validate.ind.${r}`) })));
      }))));
  }

  // ---- fitting ----
  /** The constraints as fitWeights takes them, or null when there are none. */
  function constraintsValue() {
    const out = {};
    if (constraints.lock.size) out.lock = [...constraints.lock];
    const pick = (map) => Object.fromEntries(Object.entries(map).map(([id, v]) => [id, Object.fromEntries(Object.entries(v).filter(([, x]) => x != null))]).filter(([, v]) => Object.keys(v).length));
    const inds = pick(constraints.indicators), dims = pick(constraints.dimensions);
    if (Object.keys(inds).length) out.indicators = inds;
    if (Object.keys(dims).length) out.dimensions = dims;
    return Object.keys(out).length ? out : null;
  }

  function renderConstraints() {
    const info = ctl.model?.info;
    consSummary.textContent = t('fit.constraints') + (constraintsValue() ? ` ${t('fit.constraintsOn')}` : '');
    consHint.textContent = t('fit.constraintsHint');
    if (!info) { replace(consBody); return; }
    const pct = (kind, id, key, testid) => {
      const map = kind === 'dimension' ? constraints.dimensions : constraints.indicators;
      const cur = map[id]?.[key];
      const input = h('input', { type: 'number', min: 0, max: 100, step: 1, class: 'pct-input', testid, value: cur ?? '', 'aria-label': `${id} ${t(key === 'max_share' ? 'fit.maxShare' : 'fit.minShare')}`,
        onchange: () => {
          const v = input.value.trim() === '' ? null : Number(input.value);
          const entry = { ...(map[id] ?? {}) };
          if (v == null || !(v >= 0 && v <= 100)) { delete entry[key]; input.value = ''; } else entry[key] = v;
          map[id] = entry;
          consSummary.textContent = t('fit.constraints') + (constraintsValue() ? ` ${t('fit.constraintsOn')}` : '');
        } });
      return h('td', { class: 'num' }, input, ' %');
    };
    const dimTable = info.dimensions.length ? h('table', { class: 'data-table compact', testid: 'fit-constraints-dimensions' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('fit.dimensions') }), h('th', { scope: 'col', class: 'num', text: t('fit.minShare') }), h('th', { scope: 'col', class: 'num', text: t('fit.maxShare') }))),
      h('tbody', null, info.dimensions.map((d) => h('tr', null, h('th', { scope: 'row', text: d.label || d.id }),
        pct('dimension', d.id, 'min_share', `fit-min-share-${d.id}`), pct('dimension', d.id, 'max_share', `fit-max-share-${d.id}`))))) : null;
    const indTable = h('table', { class: 'data-table compact', testid: 'fit-constraints-indicators' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('fit.indicators') }), h('th', { scope: 'col', text: t('fit.lock') }), h('th', { scope: 'col', class: 'num', text: t('fit.minShare') }))),
      h('tbody', null, info.indicators.map((x) => {
        const box = h('input', { type: 'checkbox', testid: `fit-lock-${x.id}`, checked: constraints.lock.has(x.id), 'aria-label': `${t('fit.lock')}: ${x.label || x.id}`,
          onchange: () => { if (box.checked) constraints.lock.add(x.id); else constraints.lock.delete(x.id); consSummary.textContent = t('fit.constraints') + (constraintsValue() ? ` ${t('fit.constraintsOn')}` : ''); } });
        return h('tr', null, h('th', { scope: 'row', text: x.label || x.id }), h('td', null, box), pct('indicator', x.id, 'min_share', `fit-min-indicator-share-${x.id}`));
      })));
    replace(consBody, h('div', { class: 'fit-tables' }, dimTable ? h('div', { class: 'table-scroll' }, dimTable) : null, h('div', { class: 'table-scroll' }, indTable)));
  }
  ctl.addEventListener('model', () => { constraints = { lock: new Set(), indicators: {}, dimensions: {} }; renderConstraints(); });
  onLangChange(renderConstraints);

  function renderFit() {
    fitPanel.hidden = !ctl.hasOutcome;
    fitBtn.disabled = !ctl.results || ctl.fitting;
    fitStatus.textContent = ctl.fitting ? t('fit.busy') : '';
    fitPanel.classList.toggle('busy', ctl.fitting);
    const f = ctl.fit;
    if (!f) { replace(fitResult); return; }
    const r = f.result;
    const info = ctl.model.info;
    const gain = r.heldoutAucAfter - r.heldoutAucBefore;
    const headline = h('p', { class: 'fit-headline' },
      h('span', null, t('fit.heldout'), ' '),
      h('strong', { testid: 'fit-auc-before', dataset: { auc: r.heldoutAucBefore ?? '' }, title: String(r.heldoutAucBefore), text: fmtAuc(r.heldoutAucBefore) }),
      h('span', { class: 'muted', text: ` ${t('fit.withCurrent')} → ` }),
      h('strong', { testid: 'fit-auc-after', dataset: { auc: r.heldoutAucAfter ?? '' }, title: String(r.heldoutAucAfter), text: fmtAuc(r.heldoutAucAfter) }),
      h('span', { class: 'muted', text: ` ${t('fit.withProposed')}` }),
      h('span', { class: ['fit-gain', gain > 0 ? 'up' : gain < 0 ? 'down' : ''], text: ` (${fmtAucDelta(gain)})` }));
    const sub = h('p', { class: 'muted', text: t('fit.basis', { k: r.folds.length, n: fmtInt(r.customers), pos: fmtInt(r.positive) }) });
    // With constraints: the held-out AUC without them, side by side.
    const side = r.constrained ? h('p', { class: 'fit-side', testid: 'fit-auc-unconstrained', dataset: { auc: r.heldoutAucUnconstrained ?? '' } },
      h('span', { text: `${t('fit.withConstraints')} ` }), h('strong', { text: fmtAuc(r.heldoutAucAfter), title: String(r.heldoutAucAfter) }),
      h('span', { class: 'muted', text: ` · ${t('fit.withoutConstraints')} ` }), h('strong', { text: fmtAuc(r.heldoutAucUnconstrained), title: String(r.heldoutAucUnconstrained) }),
      r.heldoutAucUnconstrained != null ? h('span', { class: 'muted', text: ` (${t('fit.constraintsCost', { d: fmtAucDelta(r.heldoutAucAfter - r.heldoutAucUnconstrained) })})` }) : null) : null;
    const folds = h('table', { class: 'data-table compact', testid: 'fit-folds' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('fit.fold') }), h('th', { scope: 'col', class: 'num', text: t('fit.before') }),
        h('th', { scope: 'col', class: 'num', text: t('fit.after') }), h('th', { scope: 'col', class: 'num', text: t('fit.change') }))),
      h('tbody', null, r.folds.map((x, k) => h('tr', { testid: `fit-fold-${k + 1}`, dataset: { before: x.before ?? '', after: x.after ?? '' } },
        h('th', { scope: 'row', text: String(k + 1) }),
        h('td', { class: 'num', text: fmtAuc(x.before), title: String(x.before) }),
        h('td', { class: 'num', text: fmtAuc(x.after), title: String(x.after) }),
        h('td', { class: 'num', text: x.before == null || x.after == null ? '' : fmtAucDelta(x.after - x.before) })))));
    // Weights are relative (a dimension's among the dimensions, an indicator's among the
    // indicators of its dimension), and the proposal adds up to 100 while the model may not:
    // compare shares within the group, not raw numbers.
    const weightRows = [];
    const groupOf = (kind, id) => (kind === 'dimension' ? '' : info.indicators.find((x) => x.id === id)?.dimension ?? '');
    const shares = (kind, list, value) => {
      const sums = new Map();
      for (const x of list) sums.set(groupOf(kind, x.id), (sums.get(groupOf(kind, x.id)) ?? 0) + value(x));
      return (x) => { const sum = sums.get(groupOf(kind, x.id)); return sum > 0 ? value(x) / sum : 0; };
    };
    const addRows = (kind, list, defs) => {
      if (!list?.length) return;
      weightRows.push(h('tr', { class: 'group' }, h('th', { colspan: 4, scope: 'colgroup', text: t(kind === 'dimension' ? 'fit.dimensions' : 'fit.indicators') })));
      const curShare = shares(kind, list, (x) => ctl.whatIfValue(kind, x.id) ?? 0);
      const newShare = shares(kind, list, (x) => x.weight);
      for (const x of list) {
        const def = defs.find((d) => d.id === x.id);
        const cur = ctl.whatIfValue(kind, x.id);
        const a = curShare(x), b = newShare(x);
        const dir = Math.abs(b - a) < 0.005 ? '' : b > a ? 'up' : 'down';
        const idx = kind === 'indicator' ? r.indicators.findIndex((y) => y.id === x.id) : -1;
        const scoreShare = idx >= 0 && r.shares ? r.shares[idx]
          : kind === 'dimension' && r.shares ? r.indicators.reduce((acc, y, k) => acc + (groupOf('indicator', y.id) === x.id ? r.shares[k] : 0), 0) : null;
        const curScoreShare = ctl.shareOf(kind, x.id);
        const locked = kind === 'indicator' && r.locked?.some((l) => l.id === x.id);
        weightRows.push(h('tr', { testid: `fit-weight-${kind}-${x.id}`, dataset: { current: cur, proposed: x.weight, currentShare: a, proposedShare: b, scoreShare: scoreShare ?? '', currentScoreShare: curScoreShare ?? '' } },
          h('th', { scope: 'row', text: def?.label || x.id }),
          h('td', { class: 'num', text: `${fmtWeight(cur)} (${fmtShare(a)})${curScoreShare != null ? ` · ${fmtPct(curScoreShare)}` : ''}` }),
          h('td', { class: ['num', 'proposed', dir], text: `${fmtWeight(x.weight)} (${fmtShare(b)})${scoreShare != null ? ` · ${fmtPct(scoreShare)}` : ''}${locked ? ' 🔒' : ''}` }),
          h('td', { class: 'num muted', text: dir === 'up' ? '▲' : dir === 'down' ? '▼' : '' })));
      }
    };
    addRows('dimension', r.dimensions, info.dimensions);
    addRows('indicator', r.indicators, info.indicators);
    const weights = h('table', { class: 'data-table compact', testid: 'fit-weights' },
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('fit.weight') }), h('th', { scope: 'col', class: 'num', text: t('fit.current') }),
        h('th', { scope: 'col', class: 'num', text: t('fit.proposed') }), h('th', { scope: 'col' }))),
      h('tbody', null, weightRows));
    const applyBtn = h('button', { type: 'button', class: 'primary', testid: 'fit-apply', text: t('fit.apply'), onclick: () => ctl.applyFit() });
    const discardBtn = h('button', { type: 'button', testid: 'fit-discard', text: t('fit.discard'), onclick: () => ctl.discardFit() });
    replace(fitResult,
      headline, side, sub,
      r.note ? h('p', { class: 'note', testid: 'fit-note', text: r.note }) : null,
      h('div', { class: 'fit-tables' }, h('div', { class: 'table-scroll' }, weights), h('div', { class: 'table-scroll' }, folds)),
      f.applied ? h('p', { class: 'fit-applied', testid: 'fit-applied', text: t('fit.applied') }) : null,
      h('div', { class: 'button-row' }, f.applied ? null : applyBtn, discardBtn));
  }

  function swatch(color) {
    const s = h('span', { class: 'legend-swatch' });
    s.style.background = color;
    return s;
  }

  const resize = () => {
    if (roc && rocBox.clientWidth) roc.setSize({ width: rocBox.clientWidth, height: plotHeight() });
    if (lift && liftBox.clientWidth) lift.setSize({ width: liftBox.clientWidth, height: plotHeight() });
  };
  new ResizeObserver(resize).observe(root);
  app.events.addEventListener('workshop', () => requestAnimationFrame(() => { if (ctl.validation) render(); resize(); }));
  // Large tables compute the full validation only on demand: when this view is in sight.
  const visible = () => !root.hidden || document.body.classList.contains('workshop');
  const refresh = () => { if (visible() && ctl.validationStale) ctl.refreshValidation(); };
  ctl.addEventListener('results', refresh);
  app.events.addEventListener('tab', refresh);
  app.events.addEventListener('workshop', refresh);
  for (const ev of ['table', 'model', 'validation']) ctl.addEventListener(ev, render);
  ctl.addEventListener('auc', () => { if (ctl.validation) renderAuc(); });
  ctl.addEventListener('fit', renderFit);
  ctl.addEventListener('shares', () => { if (lastIndicators && ctl.model) renderIndicators(lastIndicators); if (ctl.fit) renderFit(); });
  renderConstraints();
  ctl.addEventListener('whatif', () => { if (ctl.fit) renderFit(); });
  onLangChange(() => { rocShape = ''; liftShape = ''; render(); });
  render();
}
