// <kenko-score>: kenko as a custom element, for any page (docs/EMBED.md). The engine runs in a
// Web Worker (createWorkerEngine, kenko-worker.mjs); the element renders in a Shadow DOM, themed
// by CSS custom properties (--kenko-*) and ::part(). Two modes:
//   mode="table" (default): drop / pick / paste a table → segment counts, histogram, a compact
//     customer table (lowest scores first) and one customer's detail (drivers, alerts, actions,
//     the path to the next segment);
//   mode="self-check": a form made from the model's indicators (numbers, yes/no, categories) for
//     one customer; every change scores a one-row table through the engine and shows the score,
//     the segment, the drivers and the path to the next segment (explain / improvement).
// The model: the `model` property (an object or JSON text), else the `model` attribute (a URL of
// a JSON file), else a <script type="application/json"> child. lang="ja|en" (or the nearest
// [lang] ancestor). Events: kenko-scored, kenko-error. Properties: model, results, engine.
// No scoring here: every number comes from the engine.
import { createWorkerEngine } from './kenko-worker.mjs';

const TEXTS = {
  en: {
    drop: 'Drop a customer table (CSV) here, or', choose: 'Choose a file', paste: 'Paste a table',
    pasteHint: 'Paste rows copied from a spreadsheet (with the header row).', score: 'Score',
    reading: 'Reading… {rows} rows', scored: '{rows} customers scored ({file})', loadingModel: 'Loading the model…',
    noModel: 'No model: set the model attribute (a JSON file) or a <script type="application/json"> child.',
    customers: 'Customers', histogram: 'Scores (0–100)', id: 'Customer', scoreCol: 'Score', segment: 'Segment',
    drivers: 'Drivers', alerts: 'Alerts', none: 'None', unscored: 'Unscored', noSegment: 'No segment',
    more: 'Show more', showing: 'Lowest scores first: {shown} of {total}', all: 'All segments',
    action: 'Action', close: 'Close', pathTitle: 'To reach “{to}”', pathNone: 'No better segment within reach of three indicators.',
    best: 'Already in the best segment.', now: 'Now', needed: 'Needed', result: 'Score {from} → {to}: {segment}',
    atLeast: '{v} or more', atLeastBelow: '{v} or more (below {end})', below: 'below {v}', belowAtLeast: 'below {v} ({end} or more)',
    above: 'more than {v}', atMost: '{v} or less', is: '“{v}”', missing: 'missing',
    formTitle: 'Your values', formHint: 'Leave a field empty if you do not know it.', yes: 'Yes', no: 'No',
    choose1: '—', other: 'Other', yourScore: 'Your score', fill: 'Fill in the form to see your score.',
    numerator: '{label} — {column}', now2: '{column} (now)', before: '{column} (before)', details: 'Other details',
    percentile: 'Ranked against other customers: alone, you are in the middle.', coverage: 'Based on {pct} of the model',
  },
  ja: {
    drop: '顧客表 (CSV) をここにドロップ、または', choose: 'ファイルを選択', paste: '表を貼り付け',
    pasteHint: '表計算ソフトからコピーした行を貼り付けてください (見出し行を含む)。', score: 'スコアを計算',
    reading: '読み込み中… {rows} 行', scored: '{rows} 社をスコアリングしました ({file})', loadingModel: 'モデルを読み込み中…',
    noModel: 'モデルがありません: model 属性 (JSON ファイル) か <script type="application/json"> の子要素を指定してください。',
    customers: '顧客', histogram: 'スコア分布 (0〜100)', id: '顧客', scoreCol: 'スコア', segment: 'セグメント',
    drivers: '主な要因', alerts: 'アラート', none: 'なし', unscored: 'スコアなし', noSegment: 'セグメントなし',
    more: 'さらに表示', showing: 'スコアの低い順: {total} 社中 {shown} 社', all: 'すべてのセグメント',
    action: 'アクション', close: '閉じる', pathTitle: '「{to}」に上がるには', pathNone: '指標を3つまで変えても、より良いセグメントには届きません。',
    best: 'すでに最も良いセグメントです。', now: '現在', needed: '必要な値', result: 'スコア {from} → {to}: {segment}',
    atLeast: '{v} 以上', atLeastBelow: '{v} 以上({end} 未満)', below: '{v} 未満', belowAtLeast: '{v} 未満({end} 以上)',
    above: '{v} 超', atMost: '{v} 以下', is: '「{v}」', missing: '未入力',
    formTitle: 'あなたの値', formHint: 'わからない項目は空欄のままにしてください。', yes: 'はい', no: 'いいえ',
    choose1: '—', other: 'その他', yourScore: 'あなたのスコア', fill: 'フォームに入力するとスコアが表示されます。',
    numerator: '{label} — {column}', now2: '{column} (今回)', before: '{column} (前回)', details: 'その他の項目',
    percentile: '他の顧客との順位で決まる指標です: 1社だけでは中央の値になります。', coverage: 'モデルの {pct} に基づく',
  },
};

