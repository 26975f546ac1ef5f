// Opening a table: drag and drop, file picker, paste from a spreadsheet (tab-separated), the
// bundled examples; the progress of a read with its cancel button; what was read (rows,
// encoding with its switch, separator) and the reader's warnings.
import { h, replace } from '../lib/dom.js';
import { t, has, onLangChange, warningText } from '../i18n/index.js';
import { fmtInt, fmtBytes } from '../lib/format.js';

const ENCODINGS = ['auto', 'utf-8', 'shift_jis', 'utf-16le', 'utf-16be'];

export function createOpenView(root, app, { onExample }) {
  const ctl = app.controller;
  const fileInput = h('input', {
    type: 'file', id: 'file-input', class: 'visually-hidden', tabindex: -1, testid: 'file-input',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    onchange: () => {
      const f = fileInput.files[0];
      if (f) ctl.open(f, f.name);
      fileInput.value = '';
    },
  });
  const chooseBtn = h('button', { type: 'button', class: 'primary', testid: 'file-choose', onclick: () => fileInput.click() });
  const dropText = h('p', { class: 'drop-text' });
  const drop = h('div', { class: 'dropzone', testid: 'dropzone' }, dropText, chooseBtn, fileInput);

  const pasteLabel = h('label', { for: 'paste-area', class: 'field-label' });
  const paste = h('textarea', { id: 'paste-area', rows: 3, class: 'paste', testid: 'paste-area', spellcheck: 'false' });
  const pasteBtn = h('button', { type: 'button', testid: 'paste-load', onclick: () => loadPasted() });
  paste.addEventListener('paste', () => {
    // After the browser has put the text in: score it at once (a sheet copy is TSV).
    setTimeout(() => { if (looksLikeTable(paste.value)) loadPasted(); }, 0);
  });
  function loadPasted() {
    const text = paste.value;
    if (!text.trim()) return;
    ctl.open(text, t('open.pastedName'));
  }

  const exTitle = h('span', { class: 'field-label' });
  const exEn = h('button', { type: 'button', testid: 'example-en', onclick: () => onExample('en') });
  const exJa = h('button', { type: 'button', testid: 'example-ja', onclick: () => onExample('ja') });
  const exSeed = h('button', { type: 'button', testid: 'example-seed', onclick: () => onExample('seed') });
  const examples = h('div', { class: 'examples' }, exTitle, h('div', { class: 'button-row' }, exEn, exJa, exSeed));

  // Progress of a read.
  const progressBar = h('progress', { max: 1, value: 0, testid: 'progress-bar', 'aria-labelledby': 'progress-text' });
  const progressText = h('span', { id: 'progress-text', class: 'progress-text', testid: 'progress-rows', 'aria-live': 'polite' });
  const cancelBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'cancel', onclick: () => ctl.cancelLoad() });
  const progress = h('div', { class: 'progress', testid: 'progress', hidden: true }, progressBar, progressText, cancelBtn);

  // What was read.
  const info = h('div', { class: 'file-info', testid: 'file-info' });
  const encLabel = h('label', { for: 'encoding-switch', class: 'inline-label' });
  const encSelect = h('select', {
    id: 'encoding-switch', testid: 'encoding-switch',
    onchange: () => ctl.setEncoding(encSelect.value),
  });
  const encDetected = h('span', { class: 'muted', testid: 'encoding-detected' });
  const encoding = h('div', { class: 'encoding' }, encLabel, encSelect, encDetected);
  const warnings = h('details', { class: 'warnings', testid: 'table-warnings', hidden: true });
  const status = h('div', { class: 'status-row' }, info, encoding);

  replace(root,
    h('div', { class: 'open-grid' },
      drop,
      h('div', { class: 'paste-box' }, pasteLabel, paste, h('div', { class: 'button-row' }, pasteBtn)),
      examples),
    progress, status, warnings);

  // Drag and drop anywhere on the page.
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; document.body.classList.add('dragging'); } });
  window.addEventListener('dragleave', (e) => { if (hasFiles(e) && --depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    const taken = e.defaultPrevented; // dropped on another target (the previous snapshot's)
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    if (taken) return;
    const f = e.dataTransfer.files[0];
    if (f) ctl.open(f, f.name);
  });

  function renderStatic() {
    dropText.textContent = t('open.drop');
    chooseBtn.textContent = t('open.choose');
    pasteLabel.textContent = t('open.pasteLabel');
    paste.placeholder = t('open.pastePlaceholder');
    pasteBtn.textContent = t('open.pasteLoad');
    exTitle.textContent = t('open.examples');
    exEn.textContent = t('open.exampleEn');
    exJa.textContent = t('open.exampleJa');
    exSeed.textContent = t('open.exampleSeed');
    cancelBtn.textContent = t('open.cancel');
    encLabel.textContent = t('open.encoding');
    const v = ctl.options.encoding;
    replace(encSelect, ...ENCODINGS.map((e) => h('option', { value: e, text: t(`encoding.${e}`), selected: e === v })));
    encSelect.value = v;
    renderInfo();
  }

  function renderInfo() {
    const tb = ctl.table;
    if (!tb || !ctl.source) {
      replace(info, h('span', { class: 'muted', text: t('open.noTable') }));
      encDetected.textContent = '';
      warnings.hidden = true;
      return;
    }
    const delim = { ',': t('delim.comma'), '\t': t('delim.tab'), ';': t('delim.semicolon'), '|': t('delim.pipe') }[tb.delimiter] ?? tb.delimiter;
    replace(info,
      h('strong', { class: 'file-name', text: ctl.source.name, title: ctl.source.name }),
      h('span', { testid: 'row-count', text: t('open.rows', { n: fmtInt(tb.rows) }) }),
      h('span', { class: 'muted', text: fmtBytes(tb.bytes) }),
      h('span', { class: 'muted', text: t('open.delimiter', { d: delim }) }),
      h('span', { class: 'muted', text: t('open.model', { name: ctl.model?.info.name || '—' }) }));
    encSelect.value = ctl.options.encoding;
    encDetected.textContent = t('open.detected', { enc: has(`encoding.${tb.encoding}`) ? t(`encoding.${tb.encoding}`) : tb.encoding });
    encDetected.dataset.encoding = tb.encoding;
    const ws = tb.warningDetails ?? tb.warnings ?? [];
    warnings.hidden = ws.length === 0;
    replace(warnings,
      h('summary', { text: t('open.warnings', { n: ws.length }) }),
      h('ul', null, ws.map((w) => h('li', { text: warningText(w) }))));
  }

  ctl.addEventListener('loadstart', (e) => {
    progress.hidden = false;
    progressBar.removeAttribute('value');
    progressText.textContent = t('open.reading', { name: e.detail.name });
  });
  ctl.addEventListener('progress', (e) => {
    const p = e.detail;
    if (p.totalBytes) { progressBar.max = p.totalBytes; progressBar.value = Math.min(p.bytes, p.totalBytes); }
    progressText.textContent = t('open.progress', { rows: fmtInt(p.rows), read: fmtBytes(p.bytes), total: fmtBytes(p.totalBytes) });
  });
  ctl.addEventListener('loadend', () => { progress.hidden = true; encSelect.value = ctl.options.encoding; });
  ctl.addEventListener('table', renderInfo);
  ctl.addEventListener('model', renderInfo);
  onLangChange(renderStatic);
  renderStatic();
}

function looksLikeTable(text) {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim());
  return lines.length >= 2 && lines[0].includes('\t');
}
