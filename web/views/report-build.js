// The report's content, collected once (collect: plain data, every number from the engine or
// the page's derived figures) and written two ways from it: the printed report (renderHtml into
// #report; style.css's @media print shows only it, on A4 or Letter, with no background blocks)
// and Markdown (toMarkdown). Sections: the title, client, date and notes; the model with each
// weight's share of the score (model → this report); the segment counts, shares, change by
// meaning, churn rate and value at risk; the histogram, ROC and lift charts; the scenario
// comparison (A vs B with the from→to matrix); the validation figures; the customers most at
// risk with their drivers, segment actions and alerts. Loaded on first use by views/report.js.
import { h, replace } from '../lib/dom.js';
import { t, getLang } from '../i18n/index.js';
import { fmt2, fmtInt, fmtPct, fmtAuc, fmtAucDelta, fmtWeight, fmtDelta, fmtValue, fmtValueDelta } from '../lib/format.js';
import { orderByKey } from '../lib/sort.js';
import { segmentColors } from '../lib/colors.js';
import { ordinal, BINS } from '../lib/segments-diff.js';
import { tiersOf, segmentTone, moveTone, worstOrdinals } from '../lib/tiers.js';
import { chart, niceTicks } from '../lib/svg-chart.js';
import { aucReading } from './validate.js';

/** "40 ≤ score < 70", "score ≥ 65", "score < 40", "any score". */
export function boundsText(min, max) {
  if (min != null && max != null) return `${fmtWeight(min)} ≤ ${t('report.scoreWord')} < ${fmtWeight(max)}`;
  if (min != null) return `${t('report.scoreWord')} ≥ ${fmtWeight(min)}`;
  if (max != null) return `${t('report.scoreWord')} < ${fmtWeight(max)}`;
  return t('report.anyScore');
}