const STYLE = `
:host { display: block; font-family: var(--kenko-font, system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif);
  color: var(--kenko-fg, #1d2329); background: var(--kenko-bg, transparent); font-size: var(--kenko-font-size, 14px); line-height: 1.45; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
button, input, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; border: 1px solid var(--kenko-border, #c9d1d9); background: var(--kenko-surface, #fff);
  border-radius: var(--kenko-radius, 6px); padding: .3em .8em; }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, [tabindex]:focus-visible {
  outline: 2px solid var(--kenko-accent, #1565c0); outline-offset: 2px; }
.muted { color: var(--kenko-muted, #5b6670); }
.drop { border: 2px dashed var(--kenko-border, #c9d1d9); border-radius: var(--kenko-radius, 6px); padding: 1em; text-align: center; }
.drop.over { border-color: var(--kenko-accent, #1565c0); background: color-mix(in srgb, var(--kenko-accent, #1565c0) 8%, transparent); }
textarea { width: 100%; min-height: 6em; border: 1px solid var(--kenko-border, #c9d1d9); border-radius: var(--kenko-radius, 6px); }
.status { min-height: 1.4em; margin: .5em 0; }
.error { color: var(--kenko-error, #b3261e); white-space: pre-wrap; }
.counts { display: flex; flex-wrap: wrap; gap: .5em; margin: .5em 0; padding: 0; list-style: none; }
.count { border: 1px solid var(--kenko-border, #c9d1d9); border-left: 6px solid var(--seg, #8d96a0); border-radius: var(--kenko-radius, 6px);
  padding: .3em .7em; text-align: left; background: var(--kenko-surface, #fff); }
.count[aria-pressed="true"] { box-shadow: 0 0 0 2px var(--kenko-accent, #1565c0); }
.count b { display: block; font-size: 1.3em; }
svg.hist { width: 100%; max-height: 160px; display: block; }
svg.hist rect { fill: var(--kenko-bar, var(--kenko-accent, #1565c0)); }
svg.hist line { stroke: var(--kenko-border, #c9d1d9); }
svg.hist text { fill: var(--kenko-muted, #5b6670); font-size: 10px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid var(--kenko-border, #e3e8ec); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.sel { background: color-mix(in srgb, var(--kenko-accent, #1565c0) 10%, transparent); }
td button.row { border: none; background: none; padding: 0; text-decoration: underline; color: var(--kenko-accent, #1565c0); }
.chip { display: inline-block; padding: .05em .6em; border-radius: 1em; background: var(--seg, #8d96a0); color: var(--seg-fg, #fff); }
.detail, .result { border: 1px solid var(--kenko-border, #c9d1d9); border-radius: var(--kenko-radius, 6px); padding: .8em 1em; margin: .8em 0;
  background: var(--kenko-surface, #fff); }
.big { font-size: 2.2em; font-weight: 600; font-variant-numeric: tabular-nums; }
.form { display: grid; gap: .6em; }
fieldset { border: 1px solid var(--kenko-border, #c9d1d9); border-radius: var(--kenko-radius, 6px); margin: 0; padding: .5em .8em; }
legend { font-weight: 600; padding: 0 .3em; }
.field { display: grid; grid-template-columns: minmax(8em, 1fr) minmax(6em, 12em); gap: .5em; align-items: center; margin: .25em 0; }
.field input, .field select { width: 100%; padding: .25em .4em; border: 1px solid var(--kenko-border, #c9d1d9); border-radius: var(--kenko-radius, 6px);
  background: var(--kenko-surface, #fff); }
.unit { color: var(--kenko-muted, #5b6670); margin-left: .3em; }
.layout { display: grid; gap: 1em; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20em), 1fr)); align-items: start; }
h3 { font-size: 1em; margin: .8em 0 .3em; }
ul.plain { margin: .2em 0; padding-left: 1.2em; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/** Elements without HTML strings: h('div', {class, part, text, ...attrs}, ...children). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElementNS(tag === 'svg' || attrs?.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false || k === 'svg') continue;
    if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style') for (const [p, x] of Object.entries(v)) el.style.setProperty(p, x);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** Two decimals like printf("%.2f") (exact ties to even), '' for NaN/null: the engine's output format. */
export function fmt2(x) {
  if (x == null || Number.isNaN(x)) return '';
  const e = x * 8;
  if (Number.isInteger(e) && Math.abs(e) % 2 === 1) {
    const lo = Math.floor(x * 100);
    return ((lo % 2 === 0 ? lo : lo + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}

const TRAFFIC = [[/red|risk|danger|bad|poor|churn|赤|危険|要注意/i, '#c62828'], [/yellow|amber|orange|watch|warn|黄|注意/i, '#f9a825'], [/green|healthy|good|safe|緑|健全/i, '#2e7d32']];
function segmentColor(seg) {
  if (!seg) return '#8d96a0';
  if (seg.color) return seg.color;
  for (const [re, c] of TRAFFIC) if (re.test(seg.id) || re.test(seg.label ?? '')) return c;
  return 'var(--kenko-accent, #1565c0)';
}

const csvField = (v) => `"${String(v).replace(/"/g, '""')}"`;

