// The page's state, as the views see it: one EventTarget with the methods they call and the
// fields they read. Each concern lives in its own module under state/ (README.md); this facade
// only wires them and forwards. It never touches the DOM.
import { Store } from './state/store.js';
import { Loading } from './state/loading.js';
import { Scores } from './state/scores.js';
import { WhatIf } from './state/whatif.js';
import { Analysis } from './state/analysis.js';
import { Snapshots } from './state/snapshots.js';
import { Rows } from './state/rows.js';
import { History } from './state/history.js';
import { Builder } from './state/builder.js';
import { Remembered } from './state/remembered.js';
import { scoredCsv, modelWithWhatIf } from './state/exports.js';

export { LIVE_AUC_ROWS } from './state/analysis.js';
export { emptyWhatIf } from './state/whatif.js';

export class Controller extends EventTarget {
  #s;

  constructor() {
    super();
    const s = new Store(this);
    s.loading = new Loading(s);
    s.scores = new Scores(s);
    s.whatIf = new WhatIf(s);
    s.analysis = new Analysis(s);
    s.snapshots = new Snapshots(s);
    s.rows = new Rows(s);
    s.history = new History(s);
    s.builder = new Builder(s);
    this.#s = s;
    /** What the page remembers across reloads (IndexedDB; state/remembered.js). */
    this.memory = new Remembered();
    s.loading.mappingFor = (header) => this.memory.mappingFor(header);
    s.loading.encodingFor = (name) => this.memory.encodingFor(name);
    this.#rememberWhatIsApplied();
    // The shares of the score under the weights in force (what-if included): modelInfo() once
    // the what-if has settled, and after each read.
    for (const ev of ['results', 'shown', 'model']) this.addEventListener(ev, () => this.#refreshShares());
  }

  // The applied model (not a bundled example's), the mapping chosen for the table's header set
  // and the last table's name and encoding, remembered as they change (never the data).
  #rememberWhatIsApplied() {
    const m = this.memory;
    const track = (p) => { if (p) this.track(p); };
    this.addEventListener('model', () => { if (this.model) track(m.rememberModel(this.model.text, this.model.info.name)); });
    this.addEventListener('table', () => {
      const src = this.source;
      if (this.model) track(m.rememberModel(this.model.text, this.model.info.name));
      if (!src || src.example) return;
      track(m.rememberTable({ name: src.name, size: src.size, encoding: this.options.encoding }));
      if (this.table?.header) track(m.rememberMapping(this.table.header, this.options.columnMap ?? {}));
    });
    this.addEventListener('builderapplied', (/** @type {CustomEvent} */ e) => track(m.rememberSettings({ outcome: e.detail.outcome ?? '' })));
  }