/** Everything the report shows, or null before a table is scored. */
export async function collect(app, fields) {
  const ctl = app.controller;
  if (!ctl.results || !ctl.model) return null;
  const base = ctl.model.info; // the model as loaded
  const info = await ctl.client.modelInfo(); // weights, bounds and rules in force
  const segs = info.segments;
  const n = segs.length;
  const colors = segmentColors(segs);
  const tiers = tiersOf(segs);
  const labelOf = (o) => (o < n ? segs[o].label || segs[o].id : t(o === n ? 'segment.none' : 'segment.unscored'));
  const idOf = (o) => (o < n ? segs[o].id : o === n ? 'none' : 'unscored');
  const whatIf = ctl.hasWhatIf();
  const rows = ctl.results.rows;
  const d = ctl.derived;
  const valueColumn = info.valueColumn ?? null;

  // The model: each weight and its share of the score, as loaded and in this report.
  const weights = [];
  const indRow = (x, depth) => {
    const b = base.indicators.find((y) => y.id === x.id);
    weights.push({ kind: 'indicator', id: x.id, label: x.label || x.id, depth, modelWeight: b?.weight, weight: x.weight,
      modelShare: b?.share ?? null, share: x.share ?? null, changed: b?.weight !== x.weight });
  };
  if (info.dimensions.length) {
    for (const dim of info.dimensions) {
      const b = base.dimensions.find((y) => y.id === dim.id);
      const members = info.indicators.filter((i) => i.dimension === dim.id);
      const sum = (list, id) => list.filter((i) => i.dimension === id).reduce((a, i) => a + (i.share ?? 0), 0);
      weights.push({ kind: 'dimension', id: dim.id, label: dim.label || dim.id, depth: 0, modelWeight: b?.weight, weight: dim.weight,
        modelShare: sum(base.indicators, dim.id), share: sum(info.indicators, dim.id), changed: b?.weight !== dim.weight });
      for (const x of members) indRow(x, 1);
    }
  } else for (const x of info.indicators) indRow(x, 0);
  const bounds = segs.map((s, o) => {
    const b = base.segments[o];
    return { id: s.id, label: s.label || s.id, now: boundsText(s.min, s.max), model: boundsText(b?.min, b?.max), changed: b?.min !== s.min || b?.max !== s.max };
  }).filter((x) => x.changed);
  const rules = Object.keys(ctl.whatIfState().rules ?? {}).map((id) => info.indicators.find((x) => x.id === id)?.label || id);

  // Segments: counts, shares, change from the model (good or bad by the segments' order), churn
  // rate, value.
  const v = ctl.validation;
  const rates = new Map((v?.segments ?? []).map((s) => [s.id, s]));
  const { matrix, size } = d.moves;
  const segments = [];
  for (let o = 0; o < n + 2; o++) {
    if (o >= n && !d.counts[o] && !ctl.baseline.counts[o]) continue;
    const delta = d.counts[o] - ctl.baseline.counts[o];
    segments.push({ id: idOf(o), label: labelOf(o), color: colors[o], count: d.counts[o], share: rows ? d.counts[o] / rows : 0,
      delta, tone: delta ? segmentTone(o, matrix, size, tiers).tone : 'same',
      churn: rates.get(idOf(o))?.rate ?? null, action: o < n ? segs[o].action : null,
      value: d.value ? d.value[o] : null, baseValue: ctl.baseline.value ? ctl.baseline.value[o] : null });
  }
  let value = null;
  if (d.value) {
    const worst = worstOrdinals(segs);
    const total = d.value.reduce((a, x) => a + x, 0);
    value = { column: valueColumn, total, atRisk: worst.reduce((a, o) => a + d.value[o], 0),
      baseAtRisk: worst.reduce((a, o) => a + ctl.baseline.value[o], 0), moved: d.valueMoves?.moved ?? 0,
      worst: worst.map(labelOf) };
  }

  // The histogram: 20 bins stacked by segment.
  const w = n + 2;
  const hist = Array.from({ length: BINS }, (_, b) => Array.from({ length: w }, (_, o) => d.hist[b * w + o]));

  // Validation.
  let validation = null;
  if (ctl.hasOutcome && v) {
    const bv = ctl.baseValidation;
    const overall = v.positive + v.negative ? v.positive / (v.positive + v.negative) : 0;
    const byId = new Map(info.indicators.map((x) => [x.id, x]));
    validation = {
      auc: v.auc, baseAuc: whatIf && bv ? bv.auc : null, stale: ctl.validationStale,
      positive: v.positive, negative: v.negative, excluded: v.excluded, overall,
      roc: v.roc.map((p) => [p[0], p[1]]), baseRoc: whatIf && bv ? bv.roc.map((p) => [p[0], p[1]]) : null,
      deciles: v.deciles, value: v.value ?? null,
      indicators: v.indicators.slice().sort((a, b) => (b.auc ?? -1) - (a.auc ?? -1))
        .map((x) => ({ label: byId.get(x.id)?.label || x.id, auc: x.auc, missingRate: x.missingRate, reading: aucReading(x.auc) })),
    };
  }

  // The scenario comparison (the pair shown last, or the model against the what-if).
  let comparison = null;
  const c = await app.scenarios?.comparison?.();
  if (c) {
    const bm = betweenMatrix(c.a.segment, c.b.segment, n);
    const used = [];
    for (let o = 0; o < w; o++) {
      let any = false;
      for (let k = 0; k < w && !any; k++) any = bm[o * w + k] > 0 || bm[k * w + o] > 0;
      if (any) used.push(o);
    }
    comparison = {
      la: c.la, lb: c.lb,
      rows: Array.from({ length: w }, (_, o) => o).filter((o) => o < n || c.a.counts[o] || c.b.counts[o]).map((o) => {
        const delta = c.b.counts[o] - c.a.counts[o];
        return { label: labelOf(o), a: c.a.counts[o], b: c.b.counts[o], delta, tone: delta ? segmentTone(o, bm, w, tiers).tone : 'same',
          va: c.a.value ? c.a.value[o] : null, vb: c.b.value ? c.b.value[o] : null };
      }),
      mean: [c.a.mean, c.b.mean], auc: ctl.hasOutcome ? [c.a.auc, c.b.auc] : null,
      between: c.a.segment.reduce((k, x, r) => k + (x !== c.b.segment[r] ? 1 : 0), 0),
      matrix: { labels: used.map(labelOf), cells: used.map((a) => used.map((b) => ({ count: bm[a * w + b], tone: moveTone(a, b, tiers), diag: a === b }))) },
    };
  }

  // The customers most at risk: the lowest scores, their drivers, segment action and alerts.
  const res = ctl.results;
  const order = orderByKey(res.score, false);
  const atRisk = [];
  const alertsSeen = new Set();
  const actionFirst = new Map();
  for (let i = 0; i < order.length && atRisk.length < fields.atRisk; i++) {
    const r = order[i];
    if (!(res.score[r] === res.score[r])) break;
    const o = ordinal(res.segment[r], n);
    const drivers = [];
    for (let j = 0; j < 3; j++) {
      const k = res.drivers[r * 3 + j];
      if (k < 0) break;
      drivers.push(info.indicators[k]?.label || info.indicators[k]?.id);
    }
    const alerts = [];
    info.alerts.forEach((a, k) => {
      if ((res.alerts[r * res.alertStride + (k >>> 5)] >>> (k & 31)) & 1) {
        alerts.push(`A${k + 1}`);
        alertsSeen.add(k);
      }
    });
    const action = o < n ? segs[o].action : null;
    const first = action ? actionFirst.get(action) : undefined;
    if (action && first === undefined) actionFirst.set(action, atRisk.length + 1);
    atRisk.push({ rank: atRisk.length + 1, row: r, id: ctl.id(r), label: ctl.label(r), score: res.score[r], segment: labelOf(o),
      drivers, action: action ? (first === undefined ? action : t('report.sameAction', { k: first })) : '', alerts,
      value: ctl.values ? ctl.values[r] : null });
  }
  const alertLegend = [...alertsSeen].sort((a, b) => a - b).map((k) => ({ key: `A${k + 1}`, label: info.alerts[k].label || info.alerts[k].id, action: info.alerts[k].action }));

  const date = new Intl.DateTimeFormat(getLang() === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long' }).format(new Date());
  return {
    title: fields.title?.trim() || t('report.title', { name: info.name || '—' }), client: fields.client?.trim() ?? '', notes: fields.notes?.trim() ?? '',
    paper: fields.paper, date, model: info.name || '—', file: ctl.source?.name ?? '—', rows, whatIf, rules,
    mean: d.mean, median: ctl.summary?.median ?? null, weights, bounds, segments, value, hist, colors, segLabels: Array.from({ length: w }, (_, o) => labelOf(o)),
    validation, comparison, atRisk, alertLegend, valueColumn, values: !!d.value,
  };
}

function betweenMatrix(a, b, n) {
  const w = n + 2;
  const m = new Uint32Array(w * w);
  for (let r = 0; r < a.length; r++) m[ordinal(a[r], n) * w + ordinal(b[r], n)]++;
  return m;
}

// ---- the printed report ----------------------------------------------------------------------

const toneMark = (tone) => (tone === 'good' ? ' ▲' : tone === 'bad' ? ' ▼' : '');

function section(key, title, ...children) {
  return h('section', { class: ['report-section', `report-${key}`], testid: `report-${key}` }, h('h2', { text: title }), children);
}

function table(cls, head, body, testid = null) {
  return h('table', { class: ['report-table', cls], testid },
    h('thead', null, h('tr', null, head.map(([text, num]) => h('th', { class: num ? 'num' : null, text })))),
    h('tbody', null, body));
}

function swatch(color) {
  const s = h('span', { class: 'legend-swatch' });
  s.style.background = color;
  return s;
}

export function renderHtml(root, r) {
  replace(root,
    h('header', { class: 'report-head' },
      h('h1', { text: r.title }),
      r.client ? h('p', { class: 'report-client', testid: 'report-client', text: t('report.forClient', { client: r.client }) }) : null,
      h('p', { class: 'report-meta', text: t('report.meta', { file: r.file, n: fmtInt(r.rows), date: r.date }) + ` · ${t('report.modelName', { name: r.model })}` }),
      r.whatIf ? h('p', { class: 'report-whatif', text: t('report.whatIf') }) : null,
      r.notes ? h('div', { class: 'report-notes', testid: 'report-notes' }, h('h2', { text: t('report.notes') }), r.notes.split(/\n+/).map((p) => h('p', { text: p }))) : null),
    h('div', { class: 'report-cols' }, weightsHtml(r), segmentsHtml(r)),
    chartsHtml(r),
    r.comparison ? comparisonHtml(r) : null,
    r.validation ? validationHtml(r) : null,
    atRiskHtml(r),
    h('footer', { class: 'report-foot', text: t('report.foot') }));
}

function weightsHtml(r) {
  const rows = r.weights.map((x) => h('tr', { class: [x.kind === 'dimension' ? 'dim' : null, x.depth ? 'sub' : null, x.changed && 'changed-row'], dataset: { id: x.id, kind: x.kind } },
    h('td', { text: x.label }),
    h('td', { class: 'num', text: fmtWeight(x.modelWeight) }),
    h('td', { class: ['num', x.changed && 'changed'], text: x.changed ? `${fmtWeight(x.weight)} ●` : fmtWeight(x.weight) }),
    h('td', { class: 'num', text: x.modelShare == null ? '' : fmtPct(x.modelShare) }),
    h('td', { class: ['num', 'share', x.share != null && x.modelShare != null && Math.abs(x.share - x.modelShare) > 5e-5 && (x.share > x.modelShare ? 'more' : 'less')], text: x.share == null ? '' : fmtPct(x.share) })));
  return section('weights', t('report.weights'),
    table('weights', [[t('report.weightName')], [t('report.modelWeight'), 1], [t('report.usedWeight'), 1], [t('report.modelShare'), 1], [t('report.usedShare'), 1]], rows),
    h('p', { class: 'report-note', text: t('report.shareNote') }),
    r.whatIf ? h('p', { class: 'report-note', text: t('report.changedMark') }) : null,
    r.bounds.length ? h('ul', { class: 'report-bounds', testid: 'report-bounds' }, r.bounds.map((b) => h('li', { text: t('report.boundsChanged', { seg: b.label, now: b.now, model: b.model }) }))) : null,
    r.rules.length ? h('p', { class: 'report-note', text: t('report.rulesChanged', { list: r.rules.join(', ') }) }) : null);
}

function segmentsHtml(r) {
  const rows = r.segments.map((s) => h('tr', { dataset: { segment: s.id, tone: s.tone } },
    h('td', null, swatch(s.color), s.label),
    h('td', { class: 'num', text: fmtInt(s.count) }),
    h('td', { class: 'num', text: fmtPct(s.share) }),
    r.whatIf ? h('td', { class: ['num', 'delta', s.tone], text: s.delta ? fmtDelta(s.delta) + toneMark(s.tone) : '0' }) : null,
    r.validation ? h('td', { class: 'num', text: s.churn == null ? '' : fmtPct(s.churn) }) : null,
    r.values ? h('td', { class: 'num', text: fmtValue(s.value) }) : null));
  const head = [[t('report.segment')], [t('report.customers'), 1], [t('report.share'), 1]];
  if (r.whatIf) head.push([t('report.vsBaseline'), 1]);
  if (r.validation) head.push([t('report.churnRate'), 1]);
  if (r.values) head.push([r.valueColumn, 1]);
  return section('segments', t('report.segments'),
    h('p', { class: 'report-note', text: t('report.meanMedian', { mean: fmt2(r.mean), median: r.median == null ? '—' : fmt2(r.median) }) }),
    table('segments', head, rows),
    r.whatIf ? h('p', { class: 'report-note', text: t('report.toneNote') }) : null,
    r.value ? h('div', { class: 'report-risk-value', testid: 'report-value' },
      h('strong', { text: t('report.valueAtRisk', { column: r.value.column, value: fmtValue(r.value.atRisk), share: fmtPct(r.value.total ? r.value.atRisk / r.value.total : 0) }) }),
      r.whatIf && r.value.atRisk !== r.value.baseAtRisk ? h('span', { text: ` (${t('report.vsModel')} ${fmtValueDelta(r.value.atRisk - r.value.baseAtRisk)})` }) : null,
      h('span', { class: 'report-note', text: ` ${t('report.valueWorst', { list: r.value.worst.join(', ') })}` }),
      r.whatIf ? h('span', { class: 'report-note', text: ` ${t('report.valueMoved', { value: fmtValue(r.value.moved) })}` }) : null) : null);
}

function chartsHtml(r) {
  const figs = [];
  // Histogram, stacked by segment.
  const totals = r.hist.map((b) => b.reduce((a, x) => a + x, 0));
  const yMax = Math.max(1, ...totals);
  const ticks = niceTicks(yMax);
  figs.push(h('figure', { class: 'report-figure', testid: 'report-histogram' },
    chart({ width: 300, height: 170, title: t('histogram.title'), testid: 'report-chart-histogram',
      x: { min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100], label: t('histogram.score') },
      y: { min: 0, max: ticks[ticks.length - 1], ticks, format: (x) => fmtInt(x) },
      bars: r.hist.map((b, i) => ({ x: i * 5 + 2.5, width: 4.6, stack: b.map((value, o) => ({ value, color: r.colors[o] })) })) }),
    h('figcaption', { text: t('report.histogramCaption') })));
  if (r.validation) {
    const v = r.validation;
    /** @type {{points: number[][], color: string, dash?: string, width: number}[]} */
    const lines = [{ points: [[0, 0], [1, 1]], color: '#9aa4ad', dash: '3 3', width: 1 }];
    if (v.baseRoc) lines.push({ points: v.baseRoc, color: '#1d2329', dash: '5 3', width: 1.2 });
    lines.push({ points: v.roc, color: '#1f6f5c', width: 2 });
    figs.push(h('figure', { class: 'report-figure', testid: 'report-roc' },
      chart({ width: 200, height: 170, title: t('validate.roc'), testid: 'report-chart-roc',
        x: { min: 0, max: 1, ticks: [0, 0.5, 1], label: t('validate.fpr'), format: (x) => x.toFixed(1) },
        y: { min: 0, max: 1, ticks: [0, 0.5, 1], format: (x) => x.toFixed(1) }, lines }),
      h('figcaption', { text: `${t('validate.roc')} · AUC ${fmtAuc(v.auc)}${v.baseAuc != null ? ` (${t('report.model')} ${fmtAuc(v.baseAuc)})` : ''}` })));
    const rates = v.deciles.map((x) => (x.rate ?? 0) * 100);
    const lyMax = Math.max(1, ...rates, v.overall * 100) * 1.1;
    const lticks = niceTicks(lyMax);
    figs.push(h('figure', { class: 'report-figure', testid: 'report-lift' },
      chart({ width: 250, height: 170, title: t('validate.lift'), testid: 'report-chart-lift',
        x: { min: 0.4, max: 10.6, ticks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], label: t('validate.decileAxis') },
        y: { min: 0, max: lticks[lticks.length - 1], ticks: lticks, format: (x) => `${x}%` },
        bars: v.deciles.map((x, i) => ({ x: i + 1, width: 0.7, stack: [{ value: (x.rate ?? 0) * 100, color: '#e57373' }] })),
        hlines: [{ y: v.overall * 100, dash: '4 3' }] }),
      h('figcaption', { text: t('report.liftCaption', { rate: fmtPct(v.overall) }) })));
  }
  return section('charts', t('report.charts'), h('div', { class: 'report-figures' }, figs));
}

