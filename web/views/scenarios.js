// Named what-if scenarios (weights and bounds), kept in this browser's localStorage; apply one,
// export/import it as JSON, and compare two side by side (customers per segment, mean score,
// customers moved from the baseline and between the two).
import { h, replace, download } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtDelta, fmtAuc, fmtAucDelta, fmtValue, fmtValueDelta } from '../lib/format.js';
import { segmentColors } from '../lib/colors.js';
import { moveMatrix } from '../lib/segments-diff.js';
import { tiersOf, segmentTone, moveTone } from '../lib/tiers.js';

const STORAGE_KEY = 'kenko.scenarios.v1';

export function loadScenarios() {
  try {
    const list = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((s) => s && typeof s.name === 'string' && s.state) : [];
  } catch {
    return [];
  }
}

function saveScenarios(list) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
}

/** A scenario as exported: {kenkoScenario: 1, name, model, savedAt, state, report?: {title, client, notes}}. */
export function scenarioJson(s) {
  return JSON.stringify({ kenkoScenario: 1, name: s.name, model: s.model, savedAt: s.savedAt, state: s.state, ...(s.report ? { report: s.report } : {}) }, null, 2);
}

// Two what-if states are the same scenario (the empty parts and key order aside).
const canonicalState = (x) => JSON.stringify(['indicators', 'dimensions', 'bounds', 'rules'].map((k) => Object.entries(x?.[k] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

export function createScenariosView(root, app) {
  const ctl = app.controller;
  const title = h('h2', { id: 'scenarios-title' });
  const nameLabel = h('label', { for: 'scenario-name', class: 'visually-hidden' });
  const name = h('input', { type: 'text', id: 'scenario-name', testid: 'scenario-name', maxlength: 80 });
  const saveBtn = h('button', { type: 'button', class: 'primary', testid: 'scenario-save', onclick: () => save() });
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter') save(); });
  const importInput = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', tabindex: -1, id: 'scenario-import', testid: 'scenario-import', onchange: () => importFile() });
  const importBtn = h('button', { type: 'button', testid: 'scenario-import-button', onclick: () => importInput.click() });
  const list = h('ul', { class: 'scenario-list', testid: 'scenario-list' });
  const aLabel = h('label', { for: 'scenario-a', class: 'inline-label' });
  const bLabel = h('label', { for: 'scenario-b', class: 'inline-label' });
  const selA = h('select', { id: 'scenario-a', testid: 'scenario-compare-a' });
  const selB = h('select', { id: 'scenario-b', testid: 'scenario-compare-b' });
  const compareBtn = h('button', { type: 'button', testid: 'scenario-compare', onclick: () => compare() });
  const result = h('div', { class: 'table-scroll', testid: 'scenario-comparison', 'aria-live': 'polite' });
  const compareTitle = h('h3');
  // The switcher: the model as loaded and each saved scenario, one click (or N / B in workshop
  // mode) away; the comparison then shows the model against it.
  const switcherLabel = h('span', { class: 'field-label' });
  const switcher = h('div', { class: 'scenario-switcher button-row', testid: 'scenario-switcher', role: 'group' });
  /** {la, lb, a, b} of the last comparison shown (the printed report repeats it) */
  let last = null;
  replace(root,
    h('div', { class: 'panel-head' }, title),
    h('div', { class: 'switcher-box' }, switcherLabel, switcher),
    h('div', { class: 'scenario-save' }, nameLabel, name, saveBtn, importBtn, importInput),
    list,
    compareTitle,
    h('div', { class: 'compare-row' }, aLabel, selA, bLabel, selB, compareBtn),
    result);
  root.setAttribute('aria-labelledby', 'scenarios-title');

  function save() {
    if (!ctl.model) return;
    const n = name.value.trim() || t('scenarios.defaultName', { n: loadScenarios().length + 1 });
    const all = loadScenarios().filter((s) => s.name !== n);
    all.push({ name: n, model: ctl.model.info.name ?? '', savedAt: new Date().toISOString(), state: ctl.whatIfState(), report: app.report?.fields() ?? undefined });
    try {
      saveScenarios(all);
    } catch (err) {
      app.showError(err);
      return;
    }
    name.value = '';
    render();
  }

  async function importFile() {
    const f = importInput.files[0];
    importInput.value = '';
    if (!f) return;
    try {
      const obj = JSON.parse(await f.text());
      if (!obj || typeof obj !== 'object' || !obj.state || typeof obj.state !== 'object') throw new Error(t('scenarios.badFile', { name: f.name }));
      const n = String(obj.name ?? f.name.replace(/\.json$/i, ''));
      const all = loadScenarios().filter((s) => s.name !== n);
      all.push({ name: n, model: String(obj.model ?? ''), savedAt: obj.savedAt ?? new Date().toISOString(), state: obj.state, report: obj.report && typeof obj.report === 'object' ? obj.report : undefined });
      saveScenarios(all);
      render();
    } catch (err) {
      app.showError(err instanceof SyntaxError ? new Error(t('scenarios.badFile', { name: f.name })) : err);
    }
  }

  function render() {
    title.textContent = t('scenarios.title');
    nameLabel.textContent = t('scenarios.name');
    name.placeholder = t('scenarios.namePlaceholder');
    saveBtn.textContent = t('scenarios.save');
    importBtn.textContent = t('scenarios.import');
    compareTitle.textContent = t('scenarios.compare');
    aLabel.textContent = 'A';
    bLabel.textContent = 'B';
    compareBtn.textContent = t('scenarios.compareButton');
    const all = loadScenarios();
    const modelName = ctl.model?.info.name ?? '';
    replace(list, all.length ? all.map((s) => h('li', { class: 'scenario', testid: `scenario-${s.name}`, dataset: { name: s.name } },
      h('div', { class: 'scenario-name' }, h('strong', { text: s.name }),
        h('span', { class: 'muted', text: `${s.model && s.model !== modelName ? `${s.model} · ` : ''}${describe(s.state)}` })),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', testid: `scenario-apply-${s.name}`, text: t('scenarios.apply'), onclick: () => apply(s) }),
        h('button', { type: 'button', testid: `scenario-export-${s.name}`, text: t('scenarios.export'), onclick: () => download(scenarioJson(s), `${fileSafe(s.name)}.scenario.json`, 'application/json') }),
        h('button', { type: 'button', class: 'danger-outline', testid: `scenario-delete-${s.name}`, text: t('scenarios.delete'),
          onclick: () => { saveScenarios(loadScenarios().filter((x) => x.name !== s.name)); render(); } }))))
      : h('li', { class: 'muted', text: t('scenarios.none') }));
    const opts = [
      { value: '@baseline', text: t('scenarios.baseline') },
      { value: '@current', text: t('scenarios.current') },
      ...all.map((s) => ({ value: s.name, text: s.name })),
    ];
    for (const [sel, def] of [[selA, '@baseline'], [selB, all.length ? all[all.length - 1].name : '@current']]) {
      const prev = sel.value;
      replace(sel, opts.map((o) => h('option', { value: o.value, text: o.text })));
      sel.value = opts.some((o) => o.value === prev) ? prev : def;
    }
    renderSwitcher();
  }

  // Puts a scenario in force (its report title, client and notes too) and compares it with
  // the model as loaded.
  function apply(sc) {
    ctl.setWhatIfState(sc ? sc.state : {});
    if (sc?.report) app.report?.setFields(sc.report);
    renderSwitcher();
    if (!ctl.results) return;
    selA.value = '@baseline';
    selB.value = sc ? sc.name : '@current';
    compare();
  }

  function renderSwitcher() {
    switcherLabel.textContent = t('scenarios.switcher');
    const now = canonicalState(ctl.whatIfState());
    const all = loadScenarios();
    const item = (sc, label, testid) => {
      const pressed = canonicalState(sc ? sc.state : {}) === now;
      return h('button', { type: 'button', class: ['switch', pressed && 'selected'], testid, 'aria-pressed': pressed ? 'true' : 'false', text: label, onclick: () => apply(sc) });
    };
    replace(switcher, item(null, t('scenarios.baseline'), 'scenario-switch-baseline'), all.map((sc) => item(sc, sc.name, `scenario-switch-${sc.name}`)));
  }

  // N / B in workshop mode: the next / previous scenario of the switcher.
  app.events.addEventListener('scenario-step', (/** @type {CustomEvent} */ e) => {
    const list = [null, ...loadScenarios()];
    const now = canonicalState(ctl.whatIfState());
    const at = list.findIndex((sc) => canonicalState(sc ? sc.state : {}) === now);
    apply(list[(Math.max(0, at) + e.detail.by + list.length) % list.length]);
  });
  ctl.addEventListener('whatif', () => renderSwitcher());

  function describe(state) {
    const k = Object.keys(state.indicators ?? {}).length + Object.keys(state.dimensions ?? {}).length;
    const b = Object.keys(state.bounds ?? {}).length;
    const r = Object.keys(state.rules ?? {}).length;
    const dropped = ctl.model ? ctl.whatIfDropped(state) : 0;
    return t('scenarios.describe', { weights: k, bounds: b }) +
      (r ? t('scenarios.describeRules', { rules: r }) : '') +
      (dropped ? t('scenarios.partial', { n: dropped }) : '');
  }

  function stateOf(value) {
    if (value === '@baseline') return { indicators: {}, dimensions: {}, bounds: {} };
    if (value === '@current') return ctl.whatIfState();
    return loadScenarios().find((s) => s.name === value)?.state ?? null;
  }

  function labelOf(sel) {
    return sel.options[sel.selectedIndex]?.text ?? sel.value;
  }

  async function compare() {
    if (!ctl.results) return;
    const sa = stateOf(selA.value), sb = stateOf(selB.value);
    if (!sa || !sb) return;
    compareBtn.disabled = true;
    try {
      const [a, b] = [await ctl.evaluate(sa), await ctl.evaluate(sb)];
      renderComparison(labelOf(selA), labelOf(selB), a, b);
    } catch (err) {
      app.showError(err);
    } finally {
      compareBtn.disabled = false;
    }
  }

  function renderComparison(la, lb, a, b) {
    last = { la, lb, a, b };
    const segs = ctl.segments;
    const n = segs.length;
    const labels = [...segs.map((s) => s.label || s.id), t('segment.none'), t('segment.unscored')];
    const ids = [...segs.map((s) => s.id), 'none', 'unscored'];
    const rows = [];
    const bm = moveMatrix(a.segment, b.segment, n);
    const tiers = tiersOf(segs);
    for (let o = 0; o < n + 2; o++) {
      if (o >= n && !a.counts[o] && !b.counts[o]) continue;
      const d = b.counts[o] - a.counts[o];
      const tone = d ? segmentTone(o, bm.matrix, bm.size, tiers).tone : 'same';
      rows.push(h('tr', { testid: `compare-row-${ids[o]}`, dataset: { a: a.counts[o], b: b.counts[o], tone } },
        h('th', { scope: 'row', text: labels[o] }),
        h('td', { class: 'num', text: fmtInt(a.counts[o]) }),
        h('td', { class: 'num', text: fmtInt(b.counts[o]) }),
        h('td', { class: ['num', 'delta', tone], text: fmtDelta(d) })));
    }
    if (a.value && b.value) {
      // The value at stake in each segment (the model's value_column).
      for (let o = 0; o < n + 2; o++) {
        if (o >= n && !a.value[o] && !b.value[o]) continue;
        const d = b.value[o] - a.value[o];
        const tone = d ? segmentTone(o, bm.matrix, bm.size, tiers).tone : 'same';
        rows.push(h('tr', { class: o === 0 ? 'sep' : null, testid: `compare-value-${ids[o]}`, dataset: { a: a.value[o], b: b.value[o] } },
          h('th', { scope: 'row', text: `${labels[o]} · ${ctl.model.info.valueColumn}` }),
          h('td', { class: 'num', text: fmtValue(a.value[o]) }),
          h('td', { class: 'num', text: fmtValue(b.value[o]) }),
          h('td', { class: ['num', 'delta', tone], text: fmtValueDelta(d) })));
      }
    }
    const between = bm.moved;
    rows.push(h('tr', { class: 'sep', testid: 'compare-row-mean' }, h('th', { scope: 'row', text: t('scenarios.mean') }),
      h('td', { class: 'num', text: fmt2(a.mean) }), h('td', { class: 'num', text: fmt2(b.mean) }), h('td', { class: 'num', text: fmtDelta(b.mean - a.mean, 2) })));
    if (ctl.hasOutcome) {
      rows.push(h('tr', { testid: 'compare-row-auc', dataset: { a: a.auc ?? '', b: b.auc ?? '' } }, h('th', { scope: 'row', text: t('scenarios.auc') }),
        h('td', { class: 'num', text: fmtAuc(a.auc), title: a.auc == null ? '' : String(a.auc) }),
        h('td', { class: 'num', text: fmtAuc(b.auc), title: b.auc == null ? '' : String(b.auc) }),
        h('td', { class: 'num', text: a.auc != null && b.auc != null ? fmtAucDelta(b.auc - a.auc) : '' })));
    }
    rows.push(h('tr', { testid: 'compare-row-moved' }, h('th', { scope: 'row', text: t('scenarios.movedFromBaseline') }),
      h('td', { class: 'num', text: fmtInt(a.moves.moved) }), h('td', { class: 'num', text: fmtInt(b.moves.moved) }), h('td', { class: 'num', text: fmtDelta(b.moves.moved - a.moves.moved) })));
    replace(result,
      h('table', { class: 'compare-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('scenarios.segment') }), h('th', { scope: 'col', class: 'num', text: `A: ${la}` }), h('th', { scope: 'col', class: 'num', text: `B: ${lb}` }), h('th', { scope: 'col', class: 'num', text: 'B − A' }))),
        h('tbody', null, rows)),
      h('p', { class: 'moves-total', testid: 'compare-between', dataset: { moved: between }, text: t('scenarios.between', { n: fmtInt(between) }) }),
      between ? betweenMatrix(bm, ids, labels) : null);
  }

  // Who is where in A (rows) and in B (columns).
  function betweenMatrix({ matrix, size: w }, ids, labels) {
    const colors = segmentColors(ctl.segments);
    const used = [];
    for (let o = 0; o < w; o++) {
      let any = false;
      for (let k = 0; k < w && !any; k++) any = matrix[o * w + k] > 0 || matrix[k * w + o] > 0;
      if (any) used.push(o);
    }
    const sw = (o) => { const e = h('span', { class: 'legend-swatch' }); e.style.background = colors[o]; return e; };
    return h('table', { class: 'moves compare-matrix', testid: 'compare-matrix' },
      h('caption', { class: 'visually-hidden', text: t('scenarios.matrixCaption') }),
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'corner', text: t('scenarios.matrixCorner') }),
        used.map((o) => h('th', { scope: 'col', title: labels[o] }, sw(o), h('span', { class: 'vertical', text: labels[o] }))))),
      h('tbody', null, used.map((from) => h('tr', null, h('th', { scope: 'row', title: labels[from] }, sw(from), labels[from]),
        used.map((to) => {
          const c = matrix[from * w + to];
          const tone = moveTone(from, to, tiersOf(ctl.segments));
          return h('td', { class: from === to ? 'diag' : c ? ['moved-static', tone] : 'zero', testid: `compare-move-${ids[from]}-${ids[to]}`, dataset: { count: c, tone }, text: c ? fmtInt(c) : '' });
        })))));
  }

  ctl.addEventListener('model', () => { replace(result); last = null; render(); });
  ctl.addEventListener('table', () => { replace(result); last = null; });
  // Entering workshop mode shows a comparison at once (A and B as selected).
  app.events.addEventListener('workshop', (e) => { if (e.detail.on && ctl.results && !result.firstChild) compare(); });
  onLangChange(() => { replace(result); render(); });
  window.addEventListener('storage', (e) => { if (e.key === STORAGE_KEY) render(); });
  render();
  // For the printed report: the comparison shown last (A and B as chosen), or a fresh one of
  // the model against the what-if in force.
  return {
    last: () => last,
    async comparison() {
      if (!ctl.results) return null;
      // The pair shown last, computed again (the what-if may have moved since); else the model
      // against the what-if in force.
      const [va, vb, la, lb] = last ? [selA.value, selB.value, labelOf(selA), labelOf(selB)]
        : ctl.hasWhatIf() ? ['@baseline', '@current', t('scenarios.baseline'), t('scenarios.current')] : [];
      if (!va) return null;
      const sa = stateOf(va), sb = stateOf(vb);
      if (!sa || !sb) return null;
      const [a, b] = [await ctl.evaluate(sa), await ctl.evaluate(sb)];
      return { la, lb, a, b };
    },
  };
}

export const fileSafe = (s) => String(s).replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'kenko';
