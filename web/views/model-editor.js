// The model editor: a form over the model JSON (indicators with their value source and rule,
// weights, dimensions, segments with colour and action, alerts, outcome) and a raw JSON view
// of the same draft; load and save model files; Apply = setModel, then the table is read
// again. Every validation problem the engine reports (error.problems[].path) is shown at its
// field and in a list; a refused model leaves the applied model and the results untouched.
// Keys the form does not know (x-… notes) are kept as they are.
import { h, replace, download, nextId } from '../lib/dom.js';
import { t, has, onLangChange, problemMessage, problemText } from '../i18n/index.js';
import { fileSafe } from './scenarios.js';
import { createLearnPanel } from './learn-bands.js';
import { fmtPct } from '../lib/format.js';

const RULE_TYPES = ['bands', 'linear', 'boolean', 'category', 'percentile'];
const SOURCES = ['column', 'ratio', 'change'];

export function parsePath(path) {
  const out = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m;
  while ((m = re.exec(path))) out.push(m[2] != null ? Number(m[2]) : m[1]);
  return out;
}

function getAt(obj, parts) {
  let o = obj;
  for (const p of parts) {
    if (o == null) return undefined;
    o = o[p];
  }
  return o;
}

function setAt(obj, parts, value) {
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (o[parts[i]] == null || typeof o[parts[i]] !== 'object') o[parts[i]] = typeof parts[i + 1] === 'number' ? [] : {};
    o = o[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) {
    if (Array.isArray(o)) o[last] = undefined;
    else delete o[last];
  } else o[last] = value;
}

/** '' → undefined (the key is removed), a number → Number, anything else kept as text (the engine names it). */
function parseNumber(s) {
  const v = s.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? n : v;
}

function defaultRule(type) {
  switch (type) {
    case 'bands': return { type, bands: [{ min: 1, points: 100 }, { points: 0 }] };
    case 'linear': return { type, from: 0, to: 100 };
    case 'category': return { type, map: { yes: 100 }, else: 0 };
    default: return { type };
  }
}

// The most list items (indicators, bands, map entries, segments, alerts, conditions) the form
// shows; a larger model is edited as JSON.
const FORM_ITEMS_MAX = 2000;

/** The list items a model's form would show (stops counting past FORM_ITEMS_MAX). */
export function formItems(model) {
  if (!model || typeof model !== 'object') return 0;
  let n = 0;
  const count = (list) => (Array.isArray(list) ? list.length : 0);
  for (const key of ['indicators', 'dimensions', 'segments', 'alerts']) n += count(model[key]);
  for (const ind of Array.isArray(model.indicators) ? model.indicators : []) {
    if (n > FORM_ITEMS_MAX) break;
    const rule = ind?.rule;
    n += count(rule?.bands);
    if (rule?.map && typeof rule.map === 'object') n += Object.keys(rule.map).length;
  }
  for (const x of [...(Array.isArray(model.segments) ? model.segments : []), ...(Array.isArray(model.alerts) ? model.alerts : [])]) {
    if (n > FORM_ITEMS_MAX) break;
    n += count(x?.when);
  }
  return n;
}