function comparisonHtml(r) {
  const c = r.comparison;
  const hasValue = c.rows.some((x) => x.va != null);
  const rows = c.rows.map((x) => h('tr', { dataset: { tone: x.tone } },
    h('td', { text: x.label }), h('td', { class: 'num', text: fmtInt(x.a) }), h('td', { class: 'num', text: fmtInt(x.b) }),
    h('td', { class: ['num', 'delta', x.tone], text: fmtDelta(x.delta) + toneMark(x.tone) }),
    hasValue ? h('td', { class: 'num', text: `${fmtValue(x.va)} → ${fmtValue(x.vb)}` }) : null));
  rows.push(h('tr', { class: 'sep' }, h('td', { text: t('scenarios.mean') }), h('td', { class: 'num', text: fmt2(c.mean[0]) }), h('td', { class: 'num', text: fmt2(c.mean[1]) }),
    h('td', { class: 'num', text: fmtDelta(c.mean[1] - c.mean[0], 2) }), hasValue ? h('td') : null));
  if (c.auc) rows.push(h('tr', null, h('td', { text: 'AUC' }), h('td', { class: 'num', text: fmtAuc(c.auc[0]) }), h('td', { class: 'num', text: fmtAuc(c.auc[1]) }),
    h('td', { class: 'num', text: c.auc[0] != null && c.auc[1] != null ? fmtAucDelta(c.auc[1] - c.auc[0]) : '' }), hasValue ? h('td') : null));
  const head = [[t('report.segment')], [`A: ${c.la}`, 1], [`B: ${c.lb}`, 1], ['B − A', 1]];
  if (hasValue) head.push([r.valueColumn, 1]);
  const m = c.matrix;
  const matrix = h('table', { class: 'report-table report-matrix', testid: 'report-compare-matrix' },
    h('thead', null, h('tr', null, h('th', { text: t('report.matrixCorner') }), m.labels.map((l) => h('th', { text: l })))),
    h('tbody', null, m.cells.map((row, i) => h('tr', null, h('th', { text: m.labels[i] }),
      row.map((cell) => h('td', { class: ['num', cell.diag ? 'diag' : cell.count ? cell.tone : null], text: cell.count ? fmtInt(cell.count) : '' }))))));
  return section('comparison', t('report.comparison', { a: c.la, b: c.lb }),
    table('compare', head, rows, 'report-compare-table'),
    h('p', { class: 'report-note', text: t('report.between', { n: fmtInt(c.between) }) }), matrix);
}

