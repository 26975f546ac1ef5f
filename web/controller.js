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
    this.#s = s;
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