export function createModelEditor(root, app) {
  const ctl = app.controller;
  let draft = null;
  let mode = 'form';
  let problems = [];
  let warnings = [];
  let dirty = false;
  let jsonText = '';

  const title = h('h2', { id: 'model-title' });
  const applyBtn = h('button', { type: 'button', class: 'primary', testid: 'model-apply', onclick: () => apply() });
  const revertBtn = h('button', { type: 'button', testid: 'model-revert', onclick: () => { setDraftFromApplied(); render(); } });
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', tabindex: -1, testid: 'model-file-input', onchange: () => loadFile() });
  const loadBtn = h('button', { type: 'button', testid: 'model-load', onclick: () => fileInput.click() });
  const saveBtn = h('button', { type: 'button', testid: 'model-save', onclick: () => save() });
  const formTab = h('button', { type: 'button', role: 'tab', testid: 'model-view-form', onclick: () => switchMode('form') });
  const jsonTab = h('button', { type: 'button', role: 'tab', testid: 'model-view-json', onclick: () => switchMode('json') });
  const status = h('span', { class: 'muted', testid: 'model-status', 'aria-live': 'polite' });
  const formNote = h('span', { class: 'muted', testid: 'model-form-note', 'aria-live': 'polite', hidden: true });
  const problemBox = h('div', { class: 'problems', testid: 'model-problems', role: 'alert', hidden: true });
  const warningBox = h('div', { class: 'model-warnings', testid: 'model-warnings', hidden: true });
  const form = h('div', { class: 'model-form', testid: 'model-form' });
  const jsonArea = h('textarea', { class: 'model-json', testid: 'model-json', spellcheck: 'false', rows: 30, 'aria-labelledby': 'model-title',
    oninput: () => { jsonText = jsonArea.value; markDirty(); } });
  const lists = h('div');
  replace(root,
    h('div', { class: 'panel-head' }, title,
      h('div', { class: 'button-row' }, applyBtn, revertBtn, loadBtn, saveBtn, fileInput)),
    h('div', { class: 'editor-tabs', role: 'tablist' }, formTab, jsonTab, status, formNote),
    problemBox, warningBox, lists, form, jsonArea);
  root.setAttribute('aria-labelledby', 'model-title');

  function setDraftFromApplied() {
    draft = ctl.model ? JSON.parse(JSON.stringify(ctl.model.obj)) : null;
    jsonText = ctl.model ? ctl.model.text : '';
    dirty = false;
  }

  function markDirty() {
    dirty = true;
    revertBtn.disabled = false;
    status.textContent = t('me.unsaved');
  }

  function switchMode(next) {
    if (next === mode) return;
    if (next === 'form') {
      try {
        draft = JSON.parse(jsonText);
      } catch (err) {
        showProblems([{ path: '', message: t('me.jsonError', { msg: err.message }) }]);
        return;
      }
    } else jsonText = JSON.stringify(draft, null, 2);
    mode = next;
    render();
  }

  async function loadFile() {
    const f = fileInput.files[0];
    fileInput.value = '';
    if (!f) return;
    const text = await f.text();
    jsonText = text;
    try {
      draft = JSON.parse(text);
    } catch (err) {
      mode = 'json';
      render();
      showProblems([{ path: '', message: t('me.jsonError', { msg: err.message }) }]);
      return;
    }
    markDirty();
    render();
    status.textContent = t('me.loadedFile', { name: f.name });
  }

  function currentText() {
    return mode === 'json' ? jsonText : `${JSON.stringify(draft, null, 2)}\n`;
  }

  function save() {
    const text = currentText();
    let name = 'model';
    try { name = JSON.parse(text).name || name; } catch { /* saved as it is */ }
    download(text, `${fileSafe(name)}.json`, 'application/json');
  }

  async function apply() {
    const text = currentText();
    if (mode === 'json') {
      try { JSON.parse(text); } catch (err) {
        showProblems([{ path: '', message: t('me.jsonError', { msg: err.message }) }]);
        return;
      }
    }
    applyBtn.disabled = true;
    status.textContent = t('me.applying');
    const ok = await ctl.applyModel(text);
    applyBtn.disabled = false;
    if (ok) {
      warnings = ctl.model.warningDetails?.length ? ctl.model.warningDetails : ctl.model.warnings;
      problems = [];
      setDraftFromApplied();
      render();
      status.textContent = t('me.applied');
    } else status.textContent = t('me.notApplied');
  }

  // ---- problems ------------------------------------------------------------------------
  ctl.addEventListener('error', (e) => {
    const err = e.detail.error;
    if (err?.name === 'KenkoModelError') showProblems(err.problems?.length ? err.problems : [{ path: '', message: err.message }]);
  });

  function showProblems(list) {
    problems = list;
    renderProblems();
  }

  function fieldFor(path) {
    const parts = parsePath(path);
    while (parts.length) {
      const p = parts.reduce((s, x) => (typeof x === 'number' ? `${s}[${x}]` : s ? `${s}.${x}` : x), '');
      const el = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (el) return el;
      parts.pop();
    }
    return null;
  }

  function renderProblems() {
    for (const el of form.querySelectorAll('.field-error')) el.remove();
    for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.classList.remove('invalid'); }
    problemBox.hidden = problems.length === 0;
    if (!problems.length) { replace(problemBox); return; }
    replace(problemBox,
      h('h3', { text: t('me.problems', { n: problems.length }) }),
      h('ul', null, problems.map((p) => {
        const target = mode === 'form' ? fieldFor(p.path) : null;
        return h('li', { dataset: { errorPath: p.path } },
          target ? h('button', { type: 'button', class: 'link', text: p.path || t('me.model'), onclick: () => { target.closest('details')?.setAttribute('open', ''); target.focus(); target.scrollIntoView({ block: 'center' }); } })
            : h('code', { text: p.path || t('me.model') }),
          ` ${problemMessage(p)}`);
      })));
    if (mode !== 'form') return;
    for (const p of problems) {
      const el = fieldFor(p.path);
      if (!el) continue;
      el.setAttribute('aria-invalid', 'true');
      el.classList.add('invalid');
      const msg = h('p', { class: 'field-error', testid: 'field-error', dataset: { errorPath: p.path }, text: problemMessage(p), id: nextId('err') });
      el.setAttribute('aria-describedby', msg.id);
      (el.closest('.field') ?? el.closest('.card') ?? el).append(msg);
      el.closest('details')?.setAttribute('open', '');
    }
  }

  // ---- form building blocks -------------------------------------------------------------
  /**
   * @param {string} path
   * @param {{type?: string, placeholder?: string, list?: string, numeric?: boolean, label?: string, onchange?: (v: any) => void}} [opts]
   */
  function input(path, { type = 'text', placeholder, list, numeric = false, label, onchange } = {}) {
    const parts = parsePath(path);
    const v = getAt(draft, parts);
    const el = h('input', {
      type, id: nextId('f'), dataset: { path }, placeholder, list, 'aria-label': label,
      inputmode: numeric ? 'decimal' : null, autocomplete: 'off', spellcheck: 'false',
      value: v == null ? '' : String(v),
    });
    el.addEventListener('change', () => {
      const val = numeric ? parseNumber(el.value) : el.value === '' ? undefined : el.value;
      setAt(draft, parts, val);
      markDirty();
      onchange?.(val);
    });
    return el;
  }

  /** @param {string} path @param {{label?: string, placeholder?: string}} [opts] */
  function listInput(path, { label, placeholder } = {}) {
    const parts = parsePath(path);
    const v = getAt(draft, parts);
    const el = h('input', { type: 'text', id: nextId('f'), dataset: { path }, 'aria-label': label, placeholder, value: Array.isArray(v) ? v.join(', ') : v ?? '' });
    el.addEventListener('change', () => {
      const items = el.value.split(',').map((s) => s.trim()).filter(Boolean);
      setAt(draft, parts, items.length ? items : undefined);
      markDirty();
    });
    return el;
  }

  /** @param {string} path @param {{value: string, text: string}[]} options @param {{label?: string, onchange?: (v: any) => void, allowEmpty?: string}} [opts] */
  function selectInput(path, options, { label, onchange, allowEmpty } = {}) {
    const parts = parsePath(path);
    const v = getAt(draft, parts);
    const el = h('select', { id: nextId('f'), dataset: { path }, 'aria-label': label },
      allowEmpty ? h('option', { value: '', text: allowEmpty }) : null,
      options.map((o) => h('option', { value: o.value, text: o.text, selected: o.value === v })));
    el.value = v ?? '';
    el.addEventListener('change', () => {
      setAt(draft, parts, el.value === '' ? undefined : el.value);
      markDirty();
      onchange?.(el.value);
    });
    return el;
  }

  function field(labelText, control, hint) {
    const lab = h('label', { for: control.id, text: labelText });
    return h('div', { class: 'field' }, lab, control, hint ? h('span', { class: 'field-hint', text: hint }) : null);
  }

  function button(text, onclick, props = {}) {
    return h('button', { type: 'button', class: 'small', text, onclick: () => { onclick(); markDirty(); rerender(); }, ...props });
  }

  function rerender() {
    const y = window.scrollY;
    const focused = /** @type {HTMLElement|null} */ (document.activeElement)?.dataset?.path;
    // Cards and sections the user opened or closed stay so.
    const openState = new Map([...form.querySelectorAll('details[data-path], details[data-testid]')]
      .map((d) => [d.dataset.path ?? d.dataset.testid, d.open]));
    renderForm();
    for (const d of form.querySelectorAll('details[data-path], details[data-testid]')) {
      const was = openState.get(d.dataset.path ?? d.dataset.testid);
      if (was != null) d.open = was;
    }
    renderProblems();
    window.scrollTo(0, y);
    if (focused) form.querySelector(`[data-path="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  }

  function moveItem(arr, i, d) {
    const j = i + d;
    if (j < 0 || j >= arr.length) return;
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }

  function itemTools(arr, i, what) {
    return h('div', { class: 'card-tools' },
      button('↑', () => moveItem(arr, i, -1), { 'aria-label': t('me.moveUp', { what }), title: t('me.moveUp', { what }), disabled: i === 0 }),
      button('↓', () => moveItem(arr, i, 1), { 'aria-label': t('me.moveDown', { what }), title: t('me.moveDown', { what }), disabled: i === arr.length - 1 }),
      button('×', () => arr.splice(i, 1), { class: 'small danger-outline', 'aria-label': t('me.remove', { what }), title: t('me.remove', { what }) }));
  }

  // Datalists for column names and condition fields: the header of the table read last, even a
  // read that failed (its columns are the ones the user is mapping to).
  function datalists() {
    const header = ctl.lastHeader ?? [];
    const dl = h('datalist', { id: 'me-columns' }, header.map((x) => h('option', { value: x })));
    const fields = ['score',
      ...(draft.indicators ?? []).map((x) => `indicator.${x?.id}`),
      ...(draft.dimensions ?? []).map((x) => `dimension.${x?.id}`),
      ...header.map((x) => `column.${x}`)];
    const fl = h('datalist', { id: 'me-fields' }, fields.map((x) => h('option', { value: x })));
    return [dl, fl];
  }

  // ---- sections -------------------------------------------------------------------------
  function general() {
    return section('general', t('me.general'), [
      h('div', { class: 'field-grid' },
        field(t('me.name'), input('name')),
        field(t('me.idColumn'), input('id_column', { list: 'me-columns' })),
        field(t('me.labelColumn'), input('label_column', { list: 'me-columns' }), t('me.optional')),
        field(t('me.valueColumn'), input('value_column', { list: 'me-columns' }), t('me.valueColumnHint')),
        field(t('me.missing'), selectInput('missing', [
          { value: 'reweight', text: t('me.missingReweight') },
          { value: 'zero', text: t('me.missingZero') }], { allowEmpty: t('me.missingDefault') }))),
    ]);
  }

  function dimensions() {
    const dims = draft.dimensions ?? [];
    const rows = dims.map((d, i) => h('div', { class: 'row-card', dataset: { path: `dimensions[${i}]` }, tabindex: -1 },
      field(t('me.id'), input(`dimensions[${i}].id`)),
      field(t('me.label'), input(`dimensions[${i}].label`)),
      field(t('me.weight'), input(`dimensions[${i}].weight`, { numeric: true, placeholder: '1' }), shareHint('dimension', d?.id)),
      itemTools(dims, i, t('me.dimension'))));
    return section('dimensions', t('me.dimensions'), [
      h('p', { class: 'hint', text: t('me.dimensionsHelp') }),
      h('div', { dataset: { path: 'dimensions' }, tabindex: -1 }, rows),
      button(t('me.addDimension'), () => { draft.dimensions = [...dims, { id: `dimension${dims.length + 1}`, label: '', weight: 1 }]; }),
    ]);
  }

  function sourceEditor(i) {
    const ind = draft.indicators[i];
    const kind = SOURCES.find((k) => k in ind) ?? 'column';
    const sel = h('select', { id: nextId('f'), dataset: { path: `indicators[${i}].source` } },
      SOURCES.map((k) => h('option', { value: k, text: t(`me.source.${k}`), selected: k === kind })));
    sel.value = kind;
    sel.addEventListener('change', () => {
      const old = SOURCES.find((k) => k in ind);
      const first = old === 'column' ? ind.column : Array.isArray(ind[old]) ? ind[old][0] : '';
      for (const k of SOURCES) delete ind[k];
      ind[sel.value] = sel.value === 'column' ? first ?? '' : [first ?? '', ''];
      markDirty();
      rerender();
    });
    const controls = kind === 'column'
      ? [field(t('me.column'), input(`indicators[${i}].column`, { list: 'me-columns' }))]
      : [field(t(kind === 'ratio' ? 'me.numerator' : 'me.now'), input(`indicators[${i}].${kind}[0]`, { list: 'me-columns' })),
        field(t(kind === 'ratio' ? 'me.denominator' : 'me.before'), input(`indicators[${i}].${kind}[1]`, { list: 'me-columns' }))];
    return [field(t('me.source'), sel, t(`me.sourceHelp.${kind}`)), ...controls];
  }

  function ruleEditor(i) {
    const base = `indicators[${i}].rule`;
    const rule = draft.indicators[i].rule ?? (draft.indicators[i].rule = defaultRule('bands'));
    const sel = h('select', { id: nextId('f'), dataset: { path: `${base}.type` } },
      RULE_TYPES.map((k) => h('option', { value: k, text: t(`me.rule.${k}`), selected: k === rule.type })));
    sel.value = rule.type ?? '';
    sel.addEventListener('change', () => { draft.indicators[i].rule = defaultRule(sel.value); markDirty(); rerender(); });
    const out = [field(t('me.ruleType'), sel, has(`me.ruleHelp.${rule.type}`) ? t(`me.ruleHelp.${rule.type}`) : null)];
    if (rule.type === 'bands') {
      const bands = Array.isArray(rule.bands) ? rule.bands : (rule.bands = []);
      out.push(h('table', { class: 'mini-table', dataset: { path: `${base}.bands` }, tabindex: -1 },
        h('thead', null, h('tr', null, ['me.bandMin', 'me.bandMax', 'me.points', ''].map((k) => h('th', { scope: 'col', text: k ? t(k) : '' })))),
        h('tbody', null, bands.map((b, j) => h('tr', { dataset: { path: `${base}.bands[${j}]` } },
          h('td', { class: 'field' }, input(`${base}.bands[${j}].min`, { numeric: true, label: `${t('me.bandMin')} ${j + 1}`, placeholder: '−∞' })),
          h('td', { class: 'field' }, input(`${base}.bands[${j}].max`, { numeric: true, label: `${t('me.bandMax')} ${j + 1}`, placeholder: '+∞' })),
          h('td', { class: 'field' }, input(`${base}.bands[${j}].points`, { numeric: true, label: `${t('me.points')} ${j + 1}` })),
          h('td', null, itemTools(bands, j, t('me.band'))))))),
      button(t('me.addBand'), () => bands.push({ points: 0 })));
    } else if (rule.type === 'linear') {
      out.push(h('div', { class: 'field-grid' },
        field(t('me.from'), input(`${base}.from`, { numeric: true })),
        field(t('me.to'), input(`${base}.to`, { numeric: true })),
        field(t('me.points'), input(`${base}.points`, { numeric: true, placeholder: '100' }))));
    } else if (rule.type === 'boolean') {
      out.push(h('div', { class: 'field-grid' }, field(t('me.points'), input(`${base}.points`, { numeric: true, placeholder: '100' }))));
    } else if (rule.type === 'percentile') {
      const cb = h('input', { type: 'checkbox', id: nextId('f'), dataset: { path: `${base}.lower_is_better` }, checked: !!rule.lower_is_better,
        onchange: () => { if (cb.checked) rule.lower_is_better = true; else delete rule.lower_is_better; markDirty(); } });
      out.push(h('div', { class: 'field-grid' },
        field(t('me.points'), input(`${base}.points`, { numeric: true, placeholder: '100' })),
        h('div', { class: 'field check' }, cb, h('label', { for: cb.id, text: t('me.lowerIsBetter') }))));
    } else if (rule.type === 'category') {
      const map = rule.map && typeof rule.map === 'object' ? rule.map : (rule.map = {});
      const entries = Object.entries(map);
      const rebuild = (list) => { rule.map = Object.fromEntries(list); };
      out.push(h('table', { class: 'mini-table', dataset: { path: `${base}.map` }, tabindex: -1 },
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('me.text') }), h('th', { scope: 'col', text: t('me.points') }), h('th'))),
        h('tbody', null, entries.map(([k, p], j) => {
          const key = h('input', { type: 'text', value: k, 'aria-label': `${t('me.text')} ${j + 1}`, dataset: { path: `${base}.map.${k}` } });
          key.addEventListener('change', () => { const l = Object.entries(rule.map); l[j] = [key.value, l[j][1]]; rebuild(l); markDirty(); rerender(); });
          const pts = h('input', { type: 'text', inputmode: 'decimal', value: String(p), 'aria-label': `${t('me.points')} ${j + 1}` });
          pts.addEventListener('change', () => { const v = parseNumber(pts.value); rule.map[k] = v === undefined ? 0 : v; markDirty(); });
          return h('tr', null, h('td', { class: 'field' }, key), h('td', { class: 'field' }, pts),
            h('td', null, button('×', () => { const l = Object.entries(rule.map); l.splice(j, 1); rebuild(l); }, { class: 'small danger-outline', 'aria-label': t('me.remove', { what: k }) })));
        }))),
      button(t('me.addCategory'), () => { let k = t('me.newText'); let n = 1; while (k in rule.map) k = `${t('me.newText')} ${++n}`; rule.map[k] = 0; }),
      h('div', { class: 'field-grid' }, field(t('me.else'), input(`${base}.else`, { numeric: true, placeholder: t('me.elseMissing') }))));
    }
    out.push(learnBox(i));
    return out;
  }

  // "Learn from healthy customers" under a bands or linear rule of the model in force.
  const learnOpen = new Set(); // indicator ids whose panel is open
  let learnPanels = new Map(); // indicator id → {el, render} of the form on screen
  function learnBox(i) {
    const id = draft.indicators[i]?.id;
    const applied = ctl.model?.info.indicators.find((x) => x.id === id);
    if (!id || !ctl.results || !applied || !['bands', 'linear'].includes(applied.rule?.type)) return null;
    const open = learnOpen.has(id);
    const toggle = h('button', { type: 'button', class: 'small', testid: `learn-open-${id}`, 'aria-expanded': open ? 'true' : 'false',
      text: open ? t('learn.close') : t('learn.open'),
      onclick: () => { if (open) learnOpen.delete(id); else learnOpen.add(id); rerender(); } });
    if (!open) return h('div', { class: 'learn-box' }, toggle);
    const panel = createLearnPanel(app, id, {
      onPutIntoModel: (rule) => {
        const ind = draft.indicators.find((x) => x?.id === id);
        if (!ind) return;
        ind.rule = JSON.parse(JSON.stringify(rule));
        markDirty();
        rerender();
        status.textContent = t('learn.putInto', { name: ind.label || id });
      },
    });
    learnPanels.set(id, panel);
    return h('div', { class: 'learn-box' }, toggle, panel.el);
  }
  for (const ev of ['bands', 'whatif', 'table']) ctl.addEventListener(ev, () => { for (const p of learnPanels.values()) if (p.el.isConnected) p.render(); });

  // The share of the score of an indicator of the applied model (under the weights in force),
  // shown beside its raw weight; null for one the applied model lacks (a draft's new one).
  function appliedShare(id) {
    return id == null ? null : ctl.shareOf('indicator', id);
  }

  function shareHint(kind, id) {
    const s = id == null ? null : ctl.shareOf(kind, id);
    return s == null ? null : t('shares.ofScore', { pct: fmtPct(s) });
  }

  // The engine's warning about weights of mixed scales for indicator i of the applied model
  // (setModel's warnings: 'indicators[3].weight: not given, so it weighs …'), at the indicator.
  function weightWarning(i) {
    const id = draft.indicators[i]?.id;
    const k = ctl.model?.info.indicators.findIndex((x) => x.id === id) ?? -1;
    if (k < 0) return null;
    const prefix = `indicators[${k}].weight`;
    // In the UI language by its code (model.weight_scale), else the engine's words.
    const coded = (ctl.model?.warningDetails ?? []).find((x) => x.path === prefix);
    if (coded) return t('shares.defaultedWarning', { text: problemMessage(coded) });
    const w = (ctl.model?.warnings ?? []).find((x) => x.startsWith(prefix));
    return w ? t('shares.defaultedWarning', { text: w.slice(prefix.length).replace(/^:\s*/, '') }) : null;
  }

  function indicators() {
    const inds = draft.indicators ?? (draft.indicators = []);
    const dimOptions = (draft.dimensions ?? []).map((d) => ({ value: d?.id, text: d?.label ? `${d.label} (${d.id})` : d?.id }));
    const cards = inds.map((ind, i) => {
      if (!ind || typeof ind !== 'object') return null;
      const share = appliedShare(ind.id);
      const warn = weightWarning(i);
      return h('details', { class: 'card', open: inds.length <= 4, dataset: { path: `indicators[${i}]` }, tabindex: -1, testid: `model-indicator-${ind.id}` },
        h('summary', null, h('strong', { text: ind.label || ind.id || t('me.indicator') }), h('code', { text: ind.id ?? '' }),
          h('span', { class: 'muted', text: `${has(`me.rule.${ind.rule?.type}`) ? t(`me.rule.${ind.rule?.type}`) : ind.rule?.type ?? ''}${ind.weight != null ? ` · ${t('me.weight')} ${ind.weight}` : ''}` }),
          share != null ? h('span', { class: 'share-chip', testid: `model-share-${ind.id}`, dataset: { share }, title: t('shares.hint'), text: t('shares.ofScore', { pct: fmtPct(share) }) }) : null,
          warn ? h('span', { class: 'weight-warn-chip', 'aria-hidden': 'true', text: '⚠' }) : null),
        h('div', { class: 'card-body' },
          warn ? h('p', { class: 'weight-warning', role: 'note', testid: `model-weight-warning-${ind.id}`, text: warn }) : null,
          itemTools(inds, i, t('me.indicator')),
          h('div', { class: 'field-grid' },
            field(t('me.id'), input(`indicators[${i}].id`)),
            field(t('me.label'), input(`indicators[${i}].label`)),
            dimOptions.length ? field(t('me.dimension'), selectInput(`indicators[${i}].dimension`, dimOptions, { allowEmpty: '—' })) : null,
            field(t('me.weight'), input(`indicators[${i}].weight`, { numeric: true, placeholder: t('me.weightDefault') }), shareHint('indicator', ind.id)),
            field(t('me.missingPoints'), input(`indicators[${i}].missing_points`, { numeric: true }), t('me.optional'))),
          h('div', { class: 'field-grid' }, sourceEditor(i)),
          h('div', { class: 'rule-box' }, ruleEditor(i))));
    });
    return section('indicators', t('me.indicators'), [
      h('div', { dataset: { path: 'indicators' }, tabindex: -1 }, cards),
      button(t('me.addIndicator'), () => inds.push({ id: `indicator${inds.length + 1}`, label: '', column: '', ...(draft.dimensions?.length ? { dimension: draft.dimensions[0].id } : {}), rule: defaultRule('bands') })),
    ]);
  }

  function conditions(base) {
    const parts = parsePath(`${base}.when`);
    const list = getAt(draft, parts);
    const when = Array.isArray(list) ? list : [];
    return h('div', { class: 'conditions', dataset: { path: `${base}.when` }, tabindex: -1 },
      h('span', { class: 'field-label', text: t('me.when') }),
      when.length ? h('table', { class: 'mini-table' },
        h('thead', null, h('tr', null, ['me.field', 'me.min', 'me.max', 'me.in', ''].map((k) => h('th', { scope: 'col', text: k ? t(k) : '' })))),
        h('tbody', null, when.map((c, j) => h('tr', { dataset: { path: `${base}.when[${j}]` } },
          h('td', { class: 'field' }, input(`${base}.when[${j}].field`, { list: 'me-fields', label: `${t('me.field')} ${j + 1}` })),
          h('td', { class: 'field' }, input(`${base}.when[${j}].min`, { numeric: true, label: `${t('me.min')} ${j + 1}` })),
          h('td', { class: 'field' }, input(`${base}.when[${j}].max`, { numeric: true, label: `${t('me.max')} ${j + 1}` })),
          h('td', { class: 'field' }, listInput(`${base}.when[${j}].in`, { label: `${t('me.in')} ${j + 1}`, placeholder: t('me.inPlaceholder') })),
          h('td', null, button('×', () => { when.splice(j, 1); if (!when.length) setAt(draft, parts, undefined); }, { class: 'small danger-outline', 'aria-label': t('me.remove', { what: t('me.condition') }) })))))) : null,
      button(t('me.addCondition'), () => { if (!Array.isArray(list)) setAt(draft, parts, [{ field: 'score' }]); else list.push({ field: 'score' }); }));
  }

  function colorInput(path) {
    const parts = parsePath(path);
    const v = getAt(draft, parts);
    const text = input(path, { placeholder: '#2e7d32', label: t('me.color') });
    const picker = h('input', { type: 'color', value: /^#[0-9a-f]{6}$/i.test(v ?? '') ? v : '#888888', 'aria-label': t('me.colorPicker'),
      oninput: () => { text.value = picker.value; setAt(draft, parts, picker.value); markDirty(); } });
    text.addEventListener('change', () => { if (/^#[0-9a-f]{6}$/i.test(text.value)) picker.value = text.value; });
    return h('span', { class: 'color-pair' }, picker, text);
  }

  function segments() {
    const segs = draft.segments;
    const cards = (segs ?? []).map((s, i) => h('details', { class: 'card', open: false, dataset: { path: `segments[${i}]` }, tabindex: -1, testid: `model-segment-${s?.id}` },
      h('summary', null, swatch(s?.color), h('strong', { text: s?.label || s?.id }), h('code', { text: s?.id ?? '' }),
        h('span', { class: 'muted', text: [s?.min != null ? `≥ ${s.min}` : '', s?.max != null ? `< ${s.max}` : '', s?.when?.length ? t('me.plusConditions', { n: s.when.length }) : ''].filter(Boolean).join(' ') })),
      h('div', { class: 'card-body' },
        itemTools(segs, i, t('me.segment')),
        h('div', { class: 'field-grid' },
          field(t('me.id'), input(`segments[${i}].id`)),
          field(t('me.label'), input(`segments[${i}].label`)),
          field(t('me.scoreMin'), input(`segments[${i}].min`, { numeric: true })),
          field(t('me.scoreMax'), input(`segments[${i}].max`, { numeric: true })),
          h('div', { class: 'field' }, h('span', { class: 'field-label', text: t('me.color') }), colorInput(`segments[${i}].color`))),
        field(t('me.action'), textarea(`segments[${i}].action`)),
        conditions(`segments[${i}]`))));
    return section('segments', t('me.segments'), [
      h('p', { class: 'hint', text: segs ? t('me.segmentsHelp') : t('me.segmentsDefault') }),
      h('div', { dataset: { path: 'segments' }, tabindex: -1 }, cards),
      button(t('me.addSegment'), () => {
        if (!draft.segments) draft.segments = [];
        draft.segments.push({ id: `segment${draft.segments.length + 1}`, label: '' });
      }),
    ]);
  }

  function swatch(color) {
    const s = h('span', { class: 'legend-swatch' });
    // Only a colour the engine accepts (#rgb, #rrggbb, a name), and only as a colour: a value
    // like url(...) never reaches a CSS property (the engine refuses it with its path).
    if (typeof color === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$|^[a-z]{3,20}$/i.test(color)) s.style.backgroundColor = color;
    return s;
  }

  function textarea(path) {
    const parts = parsePath(path);
    const el = h('textarea', { id: nextId('f'), rows: 2, dataset: { path }, value: getAt(draft, parts) ?? '' });
    el.addEventListener('change', () => { setAt(draft, parts, el.value === '' ? undefined : el.value); markDirty(); });
    return el;
  }

  function alerts() {
    const list = draft.alerts ?? [];
    const cards = list.map((a, i) => h('details', { class: 'card', dataset: { path: `alerts[${i}]` }, tabindex: -1, testid: `model-alert-${a?.id}` },
      h('summary', null, h('strong', { text: a?.label || a?.id }), h('code', { text: a?.id ?? '' })),
      h('div', { class: 'card-body' },
        itemTools(list, i, t('me.alert')),
        h('div', { class: 'field-grid' }, field(t('me.id'), input(`alerts[${i}].id`)), field(t('me.label'), input(`alerts[${i}].label`))),
        field(t('me.action'), textarea(`alerts[${i}].action`)),
        conditions(`alerts[${i}]`))));
    return section('alerts', t('me.alerts'), [
      h('div', { dataset: { path: 'alerts' }, tabindex: -1 }, cards),
      button(t('me.addAlert'), () => { draft.alerts = [...list, { id: `alert${list.length + 1}`, label: '', when: [{ field: 'score', max: 40 }] }]; }),
    ]);
  }

  function outcome() {
    const has = draft.outcome && typeof draft.outcome === 'object';
    const cb = h('input', { type: 'checkbox', id: nextId('f'), checked: !!has, testid: 'model-outcome-toggle',
      onchange: () => { if (cb.checked) draft.outcome = { column: '' }; else delete draft.outcome; markDirty(); rerender(); } });
    return section('outcome', t('me.outcome'), [
      h('p', { class: 'hint', text: t('me.outcomeHelp') }),
      h('div', { class: 'field check' }, cb, h('label', { for: cb.id, text: t('me.outcomeEnable') })),
      has ? h('div', { class: 'field-grid', dataset: { path: 'outcome' }, tabindex: -1 },
        field(t('me.column'), input('outcome.column', { list: 'me-columns' })),
        field(t('me.positive'), listInput('outcome.positive', { placeholder: '1, yes, true' }), t('me.positiveHelp'))) : null,
    ]);
  }

  function section(key, label, body) {
    return h('details', { class: 'editor-section', open: true, testid: `model-section-${key}` }, h('summary', null, h('h3', { text: label })), body);
  }

  function renderForm() {
    if (!draft || typeof draft !== 'object') { replace(form, h('p', { class: 'muted', text: t('me.noModel') })); return; }
    learnPanels = new Map();
    replace(form, datalists(), h('div', { dataset: { path: '' } }), general(), dimensions(), indicators(), segments(), alerts(), outcome());
  }

  function render() {
    // A model too large for the form (thousands of bands, entries or segments) is shown as
    // JSON: building its form would hold the page for seconds or minutes.
    const items = formItems(draft);
    if (mode === 'form' && items > FORM_ITEMS_MAX) mode = 'json';  // jsonText is the model's text
    formNote.hidden = items <= FORM_ITEMS_MAX;
    formNote.textContent = items > FORM_ITEMS_MAX ? t('me.tooLargeForForm', { n: items }) : '';
    title.textContent = t('me.title');
    applyBtn.textContent = t('me.apply');
    revertBtn.textContent = t('me.revert');
    loadBtn.textContent = t('me.load');
    saveBtn.textContent = t('me.save');
    formTab.textContent = t('me.viewForm');
    jsonTab.textContent = t('me.viewJson');
    formTab.setAttribute('aria-selected', mode === 'form' ? 'true' : 'false');
    jsonTab.setAttribute('aria-selected', mode === 'json' ? 'true' : 'false');
    form.hidden = mode !== 'form';
    jsonArea.hidden = mode !== 'json';
    if (mode === 'form') renderForm();
    else jsonArea.value = jsonText;
    warningBox.hidden = warnings.length === 0;
    replace(warningBox, warnings.length ? [h('h3', { text: t('me.warnings', { n: warnings.length }) }), h('ul', null, warnings.map((w) => h('li', { text: typeof w === 'string' ? w : problemText(w) })))] : []);
    revertBtn.disabled = !dirty;
    renderProblems();
  }

  // Shares under the weights in force; the column lists after any read, even a failed one.
  ctl.addEventListener('shares', () => { if (mode === 'form' && draft) rerender(); });
  ctl.addEventListener('error', (e) => { if (e.detail.header && mode === 'form' && draft) rerender(); });
  ctl.addEventListener('model', () => {
    warnings = ctl.model.warningDetails?.length ? ctl.model.warningDetails : ctl.model.warnings;
    problems = [];
    setDraftFromApplied();
    render();
  });
  onLangChange(render);
  render();
}