function validationHtml(r) {
  const v = r.validation;
  const inds = v.indicators.map((x) => h('tr', null, h('td', { text: x.label }), h('td', { class: 'num', text: fmtAuc(x.auc) }),
    h('td', { class: 'num', text: fmtPct(x.missingRate) }), h('td', { text: t(`report.reading.${x.reading}`) })));
  const deciles = v.deciles.map((x, i) => h('tr', null, h('td', { text: String(x.decile) }), h('td', { text: `${fmt2(x.minScore)} – ${fmt2(x.maxScore)}` }),
    h('td', { class: 'num', text: fmtInt(x.customers) }), h('td', { class: 'num', text: fmtPct(x.rate) }), h('td', { class: 'num', text: fmt2(x.lift) }),
    v.value ? h('td', { class: 'num', text: v.value.deciles[i]?.lift == null ? '' : fmt2(v.value.deciles[i].lift) }) : null));
  const dhead = [[t('validate.decile')], [t('validate.scoreRange')], [t('validate.customers'), 1], [t('validate.rate'), 1], [t('validate.liftCol'), 1]];
  if (v.value) dhead.push([t('report.valueLift', { column: r.valueColumn }), 1]);
  return section('validation', t('report.validation'),
    v.stale ? h('p', { class: 'report-note', text: t('report.stale') }) : null,
    h('p', { class: 'report-auc' },
      h('strong', { text: `AUC ${fmtAuc(v.auc)}` }),
      v.baseAuc != null ? h('span', { text: ` ${t('report.aucBaseline', { auc: fmtAuc(v.baseAuc), delta: fmtAucDelta(v.auc - v.baseAuc) })}` }) : null,
      h('span', { text: ` — ${t(`validate.reading.${aucReading(v.auc)}`)}` }),
      v.value ? h('span', { testid: 'report-value-auc', text: ` · ${t('report.valueAuc', { column: r.valueColumn, auc: fmtAuc(v.value.auc) })}` }) : null,
      h('span', { class: 'report-note', text: ` ${t('validate.counts', { pos: fmtInt(v.positive), neg: fmtInt(v.negative), ex: fmtInt(v.excluded) })}` })),
    h('div', { class: 'report-cols' },
      h('div', null, h('h3', { text: t('report.lift', { rate: fmtPct(v.overall) }) }), table('compact', dhead, deciles)),
      h('div', null, h('h3', { text: t('validate.indicators') }),
        table('compact', [[t('validate.indicator')], ['AUC', 1], [t('validate.missingRate'), 1], [t('validate.readingCol')]], inds))));
}