  /** @type {any} modelInfo() under the what-if in force, or null (then the model's own) */
  #infoInForce = null;
  #refreshShares() {
    if (!this.model) return;
    if (!this.#s.whatIf.changed()) {
      if (this.#infoInForce) {
        this.#infoInForce = null;
        this.dispatchEvent(new CustomEvent('shares', { detail: {} }));
      }
      return;
    }
    const gen = this.generation;
    this.track(this.#s.client.modelInfo().then((info) => {
      if (gen !== this.generation) return;
      this.#infoInForce = info;
      this.dispatchEvent(new CustomEvent('shares', { detail: {} }));
    }, () => {}));
  }

  /** The model with the weights in force (modelInfo(): what-if included once it has settled). */
  get infoInForce() {
    return this.#infoInForce ?? this.model?.info ?? null;
  }

  /**
   * The share of the score (0–1, every value present) of an indicator or a dimension under the
   * weights in force, or null. (modelInfo's `share`, docs/JS-API.md.)
   * @param {'indicator'|'dimension'} kind @param {string} id
   */
  shareOf(kind, id) {
    const info = this.infoInForce;
    const list = kind === 'dimension' ? info?.dimensions : info?.indicators;
    const x = list?.find((y) => y.id === id);
    return typeof x?.share === 'number' ? x.share : null;
  }

  // ---- the model builder (state/builder.js) ----
  get builder() { return this.#s.builder; }
  /** The header of the table read last, even a failed read (the model editor's column lists). */
  get lastHeader() { return this.#s.loading.lastHeader ?? this.table?.header ?? null; }
  /** The table read last, even a read refused for a missing column (the builder's table). */
  get lastSource() { return this.#s.loading.lastSource ?? this.source; }
  /** Opens the builder on the table read last (or on `source`). */
  startBuilder(source = this.lastSource, opts = {}) {
    if (!source) return Promise.resolve(false);
    const encoding = opts.encoding ?? (source === this.source ? this.options.encoding : 'auto');
    const outcome = this.memory.data.settings?.outcome ?? '';
    return this.track(this.#s.builder.start(source, { encoding, reason: opts.reason ?? 'button', choices: opts.choices ?? { outcome } }));
  }

  /** True while any work is in progress: an engine request, a read, a what-if change not yet scored or its refresh. */
  busy() {
    return this.#s.busy();
  }

  /** Counts `promise` as work in progress until it settles (e.g. fetching an example before load()). */
  track(promise) { return this.#s.track(promise); }

  get client() { return this.#s.client; }
  get generation() { return this.#s.generation; }
  get lastError() { return this.#s.lastError; }
  set lastError(e) { this.#s.lastError = e; }
  get segments() { return this.#s.segments; }
  /** Whether the model has an outcome (then validation, live AUC and weight fitting). */
  get hasOutcome() { return this.#s.hasOutcome; }

  /** The score drop that flags a customer as deteriorating (modelInfo().deterioratingDrop). */
  get deterioratingDrop() {
    const d = this.model?.info.deterioratingDrop;
    return typeof d === 'number' && d > 0 ? d : 10;
  }

  // ---- opening tables and models (state/loading.js) ----
  get model() { return this.#s.loading.model; }
  get source() { return this.#s.loading.source; }
  get options() { return this.#s.loading.options; }
  get table() { return this.#s.loading.table; }
  load(args) { return this.#s.loading.load(args); }
  cancelLoad() { this.#s.loading.cancelLoad(); }
  open(data, name) { return this.#s.loading.open(data, name); }
  setEncoding(encoding) { return this.#s.loading.setEncoding(encoding); }
  applyMapping(columnMap, retry = null) { return this.#s.loading.applyMapping(columnMap, retry); }
  applyModel(text) { return this.#s.loading.applyModel(text); }
  isPending(part) { return this.#s.loading.isPending(part); }
  keepsColumn(column) { return this.#s.loading.keepsColumn(column); }

  // ---- the scores in force (state/scores.js) ----
  get results() { return this.#s.scores.results; }
  get baseline() { return this.#s.scores.baseline; }
  get derived() { return this.#s.scores.derived; }
  get summary() { return this.#s.scores.summary; }
  /** Each customer's value (the model's value_column: Float64Array, NaN: none), or null. */
  get values() { return this.#s.scores.values; }

  // ---- what-if (state/whatif.js) ----
  setWhatIf(kind, id, value) { this.#s.whatIf.set(kind, id, value); }
  setWhatIfRule(id, rule) { this.#s.whatIf.setRule(id, rule); }
  ruleInForce(id) { return this.#s.whatIf.ruleInForce(id); }
  setWhatIfState(state) { this.#s.whatIf.setState(state); }
  resetWhatIf() { this.#s.whatIf.setState({}); }
  whatIfValue(kind, id) { return this.#s.whatIf.value(kind, id); }
  modelValue(kind, id) { return this.#s.whatIf.modelValue(kind, id); }
  hasWhatIf() { return this.#s.whatIf.changed(); }
  whatIfState() { return this.#s.whatIf.state(); }
  whatIfDropped(state) { return this.#s.whatIf.dropped(state); }
  /** Scores and statistics of a what-if state without leaving it in force. */
  evaluate(state) { return this.#s.whatIf.evaluate(state); }

  // ---- validation, fitting, learnt thresholds (state/analysis.js) ----
  get validation() { return this.#s.analysis.validation; }
  get validationStale() { return this.#s.analysis.validationStale; }
  get baseValidation() { return this.#s.analysis.baseValidation; }
  get auc() { return this.#s.analysis.auc; }
  get fitting() { return this.#s.analysis.fitting; }
  get fit() { return this.#s.analysis.fit; }
  get bands() { return this.#s.analysis.bands; }
  get proposing() { return this.#s.analysis.proposing; }
  refreshValidation() { return this.#s.analysis.refreshValidation(); }
  fitWeights(opts) { return this.#s.analysis.fitWeights(opts); }
  applyFit() { this.#s.analysis.applyFit(); }
  discardFit() { this.#s.analysis.discardFit(); }
  proposeBands(indicator, healthy) { return this.#s.analysis.proposeBands(indicator, healthy); }

  // ---- the previous snapshot (state/snapshots.js) ----
  get previous() { return this.#s.snapshots.previous; }
  get trends() { return this.#s.snapshots.trends; }
  loadPrevious(data, name) { return this.#s.snapshots.loadPrevious(data, name); }
  cancelPrevious() { this.#s.snapshots.cancelPrevious(); }
  clearPrevious() { return this.#s.snapshots.clearPrevious(); }

  // ---- the history over several snapshots (state/history.js) ----
  /** {files, result, options, splitBy, reading, active()} */
  get history() { return this.#s.history; }
  addSnapshots(files) { return this.#s.history.add(files); }
  removeSnapshot(index) { return this.#s.history.remove(index); }
  clearHistory() { return this.#s.history.clear(); }
  /** Reads the table in hand again split by a date column (null: not split). */
  splitByDate(column) { return this.#s.history.splitTable(column); }
  setHistoryOptions(options) { return this.#s.history.setOptions(options); }

  // ---- rows (state/rows.js) ----
  get texts() { return this.#s.rows.texts; }
  id(row) { return this.#s.rows.id(row); }
  /** A customer's name ('' in presenter mode: names hidden while presenting). */
  label(row) { return this.presenter ? '' : this.#s.rows.label(row); }
  /** Test hook: the engine memory two tables may take side by side (above it, a read frees the table in hand first). */
  setMemoryBudget(bytes) { this.#s.loading.memoryBudget = bytes; }
  /** The number of threads the engine reads and scores with. */
  engineThreads() { return this.#s.client.call('threads'); }

  // ---- presenter mode (workshop): customer names hidden everywhere ----
  presenter = false;
  setPresenter(on) {
    this.presenter = !!on;
    this.dispatchEvent(new CustomEvent('presenter', { detail: { on: this.presenter } }));
  }
  /** Rows whose id or label contains `query` (ignoring case): a Uint8Array mask, or null. */
  searchMask(query, rows) { return this.#s.rows.searchMask(query, rows); }
  explain(row) { return this.#s.rows.explain(row); }
  improvement(row) { return this.#s.rows.improvement(row); }
  textOrder(which) { return this.#s.rows.textOrder(which); }

  // ---- exports (state/exports.js) ----
  scoredCsv() { return scoredCsv(this.#s.client); }
  /** The model JSON with the what-if weights, bounds and rules written in. */
  modelWithWhatIf() { return modelWithWhatIf(this.model, this.#s.whatIf.desired); }
}
