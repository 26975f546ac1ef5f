// The model builder ("New model from this table", and at once when a table read fails because
// it has (almost) none of the model's columns): one row per column of the table with its profile
// (kind, missing share, a small distribution chart drawn in SVG), the proposed rule, direction
// and dimension (editable), an include switch and the one-line reason (docs/INIT.md); an
// optional outcome column (then the weights are fitted and probable leaks are flagged and left
// out unless kept). Apply sets the model and scores the table with it at once; the model editor
// then edits it as any other. The state is state/builder.js; the numbers are the engine's, the
// same as `kenko init` + `kenko score`.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange, errorText } from '../i18n/index.js';
import { fmtInt, fmtPct, fmtAuc, fmtWeight } from '../lib/format.js';
import { fitsPoorly } from '../lib/match.js';
import { reasonText, ruleText } from '../lib/init-texts.js';
import { DIMENSIONS } from '../state/builder.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

const CHART_W = 96;
const CHART_H = 26;

/**
 * A small distribution chart of a profiled column (its title: the range, or each value's count
 * and, given the proposal's values with an outcome, its outcome rate): numbers as a histogram rebuilt from the
 * sample's quantiles (12 bins between min and max), yes/no and categories as bars of their
 * values' counts (most frequent first, at most 8); null for other kinds.
 */
export function distributionChart(col, rates = null) {
  const box = svg('svg', { width: CHART_W, height: CHART_H, viewBox: `0 0 ${CHART_W} ${CHART_H}`, class: 'dist-chart', role: 'img' });
  let bars = [];
  let label;
  const st = col.numberStats;
  let tail = 0; // bars at the end drawn as the tail beyond the 95th percentile
  if ((col.kind === 'number' || col.kind === 'percent') && st && st.count > 0) {
    const qs = [...(st.quantiles ?? [])].filter((q) => Number.isFinite(q.value)).sort((a, b) => a.q - b.q);
    const q = (p) => qs.find((x) => Math.abs(x.q - p) < 1e-9)?.value;
    const q05 = q(0.05), q95 = q(0.95);
    // A long right tail (the top 5 % spanning more than the rest) is cut at the 95th percentile
    // and drawn as one last bar; values spread over orders of magnitude are binned on a log scale.
    const cut = q95 != null && st.max - q95 > q95 - st.min && q95 > st.min;
    const lo = st.min, hi = cut ? q95 : st.max;
    const log = lo >= 0 && q05 != null && q95 != null && q95 + 1 > 50 * (q05 + 1);
    const f = log ? Math.log1p : (x) => x;
    const pts = [{ q: 0, value: st.min }, ...qs, { q: 1, value: st.max }].map((x) => ({ q: x.q, v: f(x.value) }));
    const bins = 12;
    const cdf = (x) => { // the share of values ≤ x (x on the binning scale), linear between quantiles
      if (x <= pts[0].v) return 0;
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1], b = pts[i];
        if (x <= b.v) return b.v > a.v ? a.q + (b.q - a.q) * (x - a.v) / (b.v - a.v) : b.q;
      }
      return 1;
    };
    const l = f(lo), u = f(hi);
    if (u > l) {
      for (let k = 0; k < bins; k++) bars.push(Math.max(0, cdf(l + (u - l) * (k + 1) / bins) - cdf(l + (u - l) * k / bins)));
      if (cut) { bars.push(Math.max(0, 1 - cdf(u))); tail = 1; }
    } else bars = [1];
    label = `${fmtWeight(st.min)} – ${fmtWeight(st.max)}${log ? ` (${t('builder.logScale')})` : ''}${cut ? `; ${t('builder.tail', { q95: fmtWeight(q95) })}` : ''}`;
  } else if ((col.kind === 'yes/no' || col.kind === 'category') && col.values?.length) {
    const vals = col.values.slice(0, 8);
    bars = vals.map((v) => v.count);
    // With an outcome: each value's outcome rate too (the proposal's values).
    const rate = (text) => rates?.find((r) => r.text === text)?.rate;
    label = vals.map((v) => `${v.text} ${fmtInt(v.count)}${rate(v.text) != null ? ` (${t('builder.rate', { pct: fmtPct(rate(v.text)) })})` : ''}`).join(', ');
  } else return null;
  const max = Math.max(...bars, 1e-12);
  const w = CHART_W / bars.length;
  bars.forEach((b, i) => {
    const bh = b > 0 ? Math.max(1, (b / max) * (CHART_H - 2)) : 0;
    box.append(svg('rect', { x: (i * w + 0.5).toFixed(2), y: (CHART_H - bh).toFixed(2), width: Math.max(1, w - 1).toFixed(2), height: bh.toFixed(2), class: i >= bars.length - tail ? 'dist-bar tail' : 'dist-bar' }));
  });
  box.append(svg('line', { x1: 0, x2: CHART_W, y1: CHART_H - 0.5, y2: CHART_H - 0.5, class: 'dist-axis' }));
  const title = svg('title');
  title.textContent = label;
  box.prepend(title);
  box.setAttribute('aria-label', label);
  return box;
}