function atRiskHtml(r) {
  const rows = r.atRisk.map((x) => h('tr', { testid: 'report-risk-row', dataset: { row: x.row } },
    h('td', { class: 'num', text: String(x.rank) }),
    h('td', null, h('strong', { text: x.label || x.id }), x.label ? h('div', { class: 'report-id', text: x.id }) : null),
    h('td', { class: 'num', text: fmt2(x.score) }),
    h('td', { text: x.segment }),
    h('td', { text: x.drivers.join(' · ') }),
    h('td', { class: 'action' }, x.action ? h('div', { text: x.action }) : null,
      x.alerts.length ? h('div', { class: 'report-alerts', text: `${t('report.alerts')}: ${x.alerts.join(' ')}` }) : null)));
  return section('atRisk', t('report.atRisk'),
    h('table', { class: 'report-table risk' },
      h('colgroup', null, ['n', 'cust', 'score', 'seg', 'drv', 'act'].map((c) => h('col', { class: `c-${c}` }))),
      h('thead', null, h('tr', null, h('th', { class: 'num', text: '#' }), h('th', { text: t('report.customer') }), h('th', { class: 'num', text: t('table.score') }),
        h('th', { text: t('report.segment') }), h('th', { text: t('report.drivers') }), h('th', { text: t('report.actions') }))),
      h('tbody', null, rows)),
    r.alertLegend.length ? h('div', { class: 'report-alert-actions' }, h('h3', { text: t('report.alertActions') }),
      h('ul', null, r.alertLegend.map((a) => h('li', null, h('strong', { text: `${a.key} ${a.label}` }), a.action ? ` → ${a.action}` : null)))) : null);
}

