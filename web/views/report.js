// The report a consultant hands over: a panel on the Results tab for its title, the client's name
// and notes (kept in this browser and with each saved scenario), the paper (A4 or Letter), and
// two outputs of the same content — the printed report (PDF through the browser's print; the
// top bar's button, the panel's, Ctrl/⌘+P or the browser's own print) and a Markdown file.
// The content is built by views/report-build.js, loaded on first use (it is not needed to score).
import { h, replace, download } from '../lib/dom.js';
import { t, getLang, onLangChange } from '../i18n/index.js';
import { fileSafe } from './scenarios.js';

export const AT_RISK = 20;
const STORAGE_KEY = 'kenko.report.v1';

/** The report's own fields as saved: {title, client, notes, paper}. */
function loadFields() {
  try {
    const f = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return f && typeof f === 'object' ? f : {};
  } catch {
    return {};
  }
}

export function createReportView(root, panel, button, app) {
  const ctl = app.controller;
  let fields = { title: '', client: '', notes: '', paper: '', ...loadFields() };
  if (fields.paper !== 'a4' && fields.paper !== 'letter') fields.paper = /^en-(US|CA)$/i.test(navigator.language) ? 'letter' : 'a4';
  /** @type {Promise<typeof import('./report-build.js')>|null} */
  let builder = null;
  /** @type {typeof import('./report-build.js')|null} */
  let built = null;
  const load = () => (builder ??= import('./report-build.js').then((m) => { built = m; return m; }));

  // ---- the panel ----
  const title = h('h2', { id: 'report-panel-title' });
  const hint = h('p', { class: 'hint' });
  const input = (id, testid, key) => {
    const el = h('input', { type: 'text', id, testid, maxlength: 160, value: fields[key] ?? '', oninput: () => setField(key, el.value) });
    return el;
  };
  const titleInput = input('report-title', 'report-title-input', 'title');
  const clientInput = input('report-client', 'report-client-input', 'client');
  const notes = h('textarea', { id: 'report-notes', testid: 'report-notes-input', rows: 3, maxlength: 4000, value: fields.notes ?? '', oninput: () => setField('notes', notes.value) });
  const paper = h('select', { id: 'report-paper', testid: 'report-paper', onchange: () => setField('paper', paper.value) });
  const labels = ['report-title', 'report-client', 'report-notes', 'report-paper'].map((id) => h('label', { for: id, class: 'field-label' }));
  const pdfBtn = h('button', { type: 'button', class: 'primary', testid: 'report-pdf', onclick: () => print() });
  const mdBtn = h('button', { type: 'button', testid: 'report-markdown', onclick: () => markdown() });
  const status = h('span', { class: 'muted', testid: 'report-status', 'aria-live': 'polite' });
  replace(panel,
    h('div', { class: 'panel-head' }, title),
    hint,
    h('div', { class: 'report-fields' },
      h('div', { class: 'field' }, labels[0], titleInput),
      h('div', { class: 'field' }, labels[1], clientInput),
      h('div', { class: 'field wide' }, labels[2], notes),
      h('div', { class: 'field' }, labels[3], paper)),
    h('div', { class: 'button-row' }, pdfBtn, mdBtn, status));
  panel.setAttribute('aria-labelledby', 'report-panel-title');

  function setField(key, value) {
    fields = { ...fields, [key]: value };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(fields));
    } catch { /* storage full or blocked: kept for this visit */ }
    root.classList.toggle('letter', fields.paper === 'letter');
  }

  /** The fields a scenario keeps ({title, client, notes}); setFields puts a scenario's back. */
  function getFields() {
    return { title: fields.title ?? '', client: fields.client ?? '', notes: fields.notes ?? '' };
  }
  function setFields(f) {
    for (const k of ['title', 'client', 'notes']) if (typeof f?.[k] === 'string') setField(k, f[k]);
    titleInput.value = fields.title;
    clientInput.value = fields.client;
    notes.value = fields.notes;
  }

  // ---- building ----
  async function build() {
    const m = await load();
    const data = await m.collect(app, { ...fields, atRisk: AT_RISK });
    if (!data) { replace(root); return null; }
    m.renderHtml(root, data);
    root.classList.toggle('letter', fields.paper === 'letter');
    root.dataset.built = String(Date.now());
    root.dataset.paper = fields.paper;
    return data;
  }

  async function settle() {
    // A pending what-if first, so drivers and validation match the scores.
    for (let i = 0; i < 200 && ctl.busy(); i++) await new Promise((r) => setTimeout(r, 50));
    await ctl.refreshValidation();
  }

  async function print() {
    if (!ctl.results) return;
    status.textContent = t('report.building');
    try {
      await settle();
      await build();
      status.textContent = '';
      window.print();
    } catch (err) {
      status.textContent = '';
      app.showError(err);
    }
  }

  async function markdown() {
    if (!ctl.results) return;
    status.textContent = t('report.building');
    try {
      await settle();
      const m = await load();
      const data = await m.collect(app, { ...fields, atRisk: AT_RISK });
      const base = fileSafe((ctl.source?.name ?? 'kenko').replace(/\.(csv|tsv|txt)$/i, ''));
      download(m.toMarkdown(data), `${base}-report.md`, 'text/markdown;charset=utf-8');
    } catch (err) {
      app.showError(err);
    } finally {
      status.textContent = '';
    }
  }

  button.addEventListener('click', () => print());
  // The browser's own print: the content of the last build stays (built below as soon as the
  // builder is in); Ctrl/⌘+P goes through print() so the report is current.
  window.addEventListener('beforeprint', () => { if (built && !root.dataset.built) build(); });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'p' || e.key === 'P') && ctl.results) {
      e.preventDefault();
      print();
    }
  });
  // The builder is fetched the first time the panel or a print button is near the pointer or
  // the focus, so the browser's print menu finds it ready.
  for (const el of [panel, button]) {
    for (const ev of ['pointerenter', 'focusin']) el.addEventListener(ev, () => { load(); }, { once: true });
  }
  ctl.addEventListener('results', () => { delete root.dataset.built; });

  function render() {
    button.textContent = t('report.print');
    button.title = t('report.printTitle');
    button.disabled = !ctl.results;
    title.textContent = t('report.panel');
    hint.textContent = t('report.panelHint');
    [t('report.titleField'), t('report.clientField'), t('report.notesField'), t('report.paper')].forEach((x, i) => { labels[i].textContent = x; });
    titleInput.placeholder = t('report.title', { name: ctl.model?.info.name || '—' });
    clientInput.placeholder = t('report.clientPlaceholder');
    notes.placeholder = t('report.notesPlaceholder');
    replace(paper, h('option', { value: 'a4', text: 'A4' }), h('option', { value: 'letter', text: t('report.letter') }));
    paper.value = fields.paper;
    pdfBtn.textContent = t('report.pdf');
    mdBtn.textContent = t('report.markdown');
    pdfBtn.disabled = mdBtn.disabled = !ctl.results;
    document.documentElement.dataset.lang = getLang();
  }
  for (const ev of ['table', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
  root.classList.toggle('letter', fields.paper === 'letter');
  return { build, print, markdown, fields: getFields, setFields };
}