// Kinds an indicator cannot be made of (their switch is off and disabled).
const UNSCORABLE = new Set(['empty', 'date', 'id', 'text']);
const FIXED_ROLES = new Set(['id', 'label', 'outcome']);

export function createBuilderView(root, bar, app) {
  const ctl = app.controller;
  const b = ctl.builder;

  // "New model from this table": beside the table read last (even a read that failed).
  const startBtn = h('button', { type: 'button', testid: 'builder-start', onclick: () => ctl.startBuilder(ctl.lastSource, { reason: 'button' }) });
  const barText = h('span', { class: 'muted' });
  replace(bar, startBtn, barText);

  // At once when a table has (almost) none of the model's columns: the builder is the way on.
  ctl.addEventListener('error', (/** @type {CustomEvent} */ e) => {
    const d = e.detail;
    if (d.error?.name !== 'KenkoTableError' || !d.header?.length || !d.model || !d.retry?.source) return;
    if (!fitsPoorly(d.model.info.columns ?? [], d.header)) return; // a mapping is the better way
    ctl.startBuilder(d.retry.source, { reason: 'unmatched', encoding: d.retry.options?.encoding ?? 'auto' });
    requestAnimationFrame(() => root.scrollIntoView({ block: 'start' }));
  });
  // A table read with a model: the builder's table is not the one in hand any more.
  ctl.addEventListener('table', () => { if (b.open && b.status !== 'applying') b.close(); syncBar(); });
  ctl.addEventListener('error', syncBar);
  ctl.addEventListener('builder', render);
  onLangChange(() => { render(); syncBar(); });

  function syncBar() {
    const src = ctl.lastSource;
    bar.hidden = !src || b.open;
    startBtn.textContent = t('builder.start');
    barText.textContent = src ? t('builder.startHint', { name: src.name }) : '';
  }

  // Everything is re-rendered on each change; the focused control is found again by its testid.
  function render() {
    syncBar();
    root.hidden = !b.open;
    if (!b.open) { replace(root); return; }
    const focused = /** @type {HTMLElement|null} */ (document.activeElement)?.dataset?.testid;
    const head = h('div', { class: 'panel-head' },
      h('h2', { id: 'builder-title', text: t('builder.title', { name: b.source?.name ?? '' }) }),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'primary', testid: 'builder-apply', disabled: b.status !== 'ready' || !b.proposal, text: b.status === 'applying' ? t('builder.applying') : t('builder.apply'), onclick: () => b.apply() }),
        h('button', { type: 'button', testid: 'builder-close', text: t('builder.close'), onclick: () => b.close() })));
    const intro = h('p', { class: 'hint', testid: 'builder-intro', text: b.reason === 'unmatched' ? t('builder.introUnmatched', { model: ctl.model?.info.name ?? '' }) : t('builder.intro') });
    const parts = [head, intro];
    if (b.status === 'profiling') {
      const p = b.progress;
      parts.push(h('div', { class: 'progress', testid: 'builder-progress' },
        h('progress', { max: 1, value: p?.totalBytes ? p.bytes / p.totalBytes : 0 }),
        h('span', { class: 'progress-text', 'aria-live': 'polite', text: t('builder.profiling', { rows: fmtInt(p?.rows ?? 0) }) })));
    }
    if (b.error) parts.push(h('p', { class: 'builder-error', role: 'alert', testid: 'builder-error', text: t('builder.error', { msg: errorText(b.error) }) }));
    if (b.profile) parts.push(controls(), summary(), table());
    replace(root, ...parts);
    root.setAttribute('aria-busy', b.status === 'profiling' || b.status === 'proposing' || b.status === 'applying' ? 'true' : 'false');
    if (focused) /** @type {HTMLElement|null} */ (root.querySelector(`[data-testid="${CSS.escape(focused)}"]`))?.focus({ preventScroll: true });
  }

  function controls() {
    const prof = b.profile;
    const outcomeOk = (c) => c.read && (c.kind === 'yes/no' || c.kind === 'category' || ((c.kind === 'number' || c.kind === 'percent') && c.distinct <= 20));
    const outcome = h('select', { id: 'builder-outcome', testid: 'builder-outcome', onchange: () => b.choose({ outcome: outcome.value }) },
      h('option', { value: '', text: t('builder.noOutcome') }),
      prof.columns.filter(outcomeOk).map((c) => h('option', { value: c.name, text: c.name, selected: c.name === b.choices.outcome })));
    outcome.value = b.choices.outcome;
    const pos = b.proposal?.outcome?.positive ?? b.choices.positive;
    const positive = h('input', { type: 'text', id: 'builder-positive', testid: 'builder-positive', value: (pos ?? []).join(', '), disabled: !b.choices.outcome,
      onchange: () => b.choose({ positive: positive.value.split(',').map((s) => s.trim()).filter(Boolean) }) });
    const name = h('input', { type: 'text', id: 'builder-name', testid: 'builder-name', value: b.choices.name || b.proposal?.model?.name || '',
      onchange: () => b.choose({ name: name.value.trim() }) });
    return h('div', { class: 'field-grid builder-controls' },
      h('div', { class: 'field' }, h('label', { for: 'builder-outcome', text: t('builder.outcome') }), outcome, h('span', { class: 'field-hint', text: t('builder.outcomeHint') })),
      h('div', { class: 'field' }, h('label', { for: 'builder-positive', text: t('builder.positive') }), positive),
      h('div', { class: 'field' }, h('label', { for: 'builder-name', text: t('builder.name') }), name));
  }

  function summary() {
    const p = b.proposal;
    const prof = b.profile;
    const lines = [t('builder.tableLine', { rows: fmtInt(prof.rows), columns: fmtInt(prof.columns.length), encoding: prof.encoding })];
    if (b.status === 'proposing') lines.push(t('builder.proposing'));
    if (p) {
      const inds = p.columns.filter((c) => c.role === 'indicator');
      const dims = new Set(inds.map((c) => b.dimensionOf(c)));
      lines.push(t('builder.modelLine', { n: inds.length, d: dims.size }));
      if (p.outcome) lines.push(t('builder.outcomeLine', { column: p.outcome.column, positive: fmtInt(p.outcome.positiveCount), negative: fmtInt(p.outcome.negativeCount) }));
      if (p.outcome && b.outcomeGuessed) lines.push(t('builder.outcomeGuessed', { column: p.outcome.column }));
      if (p.fit) lines.push(t('builder.fitLine', { before: fmtAuc(p.fit.heldoutAucBefore), after: fmtAuc(p.fit.heldoutAucAfter), customers: fmtInt(p.fit.customers) }));
      const leaks = p.columns.filter((c) => c.leak && !c.include).length;
      if (leaks) lines.push(t('builder.leakLine', { n: leaks }));
    }
    return h('div', { class: 'builder-summary', testid: 'builder-summary', 'aria-live': 'polite' },
      lines.map((l) => h('p', { text: l })),
      p?.notes?.length ? h('ul', { class: 'builder-notes', testid: 'builder-notes' }, p.notes.map((n) => h('li', { text: n }))) : null);
  }

  function directionCell(col) {
    const name = col.name;
    if (col.direction == null) return h('td', { class: 'muted', text: col.kind === 'category' && col.role === 'indicator' ? t('builder.byRate') : '—' });
    const yesNo = col.kind === 'yes/no';
    const sel = h('select', { testid: `builder-direction-${name}`, 'aria-label': t('builder.directionOf', { name }), class: col.directionFrom === 'assumed' ? 'ask' : null,
      onchange: () => b.setDirection(name, sel.value) },
      h('option', { value: 'higher', text: t(yesNo ? 'builder.yesBetter' : 'builder.higherBetter') }),
      h('option', { value: 'lower', text: t(yesNo ? 'builder.noBetter' : 'builder.lowerBetter') }));
    sel.value = col.direction;
    const from = col.directionFrom === 'outcome' && col.auc != null ? t('builder.from.outcome', { auc: fmtAuc(col.auc) })
      : col.directionFrom ? t(`builder.from.${col.directionFrom}`) : '';
    return h('td', { class: 'builder-direction' }, sel, from ? h('span', { class: ['from', col.directionFrom === 'assumed' ? 'ask' : ''], text: from, title: col.directionReason ?? '' }) : null);
  }

  function dimensionCell(col) {
    if (col.role !== 'indicator') return h('td', { class: 'muted', text: '—' });
    const sel = h('select', { testid: `builder-dimension-${col.name}`, 'aria-label': t('builder.dimensionOf', { name: col.name }), onchange: () => b.setDimension(col.name, sel.value) },
      DIMENSIONS.map((d) => h('option', { value: d, text: t(`builder.dim.${d}`) })));
    sel.value = b.dimensionOf(col) ?? 'other';
    const words = col.dimensionWords ? t('builder.dimWords', { words: col.dimensionWords }) : '';
    return h('td', null, sel, words ? h('span', { class: 'from', text: words, title: col.dimensionReason ?? '' }) : null);
  }

  function table() {
    const p = b.proposal;
    const prof = b.profile;
    const byName = new Map((p?.columns ?? []).map((c) => [c.name, c]));
    const rows = prof.columns.map((pc) => {
      const col = byName.get(pc.name) ?? { name: pc.name, kind: pc.kind, role: 'left out', include: false, reason: pc.unread ?? '', missingRate: pc.missingRate };
      const name = col.name;
      const fixed = FIXED_ROLES.has(col.role) || UNSCORABLE.has(col.kind) || !pc.read;
      const include = h('input', { type: 'checkbox', testid: `builder-include-${name}`, checked: !!col.include, disabled: fixed || !p,
        'aria-label': t('builder.includeOf', { name }), onchange: () => b.include(name, include.checked) });
      const chart = distributionChart(pc, col.values?.length ? col.values : null);
      const role = col.role === 'indicator' ? '' : t(`builder.role.${col.role === 'left out' ? 'out' : col.role}`);
      return h('tr', {
        testid: `builder-row-${name}`, class: [col.include ? 'on' : 'off', col.leak ? 'leak' : ''],
        dataset: { kind: col.kind, role: col.role, include: col.include ? 'true' : 'false', leak: col.leak ? 'true' : 'false', share: col.share ?? '', direction: col.direction ?? '', dimension: col.role === 'indicator' ? b.dimensionOf(col) ?? '' : '' },
      },
      h('td', { class: 'center' }, include),
      h('th', { scope: 'row' }, h('span', { class: 'col-name', text: name }),
        role ? h('span', { class: ['badge', `role-${col.role === 'left out' ? 'out' : col.role}`], text: role }) : null,
        col.leak ? h('span', { class: 'badge leak', testid: `builder-leak-${name}`, text: t('builder.leak'), title: t('builder.leakHint') }) : null),
      h('td', { class: 'kind', text: t(`builder.kind.${col.kind}`) }),
      h('td', { class: 'num', text: fmtPct(pc.missingRate ?? col.missingRate ?? 0) }),
      h('td', { class: 'chart', testid: `builder-chart-${name}` }, chart ?? h('span', { class: 'muted', text: pc.distinct != null ? t('builder.distinct', { n: fmtInt(pc.distinct) }) : '' })),
      h('td', { class: 'rule', title: col.rule ?? '', text: col.role === 'indicator' ? ruleText(col, p?.model) : '' }),
      directionCell(col),
      dimensionCell(col),
      h('td', { class: 'num', testid: `builder-share-${name}`, text: col.share != null ? fmtPct(col.share) : '' }),
      h('td', { class: 'reason', testid: `builder-reason-${name}`, title: col.reason ?? '', text: reasonText(col) }));
    });
    const cols = ['builder.include', 'builder.column', 'builder.kind', 'builder.missing', 'builder.distribution', 'builder.rule', 'builder.direction', 'builder.dimension', 'builder.share', 'builder.reason'];
    return h('div', { class: 'table-scroll builder-scroll' },
      h('table', { class: 'data-table compact builder-table', testid: 'builder-table', 'aria-labelledby': 'builder-title' },
        h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col', class: k === 'builder.share' ? 'num wrap' : k === 'builder.missing' ? 'num' : k === 'builder.reason' || k === 'builder.rule' ? 'wrap' : null, text: t(k) })))),
        h('tbody', null, rows)));
  }

  render();
  syncBar();
  return { render };
}