// ---- Markdown ----------------------------------------------------------------------------------

const cell = (x) => String(x ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const mdTable = (head, rows, right = []) => [
  `| ${head.map(cell).join(' | ')} |`,
  `| ${head.map((_, i) => (right.includes(i) ? '---:' : '---')).join(' | ')} |`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
].join('\n');

/** The same content as Markdown (charts as their numbers). */
export function toMarkdown(r) {
  const out = [];
  out.push(`# ${r.title}`, '');
  if (r.client) out.push(`**${t('report.forClient', { client: r.client })}**`, '');
  out.push(`${t('report.meta', { file: r.file, n: fmtInt(r.rows), date: r.date })} · ${t('report.modelName', { name: r.model })}`, '');
  if (r.whatIf) out.push(`> ${t('report.whatIf')}`, '');
  if (r.notes) out.push(`## ${t('report.notes')}`, '', r.notes, '');
  out.push(`## ${t('report.weights')}`, '', mdTable([t('report.weightName'), t('report.modelWeight'), t('report.usedWeight'), t('report.modelShare'), t('report.usedShare')],
    r.weights.map((x) => [`${x.depth ? '  ↳ ' : ''}${x.kind === 'dimension' ? `**${x.label}**` : x.label}`, fmtWeight(x.modelWeight), x.changed ? `${fmtWeight(x.weight)} ●` : fmtWeight(x.weight),
      x.modelShare == null ? '' : fmtPct(x.modelShare), x.share == null ? '' : fmtPct(x.share)]), [1, 2, 3, 4]), '', t('report.shareNote'), '');
  for (const b of r.bounds) out.push(`- ${t('report.boundsChanged', { seg: b.label, now: b.now, model: b.model })}`);
  if (r.bounds.length) out.push('');
  if (r.rules.length) out.push(t('report.rulesChanged', { list: r.rules.join(', ') }), '');
  const segHead = [t('report.segment'), t('report.customers'), t('report.share')];
  if (r.whatIf) segHead.push(t('report.vsBaseline'));
  if (r.validation) segHead.push(t('report.churnRate'));
  if (r.values) segHead.push(r.valueColumn);
  out.push(`## ${t('report.segments')}`, '', t('report.meanMedian', { mean: fmt2(r.mean), median: r.median == null ? '—' : fmt2(r.median) }), '',
    mdTable(segHead, r.segments.map((s) => [s.label, fmtInt(s.count), fmtPct(s.share),
      ...(r.whatIf ? [s.delta ? `${fmtDelta(s.delta)}${toneMark(s.tone)}` : '0'] : []),
      ...(r.validation ? [s.churn == null ? '' : fmtPct(s.churn)] : []),
      ...(r.values ? [fmtValue(s.value)] : [])]), segHead.map((_, i) => i).slice(1)), '');
  if (r.whatIf) out.push(t('report.toneNote'), '');
  if (r.value) {
    out.push(`**${t('report.valueAtRisk', { column: r.value.column, value: fmtValue(r.value.atRisk), share: fmtPct(r.value.total ? r.value.atRisk / r.value.total : 0) })}**` +
      (r.whatIf && r.value.atRisk !== r.value.baseAtRisk ? ` (${t('report.vsModel')} ${fmtValueDelta(r.value.atRisk - r.value.baseAtRisk)})` : '') +
      ` ${t('report.valueWorst', { list: r.value.worst.join(', ') })}` + (r.whatIf ? ` ${t('report.valueMoved', { value: fmtValue(r.value.moved) })}` : ''), '');
  }
  out.push(`## ${t('report.charts')}`, '', `### ${t('histogram.title')}`, '',
    mdTable([t('histogram.score'), t('report.customers')], r.hist.map((b, i) => [i === BINS - 1 ? '[95, 100]' : `[${i * 5}, ${i * 5 + 5})`, fmtInt(b.reduce((a, x) => a + x, 0))]), [1]), '');
  const v = r.validation;
  if (v) {
    out.push(`### ${t('validate.roc')}`, '', `AUC ${fmtAuc(v.auc)}${v.baseAuc != null ? ` (${t('report.model')} ${fmtAuc(v.baseAuc)})` : ''} — ${t(`validate.reading.${aucReading(v.auc)}`)}` +
      (v.value ? ` · ${t('report.valueAuc', { column: r.valueColumn, auc: fmtAuc(v.value.auc) })}` : ''), '');
    const dhead = [t('validate.decile'), t('validate.scoreRange'), t('validate.customers'), t('validate.rate'), t('validate.liftCol')];
    if (v.value) dhead.push(t('report.valueLift', { column: r.valueColumn }));
    out.push(`### ${t('report.lift', { rate: fmtPct(v.overall) })}`, '', mdTable(dhead, v.deciles.map((x, i) => [String(x.decile), `${fmt2(x.minScore)} – ${fmt2(x.maxScore)}`, fmtInt(x.customers), fmtPct(x.rate), fmt2(x.lift),
      ...(v.value ? [v.value.deciles[i]?.lift == null ? '' : fmt2(v.value.deciles[i].lift)] : [])]), [2, 3, 4, 5]), '');
  }
  const c = r.comparison;
  if (c) {
    const hasValue = c.rows.some((x) => x.va != null);
    out.push(`## ${t('report.comparison', { a: c.la, b: c.lb })}`, '', mdTable([t('report.segment'), `A: ${c.la}`, `B: ${c.lb}`, 'B − A', ...(hasValue ? [r.valueColumn] : [])],
      [...c.rows.map((x) => [x.label, fmtInt(x.a), fmtInt(x.b), fmtDelta(x.delta) + toneMark(x.tone), ...(hasValue ? [`${fmtValue(x.va)} → ${fmtValue(x.vb)}`] : [])]),
        [t('scenarios.mean'), fmt2(c.mean[0]), fmt2(c.mean[1]), fmtDelta(c.mean[1] - c.mean[0], 2), ...(hasValue ? [''] : [])],
        ...(c.auc ? [['AUC', fmtAuc(c.auc[0]), fmtAuc(c.auc[1]), c.auc[0] != null && c.auc[1] != null ? fmtAucDelta(c.auc[1] - c.auc[0]) : '', ...(hasValue ? [''] : [])]] : [])], [1, 2, 3]), '',
    t('report.between', { n: fmtInt(c.between) }), '',
    mdTable([t('report.matrixCorner'), ...c.matrix.labels], c.matrix.cells.map((row, i) => [c.matrix.labels[i], ...row.map((x) => (x.count ? fmtInt(x.count) : ''))]), c.matrix.labels.map((_, i) => i + 1)), '');
  }
  if (v) {
    out.push(`## ${t('report.validation')}`, '', mdTable([t('validate.indicator'), 'AUC', t('validate.missingRate'), t('validate.readingCol')],
      v.indicators.map((x) => [x.label, fmtAuc(x.auc), fmtPct(x.missingRate), t(`report.reading.${x.reading}`)]), [1, 2]), '');
  }
  out.push(`## ${t('report.atRisk')}`, '', mdTable(['#', t('report.customer'), t('table.score'), t('report.segment'), t('report.drivers'), t('report.actions')],
    r.atRisk.map((x) => [String(x.rank), x.label ? `${x.label} (${x.id})` : x.id, fmt2(x.score), x.segment, x.drivers.join(' · '),
      [x.action, x.alerts.length ? `${t('report.alerts')}: ${x.alerts.join(' ')}` : ''].filter(Boolean).join(' — ')]), [0, 2]), '');
  if (r.alertLegend.length) {
    out.push(`### ${t('report.alertActions')}`, '', ...r.alertLegend.map((a) => `- **${a.key} ${a.label}**${a.action ? ` → ${a.action}` : ''}`), '');
  }
  out.push('---', '', t('report.foot'), '');
  return out.join('\n');
}

