// The what-if simulator: a slider per indicator weight, per dimension weight and per segment
// bound. Every move re-scores in the engine (the controller coalesces moves per animation
// frame, one request in flight); the from→to matrix shows who moves where, and a click on a
// cell filters the customer table to them.
import { h, replace, nextId } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmtInt, fmtWeight, fmtPct, fmtAuc, fmtAucDelta, fmtValue } from '../lib/format.js';
import { segmentColors } from '../lib/colors.js';
import { tiersOf, moveTone } from '../lib/tiers.js';

export function createWhatIfView(root, matrixRoot, app) {
  const ctl = app.controller;
  const sliders = new Map(); // `${kind}:${id}` → {range, number, row, kind, id}
  let link = true; // move equal thresholds together

  const title = h('h2', { id: 'whatif-title' });
  const intro = h('p', { class: 'hint' });
  const resetBtn = h('button', { type: 'button', testid: 'whatif-reset', onclick: () => ctl.resetWhatIf() });
  const status = h('span', { class: 'muted whatif-status', testid: 'whatif-status', 'aria-live': 'polite' });
  const groups = h('div', { class: 'slider-groups' });
  // The AUC of the scores in force, live (small tables: every frame; large: once settled).
  const aucValue = h('strong', { class: 'auc-live-value' });
  const aucDelta = h('span', { class: 'auc-live-delta' });
  const aucNote = h('span', { class: 'muted auc-live-note' });
  const aucBox = h('div', { class: 'auc-live', testid: 'whatif-auc', 'aria-live': 'polite', hidden: true },
    h('span', { class: 'auc-live-label', text: 'AUC' }), aucValue, aucDelta, aucNote);
  // Rules changed as a what-if (thresholds learnt from healthy customers): each can be undone.
  const rulesBox = h('div', { class: 'whatif-rules', testid: 'whatif-rules', hidden: true });
  replace(root, h('div', { class: 'panel-head' }, title, resetBtn), intro, aucBox, status, rulesBox, groups);
  root.setAttribute('aria-labelledby', 'whatif-title');

  function step(max) {
    return max <= 10 ? 0.1 : max <= 50 ? 0.5 : 1;
  }

  // The step of an arrow key: about a twentieth of a weight slider's range (1, 2 or 5 times a
  // power of ten), one point for a segment bound; Page Up/Down move five steps.
  function arrowStep(kind, min, max) {
    if (kind === 'min' || kind === 'max') return 1;
    const raw = (max - min) / 20;
    const p = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw * 0.75) ?? p * 10;
  }

  /**
   * @param {string} kind @param {string} id @param {string} label
   * @param {{min: number, max: number, stepSize: number, hint?: string}} range
   */
  function slider(kind, id, label, { min, max, stepSize, hint }) {
    const key = `${kind}:${id}`;
    const inputId = nextId('wi'); // unique whatever the ids' script (Japanese ids map to one '_' name)
    const testid = kind === 'indicator' ? `slider-indicator-${id}` : kind === 'dimension' ? `slider-dimension-${id}` : `slider-segment-${kind}-${id}`;
    const value = ctl.whatIfValue(kind, id);
    // One Tab stop per slider: the range. Enter (or F2) types a value in the number field,
    // Delete puts the model's value back, arrows step by arrowStep (a twentieth of the range).
    const range = h('input', {
      type: 'range', id: inputId, min, max, step: stepSize, value, testid,
      dataset: { kind, id }, 'aria-keyshortcuts': 'Enter Delete',
      oninput: () => change(kind, id, Number(range.value)),
      onkeydown: (e) => keyOnSlider(e, kind, id, range, number),
    });
    const number = h('input', {
      type: 'number', min, max: kind === 'min' || kind === 'max' ? max : null, step: stepSize, value, class: 'slider-number',
      testid: `${testid}-value`, 'aria-label': label, tabindex: -1,
      onchange: () => {
        const v = Number(number.value);
        if (number.value === '' || !Number.isFinite(v) || v < 0) { number.value = ctl.whatIfValue(kind, id); return; }
        if (v > Number(range.max)) range.max = String(v);
        change(kind, id, v);
      },
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault();
          if (e.key === 'Enter') number.dispatchEvent(new Event('change'));
          else number.value = ctl.whatIfValue(kind, id);
          range.focus();
        }
      },
    });
    const undo = h('button', { type: 'button', class: 'icon-button small', testid: `${testid}-reset`, title: t('whatif.resetOne'), 'aria-label': `${t('whatif.resetOne')}: ${label}`, text: '↺', tabindex: -1,
      onclick: () => change(kind, id, ctl.modelValue(kind, id)) });
    const base = h('span', { class: 'slider-base', text: t('whatif.baseline', { v: fmtWeight(ctl.modelValue(kind, id)) }) });
    // A weight's effective share of the score (under the weights in force, once they settle).
    const share = kind === 'indicator' || kind === 'dimension' ? h('span', { class: 'slider-share', testid: `${testid}-share`, title: t('shares.hint') }) : null;
    const row = h('div', { class: 'slider-row' },
      h('label', { for: inputId, class: 'slider-label', text: label, title: hint ?? label }),
      h('div', { class: 'slider-line' }, range, number, undo), h('div', { class: 'slider-foot' }, base, share));
    sliders.set(key, { range, number, row, kind, id, share });
    return row;
  }

  /** Keys on a slider (see slider()); returns true when handled. */
  function keyOnSlider(e, kind, id, range, number) {
    const min = Number(range.min), max = Number(range.max);
    const stepBy = arrowStep(kind, min, max);
    const cur = Number(range.value);
    let next;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowUp': next = cur + stepBy; break;
      case 'ArrowLeft': case 'ArrowDown': next = cur - stepBy; break;
      case 'PageUp': next = cur + 5 * stepBy; break;
      case 'PageDown': next = cur - 5 * stepBy; break;
      case 'Home': next = min; break;
      case 'End': next = max; break;
      case 'Enter': case 'F2':
        e.preventDefault();
        number.focus();
        number.select();
        return true;
      case 'Delete': case 'Backspace':
        e.preventDefault();
        change(kind, id, ctl.modelValue(kind, id));
        return true;
      default: return false;
    }
    e.preventDefault();
    // Snapped to the step's grid, within the range, without binary noise (0.30000000000000004).
    next = Math.min(max, Math.max(min, Math.round(next / stepBy) * stepBy));
    next = Number(next.toPrecision(12));
    range.value = String(next);
    change(kind, id, next);
    return true;
  }

  function change(kind, id, value) {
    if ((kind === 'min' || kind === 'max') && link) {
      // Every bound that sat on the same threshold in the model moves with this one.
      const v0 = ctl.modelValue(kind, id);
      for (const s of ctl.segments) {
        for (const k of ['min', 'max']) {
          if (s[k] != null && s[k] === v0) ctl.setWhatIf(k, s.id, value);
        }
      }
    } else ctl.setWhatIf(kind, id, value);
  }

  function build() {
    sliders.clear();
    title.textContent = t('whatif.title');
    intro.textContent = t('whatif.intro');
    resetBtn.textContent = t('whatif.reset');
    if (!ctl.model) { replace(groups); return; }
    const info = ctl.model.info;
    const out = [];
    if (info.dimensions.length) {
      out.push(group(t('whatif.dimensions'), 'dimensions', info.dimensions.map((d) =>
        slider('dimension', d.id, d.label || d.id, { min: 0, max: Math.max(10, Math.ceil(d.weight * 3)), stepSize: step(Math.max(10, d.weight * 3)) }))));
    }
    const byDim = info.dimensions.length ? info.dimensions.map((d) => [d.label || d.id, info.indicators.filter((x) => x.dimension === d.id)]) : [[null, info.indicators]];
    const indRows = [];
    // Folded by dimension (open on the page, folded in workshop mode: the dimensions come first).
    const folded = document.body.classList.contains('workshop');
    for (const [dimLabel, inds] of byDim) {
      const rows = inds.map((x) => {
        const max = Math.max(10, Math.ceil(x.weight * 3));
        return slider('indicator', x.id, x.label || x.id, { min: 0, max, stepSize: step(max), hint: `${x.id}: ${x.label ?? ''}` });
      });
      if (dimLabel) indRows.push(h('details', { class: 'slider-dim', open: !folded }, h('summary', { class: 'slider-sub', text: dimLabel }), rows));
      else indRows.push(...rows);
    }
    out.push(group(t('whatif.indicators'), 'indicators', indRows));
    const segRows = [];
    for (const s of info.segments) {
      for (const k of ['min', 'max']) {
        if (s[k] == null) continue;
        segRows.push(slider(k, s.id, `${s.label || s.id} — ${t(k === 'min' ? 'whatif.min' : 'whatif.max')}`, { min: 0, max: 100, stepSize: 0.5 }));
      }
    }
    if (segRows.length) {
      const linkBox = h('input', { type: 'checkbox', id: 'wi-link', testid: 'whatif-link-thresholds', checked: link, onchange: () => { link = linkBox.checked; } });
      out.push(group(t('whatif.segments'), 'segments', [
        h('div', { class: 'check-row' }, linkBox, h('label', { for: 'wi-link', text: t('whatif.link') })),
        ...segRows]));
    }
    replace(groups, out);
    sync();
  }

  function group(label, key, rows) {
    return h('details', { class: 'slider-group', open: true, testid: `whatif-group-${key}` }, h('summary', { text: label }), rows);
  }

  // Slider positions from the controller's state (after a reset, a scenario, a refused value).
  function sync() {
    for (const s of sliders.values()) {
      const v = ctl.whatIfValue(s.kind, s.id);
      const base = ctl.modelValue(s.kind, s.id);
      if (v != null && v > Number(s.range.max)) s.range.max = String(Math.ceil(v * 2)); // room to adjust (fitted weights add up to 100)
      if (v != null && Math.abs(v / Number(s.range.step) - Math.round(v / Number(s.range.step))) > 1e-9) s.range.step = '0.01';
      if (document.activeElement !== s.range) s.range.value = v ?? '';
      if (document.activeElement !== s.number) s.number.value = v ?? '';
      s.row.classList.toggle('changed', v !== base);
    }
    resetBtn.disabled = !ctl.hasWhatIf();
    syncShares();
    renderRules();
  }

  function syncShares() {
    for (const s of sliders.values()) {
      if (!s.share) continue;
      const v = ctl.shareOf(s.kind, s.id);
      s.share.textContent = v == null ? '' : t('shares.ofScore', { pct: fmtPct(v) });
      s.share.dataset.share = v == null ? '' : String(v);
    }
  }

  function renderRules() {
    const rules = ctl.whatIfState().rules ?? {};
    const ids = Object.keys(rules);
    rulesBox.hidden = ids.length === 0;
    if (!ids.length) { replace(rulesBox); return; }
    const info = ctl.model.info;
    replace(rulesBox, h('h4', { class: 'slider-sub', text: t('whatif.rules') }),
      ids.map((id) => {
        const ind = info.indicators.find((x) => x.id === id);
        const label = ind?.label || id;
        return h('div', { class: 'slider-row changed', testid: `whatif-rule-${id}`, dataset: { rule: JSON.stringify(rules[id]) } },
          h('span', { class: 'slider-label', text: label }),
          h('span', { class: 'muted', text: ruleText(rules[id]) }),
          h('button', { type: 'button', class: 'icon-button small', testid: `whatif-rule-reset-${id}`, title: t('whatif.resetOne'), 'aria-label': `${t('whatif.resetOne')}: ${label}`, text: '↺',
            onclick: () => ctl.setWhatIfRule(id, null) }));
      }));
  }

  function ruleText(rule) {
    const f = (x) => String(+Number(x).toPrecision(4));
    if (rule?.type === 'linear') return `${f(rule.from)} → ${f(rule.to)}`;
    if (rule?.type === 'bands') return rule.bands.filter((b) => b.min != null || b.max != null).map((b) => (b.min != null ? `≥ ${f(b.min)}` : `< ${f(b.max)}`)).join(' · ');
    return rule?.type ?? '';
  }

  // ---- the from → to matrix ----------------------------------------------------------
  const mTitle = h('h2', { id: 'moves-title' });
  const mTotal = h('p', { class: 'moves-total', testid: 'moves-total', 'aria-live': 'polite' });
  const mTable = h('div', { class: 'table-scroll' });
  replace(matrixRoot, h('div', { class: 'panel-head' }, mTitle), mTotal, mTable);
  matrixRoot.setAttribute('aria-labelledby', 'moves-title');

  function renderMatrix() {
    mTitle.textContent = t('moves.title');
    const d = ctl.derived;
    if (!d) { replace(mTable); mTotal.textContent = ''; return; }
    const segs = ctl.segments;
    const n = segs.length;
    const w = n + 2;
    const { matrix, moved } = d.moves;
    const rows = ctl.results.rows;
    const vm = d.valueMoves;
    mTotal.textContent = moved ? t('moves.total', { n: fmtInt(moved), pct: fmtPct(rows ? moved / rows : 0) }) +
      (vm ? ` ${t('value.moved', { value: fmtValue(vm.moved), column: ctl.model.info.valueColumn })}` : '') : t('moves.none');
    mTotal.dataset.moved = moved;
    if (vm) mTotal.dataset.valueMoved = vm.moved;
    const tiers = tiersOf(segs);
    const ids = [...segs.map((s) => s.id), 'none', 'unscored'];
    const labels = [...segs.map((s) => s.label || s.id), t('segment.none'), t('segment.unscored')];
    const colors = segmentColors(segs);
    // Only segments that hold someone, before or after.
    const used = [];
    for (let o = 0; o < w; o++) {
      let any = false;
      for (let k = 0; k < w && !any; k++) any = matrix[o * w + k] > 0 || matrix[k * w + o] > 0;
      // Workshop mode shows only the segments that hold someone (room on the projector).
      if (any || (o < n && !document.body.classList.contains('workshop'))) used.push(o);
    }
    const head = h('tr', null, h('th', { scope: 'col', class: 'corner', text: t('moves.corner') }),
      used.map((o) => colHead(labels[o], colors[o])));
    const body = used.map((from) => h('tr', null,
      rowHead(labels[from], colors[from]),
      used.map((to) => {
        const c = matrix[from * w + to];
        const testid = `move-${ids[from]}-${ids[to]}`;
        if (from === to) return h('td', { class: 'diag', testid, dataset: { count: c }, text: c ? fmtInt(c) : '' });
        if (!c) return h('td', { class: 'zero', testid, dataset: { count: 0 } });
        const tone = moveTone(from, to, tiers);
        const v = vm ? vm.matrix[from * w + to] : null;
        return h('td', { class: ['moved', tone], dataset: { count: c, tone, ...(v != null ? { value: v } : {}) } }, h('button', {
          type: 'button', testid, text: fmtInt(c),
          title: t('moves.cellTitle', { n: fmtInt(c), from: labels[from], to: labels[to] }) + (v != null ? ` · ${fmtValue(v)}` : '') + (tone !== 'same' ? ` · ${t(`tone.${tone}`)}` : ''),
          onclick: () => app.table.setMoveFilter(from, to),
        }));
      })));
    replace(mTable, h('table', { class: 'moves', testid: 'moves-matrix' }, h('caption', { class: 'visually-hidden', text: t('moves.caption') }), h('thead', null, head), h('tbody', null, body)));
  }

  function colHead(label, color) {
    const sw = h('span', { class: 'legend-swatch' });
    sw.style.background = color;
    return h('th', { scope: 'col', title: label }, sw, h('span', { class: 'vertical', text: label }));
  }
  function rowHead(label, color) {
    const sw = h('span', { class: 'legend-swatch' });
    sw.style.background = color;
    return h('th', { scope: 'row', title: label }, sw, label);
  }

  function renderAuc() {
    aucBox.hidden = !ctl.hasOutcome || !ctl.results;
    if (aucBox.hidden) return;
    const a = ctl.auc;
    const base = ctl.baseValidation?.auc ?? null;
    aucValue.textContent = fmtAuc(a.value);
    aucValue.title = a.value == null ? '' : String(a.value);
    aucBox.dataset.auc = a.value ?? '';
    aucBox.dataset.pending = a.pending ? 'true' : 'false';
    aucBox.classList.toggle('pending', a.pending);
    const d = a.value != null && base != null ? a.value - base : null;
    aucDelta.textContent = d != null && ctl.hasWhatIf() ? fmtAucDelta(d) : '';
    aucDelta.className = ['auc-live-delta', d > 0.0005 ? 'up' : d < -0.0005 ? 'down' : ''].join(' ');
    aucBox.dataset.delta = d ?? '';
    aucNote.textContent = a.pending ? t('whatif.aucPending') : ctl.hasWhatIf() ? t('whatif.aucBaseline', { auc: fmtAuc(base) }) : t('whatif.aucHint');
  }

  ctl.addEventListener('table', () => { build(); renderMatrix(); renderAuc(); });
  app.events.addEventListener('workshop', (e) => {
    for (const d of groups.querySelectorAll('details.slider-dim')) d.open = !e.detail.on;
    renderMatrix();
  });
  for (const ev of ['auc', 'validation', 'whatif', 'model']) ctl.addEventListener(ev, renderAuc);
  onLangChange(renderAuc);
  ctl.addEventListener('model', build);
  ctl.addEventListener('whatif', sync);
  ctl.addEventListener('shares', syncShares);
  ctl.addEventListener('scores', renderMatrix);
  ctl.addEventListener('results', renderMatrix);
  ctl.addEventListener('busy', () => { status.textContent = ctl.busy() && ctl.hasWhatIf() ? t('whatif.scoring') : ''; });
  onLangChange(() => { build(); renderMatrix(); });
  build();
  renderMatrix();
}