// Importable where there is no DOM (server rendering): the element is then only defined in a browser.
const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? class {});

export class KenkoScoreElement extends Base {
  static get observedAttributes() { return ['model', 'mode', 'lang']; }

  #shadow;
  /** @type {Promise<any>|null} */
  #engine = null;
  #modelValue = null; // set through the property: an object or JSON text
  #modelObj = null; // ... parsed (for the form's x- hints and conditions)
  #info = null; // modelInfo() of the model in force
  #results = null;
  #source = null; // the table read last (table mode): read again after a model change
  #seq = 0; // the latest read or self-check: answers to older ones are dropped
  #modelSeq = 0; // the latest model load
  /** @type {Promise<void>} the model load in progress or done */
  #modelReady = Promise.resolve();
  #abort = null;
  #timer = 0;
  #shown = 50;
  #filter = -3; // segment index filtering the table (-3: all)
  #selected = -1;
  #loadedFor = null;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    const s = styleSheet();
    if (s) this.#shadow.adoptedStyleSheets = [s];
  }

  connectedCallback() {
    if (!this.#info || !this.#engine) this.#loadModel();
  }

  disconnectedCallback() {
    // Moved within the page: connected again in the same task. Removed: free the worker.
    queueMicrotask(() => {
      if (this.isConnected || !this.#engine) return;
      const engine = this.#engine;
      this.#engine = null;
      this.#loadedFor = null;
      engine.then((e) => e.dispose(), () => {});
    });
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected) return;
    if (name === 'model' && this.#modelValue == null) this.#loadModel();
    else if (name === 'mode') this.#render();
    else if (name === 'lang') this.#render();
  }

  /** The model: an object or JSON text (setting it overrides the attribute and the child). */
  get model() {
    return this.#modelObj;
  }

  set model(value) {
    this.#modelValue = value;
    if (this.isConnected) this.#loadModel();
  }

  /**
   * The results shown. Table mode: the engine's results() (typed arrays), summary(), ids and
   * labels (TextColumns) and the table's info; self-check: {score, segment, explanation,
   * improvement}. null before anything is scored.
   */
  get results() {
    return this.#results;
  }

  /** The element's worker engine (a Promise of createWorkerEngine()'s engine). */
  get engine() {
    this.#engine ??= createWorkerEngine();
    return this.#engine;
  }

  get mode() {
    return this.getAttribute('mode') === 'self-check' ? 'self-check' : 'table';
  }

  #lang() {
    const l = (this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || 'en').toLowerCase();
    return l.startsWith('ja') ? 'ja' : 'en';
  }

  #t(key, params = {}) {
    const s = TEXTS[this.#lang()][key] ?? TEXTS.en[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
  }

  // ---- the model ----
  async #modelSource() {
    if (this.#modelValue != null) return typeof this.#modelValue === 'string' ? this.#modelValue : JSON.stringify(this.#modelValue);
    const url = this.getAttribute('model');
    if (url) {
      const res = await fetch(new URL(url, document.baseURI));
      if (!res.ok) throw new Error(`the model ${url} could not be fetched (HTTP ${res.status})`);
      return res.text();
    }
    const script = this.querySelector('script[type="application/json"]');
    return script ? script.textContent : null;
  }

  #loadModel() {
    this.#modelReady = this.#readModel();
    return this.#modelReady;
  }

  async #readModel() {
    const seq = ++this.#modelSeq;
    if (!this.#info) this.#render();
    this.#status(this.#t('loadingModel'));
    try {
      const text = await this.#modelSource();
      if (seq !== this.#modelSeq) return;
      if (text == null) {
        this.#status(this.#t('noModel'), true);
        return;
      }
      const engine = await this.engine;
      const { model, warnings } = await engine.setModel(text);
      if (seq !== this.#modelSeq) return;
      this.#modelObj = JSON.parse(text);
      this.#info = model;
      this.#results = null;
      this.#loadedFor = engine;
      for (const w of warnings) console.warn(`kenko: ${w}`);
      this.#render();
      // The engine dropped the table with the old model: read it again (after this load settles).
      if (this.mode === 'table' && this.#source) this.loadTable(this.#source.data, { name: this.#source.name }).catch(() => {});
    } catch (err) {
      if (seq === this.#modelSeq) {
        // A model the engine refused leaves the one in force (and its results) in place: the
        // user keeps what they had and sees why the new model was not taken.
        if (!this.#info) this.#render();
        this.#fail(err);
      }
    }
  }

  // ---- rendering ----
  #render() {
    const root = this.#shadow;
    root.replaceChildren();
    const status = h('p', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' });
    if (!this.#info) {
      root.append(h('div', { part: 'container', class: 'container' }, status));
      return;
    }
    if (this.mode === 'self-check') {
      root.append(h('div', { part: 'container', class: 'container layout', 'data-mode': 'self-check' }, this.#form(), h('div', null, status, h('div', { class: 'result', part: 'result', 'aria-live': 'polite' }, h('p', { class: 'muted', text: this.#t('fill') })))));
      this.#scheduleSelfCheck(0);
    } else {
      root.append(h('div', { part: 'container', class: 'container', 'data-mode': 'table' }, this.#opener(), status, h('div', { class: 'out' })));
      if (this.#results) this.#renderTable();
    }
  }

  #status(text, error = false) {
    const el = this.#shadow.querySelector('.status');
    if (!el) return;
    el.textContent = text;
    el.classList.toggle('error', error);
    if (error) el.setAttribute('part', 'status error');
    else el.setAttribute('part', 'status');
  }

  #fail(err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const problems = /** @type {any} */ (e).problems;
    const detail = { name: e.name, message: e.message };
    const { code, params } = /** @type {any} */ (e);
    if (code) Object.assign(detail, { code, params }); // docs/JS-API.md, "Error codes"
    if (Array.isArray(problems)) detail.problems = problems;
    if (Array.isArray(/** @type {any} */ (e).header)) detail.header = /** @type {any} */ (e).header;
    this.#status(problems?.length ? problems.map((p) => `${p.path}: ${p.message}`).join('\n') : e.message, true);
    this.dispatchEvent(new CustomEvent('kenko-error', { detail: { error: detail }, bubbles: true, composed: true }));
  }

  // ---- table mode ----
  #opener() {
    const input = h('input', { type: 'file', accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values', hidden: true, part: 'file-input' });
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      if (f) this.loadTable(f, { name: f.name }).catch(() => {});
      input.value = '';
    });
    const drop = h('div', { class: 'drop', part: 'dropzone' },
      h('span', { text: `${this.#t('drop')} ` }),
      h('button', { type: 'button', part: 'button choose', onclick: () => input.click(), text: this.#t('choose') }), input);
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      const f = e.dataTransfer?.files?.[0];
      if (f) this.loadTable(f, { name: f.name }).catch(() => {});
    });
    const area = h('textarea', { part: 'paste-area', 'aria-label': this.#t('paste'), placeholder: this.#t('pasteHint') });
    const paste = h('details', { part: 'paste' }, h('summary', { text: this.#t('paste') }), area,
      h('button', { type: 'button', part: 'button paste-score', text: this.#t('score'), onclick: () => { if (area.value.trim()) this.loadTable(area.value, { name: this.#t('paste') }).catch(() => {}); } }));
    return h('div', { class: 'opener' }, drop, paste);
  }

  /**
   * Reads and scores a table (table mode): a File/Blob, bytes or text. Options: the engine's
   * loadTable options (encoding, delimiter, columnMap, matchColumns — 'loose' by default here),
   * and `name` (shown). Resolves with the table's info; rejects (and fires kenko-error) on failure.
   */
  async loadTable(source, { name = '', ...options } = {}) {
    const seq = ++this.#seq;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const engine = await this.engine;
      await this.#modelReady;
      if (!this.#info || this.#loadedFor !== engine) throw new Error(this.#t('noModel'));
      // The bytes of any buffer or view (not its elements), copied: the worker takes the copy.
      const data = source instanceof ArrayBuffer ? new Uint8Array(source).slice()
        : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice() : source;
      const info = await engine.loadTable(data, {
        matchColumns: 'loose', ...options, signal: abort.signal,
        onProgress: (p) => this.#status(this.#t('reading', { rows: p.rows.toLocaleString() })),
      });
      const [results, summary, ids, labels] = await Promise.all([engine.results(), engine.summary(), engine.ids(), engine.labels()]);
      if (seq !== this.#seq) return info;
      this.#source = { data: source, name };
      this.#results = { ...results, summary, ids, labels, table: info };
      this.#shown = 50;
      this.#filter = -3;
      this.#selected = -1;
      this.#status(this.#t('scored', { rows: info.rows.toLocaleString(), file: name || '—' }));
      this.#renderTable();
      this.dispatchEvent(new CustomEvent('kenko-scored', { detail: { mode: 'table', rows: info.rows, summary, table: info }, bubbles: true, composed: true }));
      return info;
    } catch (err) {
      if (err?.name !== 'AbortError' && seq === this.#seq) this.#fail(err);
      throw err;
    }
  }

  #segmentOf(index) {
    const segs = this.#info.segments;
    if (index >= 0) return segs[index];
    return { id: index === -1 ? 'none' : 'unscored', label: this.#t(index === -1 ? 'noSegment' : 'unscored'), color: '#8d96a0' };
  }

  #renderTable() {
    const out = this.#shadow.querySelector('.out');
    if (!out || !this.#results) return;
    const r = this.#results;
    const sum = r.summary;
    const segIndex = new Map(this.#info.segments.map((s, i) => [s.id, i]));
    const counts = h('ul', { class: 'counts', part: 'counts', 'aria-label': this.#t('customers') },
      h('li', null, h('button', { type: 'button', class: 'count', part: 'count', 'aria-pressed': String(this.#filter === -3), 'data-segment': '', 'data-count': String(sum.customers), onclick: () => this.#setFilter(-3) },
        h('b', { text: sum.customers.toLocaleString() }), h('span', { text: this.#t('all') }))),
      sum.segments.filter((s) => s.count > 0 || segIndex.has(s.id)).map((s) => {
        const index = segIndex.has(s.id) ? segIndex.get(s.id) : s.id === 'none' ? -1 : -2;
        const seg = this.#segmentOf(index);
        return h('li', null, h('button', {
          type: 'button', class: 'count', part: 'count', 'aria-pressed': String(this.#filter === index), 'data-segment': s.id, 'data-count': String(s.count),
          style: { '--seg': segmentColor(seg) }, onclick: () => this.#setFilter(index),
        }, h('b', { text: s.count.toLocaleString() }), h('span', { text: index < 0 ? seg.label : s.label || s.id })));
      }));
    out.replaceChildren(counts, this.#histogram(sum.histogram), this.#table(), h('div', { class: 'detail-slot' }));
    if (this.#selected >= 0) this.#openDetail(this.#selected);
  }

  #setFilter(index) {
    this.#filter = index;
    this.#shown = 50;
    this.#renderTable();
  }

  #histogram(bins) {
    const max = Math.max(1, ...bins);
    const W = 400, H = 120, B = 14, bw = W / bins.length;
    const bars = bins.map((n, i) => {
      const hgt = ((H - B - 4) * n) / max;
      return h('rect', { svg: true, x: (i * bw + 1).toFixed(1), y: (H - B - hgt).toFixed(1), width: (bw - 2).toFixed(1), height: hgt.toFixed(1) },
        h('title', { svg: true, text: `${i * 5}–${i === 19 ? 100 : i * 5 + 5}: ${n}` }));
    });
    const ticks = [0, 25, 50, 75, 100].map((v) => h('text', { svg: true, x: String(Math.min(W - 12, Math.max(0, (v / 100) * W - 6))), y: String(H - 2), text: String(v) }));
    return h('figure', { part: 'histogram', style: { margin: '0' } },
      h('svg', { class: 'hist', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': this.#t('histogram'), 'data-bins': bins.join(',') },
        bars, h('line', { svg: true, x1: '0', x2: String(W), y1: String(H - B), y2: String(H - B) }), ticks),
      h('figcaption', { class: 'muted', text: this.#t('histogram') }));
  }

  // The `shown` lowest scores (unscored last) among the rows of the filter, lowest first: a
  // bounded max-heap over the rows (n log k), not a sort of every row.
  #lowest(k) {
    const { score, segment } = this.#results;
    const n = score.length;
    const key = (i) => (Number.isNaN(score[i]) ? Infinity : score[i]);
    const heap = [];
    const worse = (a, b) => key(a) > key(b) || (key(a) === key(b) && a > b);
    for (let i = 0; i < n; i++) {
      if (this.#filter !== -3 && segment[i] !== this.#filter) continue;
      if (heap.length < k) {
        heap.push(i);
        for (let c = heap.length - 1; c > 0;) {
          const p = (c - 1) >> 1;
          if (!worse(heap[c], heap[p])) break;
          [heap[c], heap[p]] = [heap[p], heap[c]];
          c = p;
        }
      } else if (worse(heap[0], i)) {
        heap[0] = i;
        for (let p = 0; ;) {
          const l = 2 * p + 1, r = l + 1;
          let m = p;
          if (l < heap.length && worse(heap[l], heap[m])) m = l;
          if (r < heap.length && worse(heap[r], heap[m])) m = r;
          if (m === p) break;
          [heap[m], heap[p]] = [heap[p], heap[m]];
          p = m;
        }
      }
    }
    return heap.sort((a, b) => (worse(a, b) ? 1 : -1));
  }

  #table() {
    const r = this.#results;
    const inds = this.#info.indicators;
    const total = this.#filter === -3 ? r.rows : r.segment.reduce((n, s) => n + (s === this.#filter ? 1 : 0), 0);
    const rows = this.#lowest(this.#shown);
    const body = rows.map((i) => {
      const seg = this.#segmentOf(r.segment[i]);
      const drivers = [];
      for (let k = 0; k < 3; k++) {
        const d = r.drivers[i * 3 + k];
        if (d >= 0) drivers.push(inds[d]?.label || inds[d]?.id);
      }
      const id = r.ids.get(i);
      return h('tr', { part: 'row', 'data-row': String(i), class: i === this.#selected ? 'sel' : null },
        h('td', null, h('button', { type: 'button', class: 'row', part: 'row-button', text: id || `#${i + 1}`, onclick: () => this.#openDetail(i) }),
          r.labels ? h('div', { class: 'muted', text: r.labels.get(i) }) : null),
        h('td', { class: 'num', 'data-score': String(r.score[i]), text: fmt2(r.score[i]) || '—' }),
        h('td', { 'data-segment': seg.id }, h('span', { class: 'chip', style: { '--seg': segmentColor(seg) }, text: seg.label || seg.id })),
        h('td', { class: 'muted', text: drivers.join(', ') }));
    });
    return h('div', { class: 'table-box' },
      h('p', { class: 'muted', part: 'table-caption', text: this.#t('showing', { shown: rows.length.toLocaleString(), total: total.toLocaleString() }) }),
      h('table', { part: 'table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: this.#t('id') }), h('th', { scope: 'col', class: 'num', text: this.#t('scoreCol') }),
          h('th', { scope: 'col', text: this.#t('segment') }), h('th', { scope: 'col', text: this.#t('drivers') }))),
        h('tbody', null, body)),
      rows.length < total ? h('button', { type: 'button', part: 'button more', text: this.#t('more'), onclick: () => { this.#shown += 50; this.#renderTable(); } }) : null);
  }

  async #openDetail(row) {
    this.#selected = row;
    for (const tr of this.#shadow.querySelectorAll('tr[data-row]')) tr.classList.toggle('sel', tr.getAttribute('data-row') === String(row));
    const seq = this.#seq;
    try {
      const engine = await this.engine;
      const [ex, imp] = await engine.batch([['explain', row], ['improvement', row]]);
      if (seq !== this.#seq) return;
      const slot = this.#shadow.querySelector('.detail-slot');
      slot?.replaceChildren(h('section', { class: 'detail', part: 'detail', 'data-row': String(row), 'aria-label': ex.id },
        h('button', { type: 'button', part: 'button close', style: { float: 'right' }, text: this.#t('close'), onclick: () => { this.#selected = -1; slot.replaceChildren(); } }),
        this.#explanation(ex, imp)));
    } catch (err) {
      this.#fail(err);
    }
  }

  // One customer: score, segment and its action, drivers, alerts with their actions, the path to
  // the next segment. `ex` is explain(row), `imp` improvement(row).
  #explanation(ex, imp, title = null) {
    const info = this.#info;
    const seg = info.segments.find((s) => s.id === ex.segment) ?? this.#segmentOf(ex.segment === 'none' ? -1 : -2);
    const indById = new Map(info.indicators.map((x) => [x.id, x]));
    const alertById = new Map(info.alerts.map((x) => [x.id, x]));
    const scored = ex.score != null && !Number.isNaN(ex.score);
    return [
      h('div', { class: 'head' },
        title ? h('div', { class: 'muted', text: title }) : h('strong', { text: ex.label ? `${ex.label} (${ex.id})` : ex.id }),
        h('div', { class: 'big', part: 'score', 'data-score': scored ? String(ex.score) : '', text: scored ? fmt2(ex.score) : '—' }),
        h('span', { class: 'chip', part: 'segment', 'data-segment': ex.segment, style: { '--seg': segmentColor(seg) }, text: seg.label || seg.id }),
        scored && ex.coverage < 1 ? h('span', { class: 'muted', text: ` ${this.#t('coverage', { pct: `${fmt2(ex.coverage * 100)}%` })}` }) : null),
      seg.action ? h('p', { part: 'action', 'data-action': seg.action }, h('strong', { text: `${this.#t('action')}: ` }), seg.action) : null,
      ex.drivers.length ? [h('h3', { text: this.#t('drivers') }), h('ol', { class: 'plain', part: 'drivers' },
        ex.drivers.map((d) => h('li', { 'data-indicator': d, text: indById.get(d)?.label || d })))] : null,
      ex.alerts.length ? [h('h3', { text: this.#t('alerts') }), h('ul', { class: 'plain', part: 'alerts' },
        ex.alerts.map((a) => {
          const al = alertById.get(a);
          return h('li', { 'data-alert': a }, h('span', { text: al?.label || a }), al?.action ? h('span', { class: 'muted', text: ` — ${al.action}` }) : null);
        }))] : null,
      this.#path(imp),
    ];
  }

  #path(imp) {
    if (!imp) return null;
    if (!imp.found) {
      const best = imp.reasonCode === 'bestSegment' || imp.reasonCode === 'alreadyInTarget';
      return h('p', { class: 'muted', part: 'path', 'data-found': 'false', 'data-reason': imp.reasonCode ?? '', title: imp.reason ?? '', text: best ? this.#t('best') : imp.reasonCode === 'unscored' ? '' : this.#t('pathNone') });
    }
    const byId = new Map(this.#info.indicators.map((x) => [x.id, x]));
    return h('div', { part: 'path', 'data-found': 'true', 'data-to': imp.to.segment, 'data-score': String(imp.to.score) },
      h('h3', { text: this.#t('pathTitle', { to: imp.to.label || imp.to.segment }) }),
      h('table', null,
        h('thead', null, h('tr', null, h('th', { scope: 'col' }), h('th', { scope: 'col', text: this.#t('now') }), h('th', { scope: 'col', text: this.#t('needed') }))),
        h('tbody', null, imp.steps.map((st) => h('tr', { part: 'step', 'data-indicator': st.indicator, 'data-bound': st.bound, 'data-to': String(st.to), 'data-to-value': String(st.toValue ?? '') },
          h('th', { scope: 'row', text: byId.get(st.indicator)?.label || st.label || st.indicator }),
          h('td', { text: st.fromPresent ? st.from : this.#t('missing') }),
          h('td', { text: this.#target(st) }))))),
      h('p', { class: 'muted', text: this.#t('result', { from: fmt2(imp.from.score), to: fmt2(imp.to.score), segment: imp.to.label || imp.to.segment }) }));
  }

  #target(st) {
    const v = st.to;
    const end = st.bandEnd == null ? null : String(+Number(st.bandEnd).toPrecision(6));
    switch (st.bound) {
      case 'atLeast': return end ? this.#t('atLeastBelow', { v, end }) : this.#t('atLeast', { v });
      case 'below': return end ? this.#t('belowAtLeast', { v, end }) : this.#t('below', { v });
      case 'above': return this.#t('above', { v });
      case 'atMost': return this.#t('atMost', { v });
      default: return this.#t('is', { v });
    }
  }

  // ---- self-check mode ----
  // The inputs, one per model column a customer can answer (indicator sources, then columns of
  // segment and alert conditions), grouped under their indicators. The id column is a fixed
  // text; the label and outcome columns stay empty.
  #formFields() {
    const info = this.#info;
    const raw = this.#modelObj ?? {};
    const hints = raw['x-columns'] && typeof raw['x-columns'] === 'object' ? raw['x-columns'] : {};
    const rawInds = Array.isArray(raw.indicators) ? raw.indicators : [];
    const fields = new Map(); // column → {column, kind, options, label, unit}
    const groups = [];
    const field = (column, label, unit) => {
      if (!fields.has(column)) fields.set(column, { column, kind: 'number', options: null, label: hints[column]?.label ?? label, unit: hints[column]?.unit ?? unit ?? '' });
      return fields.get(column);
    };
    info.indicators.forEach((ind, k) => {
      const rawInd = rawInds[k] ?? {};
      const rule = ind.rule ?? {};
      const src = ind.source ?? {};
      const label = ind.label || ind.id;
      const members = [];
      if (src.column != null) {
        const f = field(src.column, label, rawInd['x-unit']);
        if (rule.type === 'boolean') f.kind = 'boolean';
        else if (rule.type === 'category') {
          f.kind = 'category';
          // The author's order (the model's JSON), then any other key the engine has.
          const keys = Object.keys(rule.map ?? {});
          const authored = Object.keys(rawInd.rule?.map ?? {}).filter((k) => keys.includes(k));
          f.options = [...authored, ...keys.filter((k) => !authored.includes(k))];
          f.other = rule.else != null;
        }
        members.push(f);
      } else {
        const [a, b] = src.ratio ?? src.change ?? [];
        const [la, lb] = src.ratio ? [a, b] : [this.#t('now2', { column: a }), this.#t('before', { column: b })];
        members.push(field(a, la), field(b, lb));
      }
      groups.push({ id: ind.id, label, members, percentile: rule.type === 'percentile' });
    });
    // Columns that conditions test (segments by ARR, alerts by plan, ...).
    const extra = [];
    const conds = [...(raw.segments ?? []), ...(raw.alerts ?? [])].flatMap((x) => (Array.isArray(x?.when) ? x.when : []));
    for (const c of conds) {
      const m = /^column\.(.+)$/.exec(String(c?.field ?? ''));
      if (!m || fields.has(m[1]) && !extra.includes(fields.get(m[1]))) continue;
      const f = field(m[1], m[1]);
      if (Array.isArray(c.in)) {
        f.kind = 'category';
        f.options = [...new Set([...(f.options ?? []), ...c.in.map(String)])];
        f.other = true;
      }
      if (!extra.includes(f)) extra.push(f);
    }
    if (extra.length) groups.push({ id: '', label: this.#t('details'), members: extra });
    return { fields: [...fields.values()], groups };
  }

  #form() {
    const { fields, groups } = this.#formFields();
    this.#fields = fields;
    const placed = new Set();
    let n = 0;
    const control = (f) => {
      const id = `kenko-field-${n++}`;
      const prev = this.#values.get(f.column) ?? '';
      let input;
      if (f.kind === 'boolean' || f.kind === 'category') {
        const opts = f.kind === 'boolean' ? [['yes', this.#t('yes')], ['no', this.#t('no')]] : f.options.map((o) => [o, o]);
        if (f.kind === 'category' && f.other) opts.push(['\u0000other', this.#t('other')]);
        input = h('select', { id, part: 'input', 'data-column': f.column, 'data-kind': f.kind },
          h('option', { value: '', text: this.#t('choose1') }), opts.map(([v, t]) => h('option', { value: v, text: t })));
      } else {
        input = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', part: 'input', 'data-column': f.column, 'data-kind': 'number' });
      }
      input.value = prev;
      input.addEventListener('input', () => this.#changed(f.column, input.value));
      input.addEventListener('change', () => this.#changed(f.column, input.value));
      return h('div', { class: 'field', part: 'field' },
        h('label', { for: id, part: 'label' }, f.label, f.unit ? h('span', { class: 'unit', text: `(${f.unit})` }) : null), input);
    };
    const sets = groups.map((g) => {
      const mine = g.members.filter((f) => !placed.has(f.column));
      mine.forEach((f) => placed.add(f.column));
      if (!mine.length) return null;
      return h('fieldset', { part: 'group', 'data-indicator': g.id || null },
        h('legend', { text: g.label }), mine.map(control),
        g.percentile ? h('p', { class: 'muted', text: this.#t('percentile') }) : null);
    });
    return h('form', { class: 'form', part: 'form', novalidate: true, onsubmit: (e) => e.preventDefault() },
      h('p', { class: 'muted', text: this.#t('formHint') }), sets);
  }

  #fields = [];
  /** @type {Map<string, string>} column → the text typed or chosen (kept across re-renders) */
  #values = new Map();

  #changed(column, value) {
    this.#values.set(column, value);
    this.#scheduleSelfCheck(60);
  }

  #scheduleSelfCheck(ms) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#selfCheck().catch(() => {}), ms);
  }

  /** The one-row table the form stands for (every model column; the id column a fixed text). */
  selfCheckTable() {
    const info = this.#info;
    if (!info) return null;
    const cells = info.columns.map((c) => {
      if (c === info.idColumn) return this.#lang() === 'ja' ? 'あなた' : 'you';
      const v = this.#values.get(c) ?? '';
      return v === '\u0000other' ? this.#otherText(c) : v;
    });
    return `${info.columns.map(csvField).join(',')}\r\n${cells.map(csvField).join(',')}\r\n`;
  }

  // A text for "other" in a category column: one the map does not hold (its `else`).
  #otherText(column) {
    const f = this.#fields.find((x) => x.column === column);
    const taken = new Set((f?.options ?? []).map((o) => o.trim().toLowerCase()));
    let t = 'other';
    while (taken.has(t)) t += '_';
    return t;
  }

  async #selfCheck() {
    if (this.mode !== 'self-check' || !this.#info) return;
    const seq = ++this.#seq;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const table = this.selfCheckTable();
    try {
      const engine = await this.engine;
      await this.#modelReady;
      await engine.loadTable(table, { signal: abort.signal, matchColumns: 'exact' });
      const [ex, imp] = await engine.batch([['explain', 0], ['improvement', 0]]);
      if (seq !== this.#seq) return;
      const box = this.#shadow.querySelector('.result');
      const answered = [...this.#values.values()].some((v) => v !== '');
      this.#results = { score: ex.score, segment: ex.segment, explanation: ex, improvement: imp, table };
      box?.replaceChildren(...(answered ? this.#explanation(ex, imp, this.#t('yourScore')).flat() : [h('p', { class: 'muted', text: this.#t('fill') })]).filter(Boolean));
      box?.setAttribute('data-score', String(ex.score));
      box?.setAttribute('data-segment', ex.segment);
      this.#status('');
      this.dispatchEvent(new CustomEvent('kenko-scored', { detail: { mode: 'self-check', score: ex.score, segment: ex.segment, explanation: ex, improvement: imp }, bubbles: true, composed: true }));
    } catch (err) {
      if (err?.name !== 'AbortError' && seq === this.#seq) this.#fail(err);
    }
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('kenko-score')) customElements.define('kenko-score', KenkoScoreElement);
