// The page's side of the engine worker: numbered requests, promises, progress callbacks,
// cancellation, and failures rethrown as Errors that keep the engine's `problems` and `header`.

export class EngineClient {
  constructor(url = new URL('./engine-worker.js', import.meta.url)) {
    this.worker = new Worker(url, { type: 'module', name: 'kenko-engine' });
    this.nextId = 1;
    this.pending = new Map(); // id → {resolve, reject, onProgress}
    this.busyListeners = new Set();
    this.worker.onmessage = (e) => this.#receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      const err = new Error(e.message || 'the engine worker failed to start');
      err.name = 'WorkerError';
      this.#failAll(err);
    };
    this.worker.onmessageerror = () => this.#failAll(new Error('a message from the engine could not be read'));
  }

  /** True while any request is waiting for the worker. */
  get busy() {
    return this.pending.size > 0;
  }

  /** fn(busy) whenever busy changes. */
  onBusyChange(fn) {
    this.busyListeners.add(fn);
    return () => this.busyListeners.delete(fn);
  }

  /**
   * Sends {id, op, args}. Options: onProgress(progress), signal (AbortSignal: posts a cancel),
   * transfer (buffers to transfer with the arguments).
   */
  call(op, args = [], { onProgress, signal, transfer = [] } = {}) {
    if (this.fatal) return Promise.reject(this.fatal); // the worker is gone: nothing would answer
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const wasBusy = this.busy;
      const entry = { resolve, reject, onProgress, cleanup: null };
      if (signal) {
        const onAbort = () => this.worker.postMessage({ id: this.nextId++, op: 'cancel', args: [id] });
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ id, op, args }, transfer);
      if (!wasBusy) this.#notifyBusy();
    });
  }

  #receive(msg) {
    const entry = this.pending.get(msg.id);
    if (!entry) return;
    if ('progress' in msg) {
      entry.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    entry.cleanup?.();
    if (msg.ok) entry.resolve(msg.result);
    else entry.reject(toError(msg.error));
    if (!this.busy) this.#notifyBusy();
  }

  #failAll(err) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const e of entries) {
      e.cleanup?.();
      e.reject(err);
    }
    this.#notifyBusy();
    this.fatal = err;
    for (const fn of this.busyListeners) fn(false, err);
  }

  #notifyBusy() {
    for (const fn of this.busyListeners) fn(this.busy);
  }

  // The engine's API, one method per operation (docs/JS-API.md).
  setModel(json) { return this.call('setModel', [json]); }
  modelInfo() { return this.call('modelInfo'); }
  /** source: File/Blob (read by slices in the worker), string, Uint8Array or ArrayBuffer. */
  loadTable(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('loadTable', [source, options], { onProgress, signal, transfer });
  }
  /** An earlier snapshot of the same customers (trends); same options as loadTable. */
  loadPreviousTable(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('loadPreviousTable', [source, options], { onProgress, signal, transfer });
  }
  hasPreviousTable() { return this.call('hasPreviousTable'); }
  clearPreviousTable() { return this.call('clearPreviousTable'); }
  trends() { return this.call('trends'); }
  validation() { return this.call('validation'); }
  fitWeights(opts) { return this.call('fitWeights', [opts]); }
  /** null when the engine has no improvement(row) yet. */
  improvement(row) { return this.call('improvement', [row]); }
  hasImprovement() { return this.call('hasImprovement'); }
  results() { return this.call('results'); }
  scores() { return this.call('scores'); }
  ids() { return this.call('ids'); }
  labels() { return this.call('labels'); }
  /** {ids: {text, offsets}, labels: {text, offsets}|null}: the id and label columns packed. */
  texts() { return this.call('texts'); }
  summary() { return this.call('summary'); }
  summaryText() { return this.call('summaryText'); }
  validationText() { return this.call('validationText'); }
  explain(row) { return this.call('explain', [row]); }
  setWeights(w) { return this.call('setWeights', [w]); }
  setSegmentBounds(seg, b) { return this.call('setSegmentBounds', [seg, b]); }
  setRule(indicator, rule) { return this.call('setRule', [indicator, rule]); }
  resetWhatIf() { return this.call('resetWhatIf'); }
  scoredCsv(opts) { return this.call('scoredCsv', [opts]); }
  scoredJson() { return this.call('scoredJson'); }
  /** Applies a what-if state ({reset?, indicators, dimensions, bounds, rules}); → {score, segment, auc?}. */
  whatIf(state, opts) { return this.call('whatIf', [state, opts]); }
  /** Scores (and AUC) of `state` (from the model as loaded); the engine's what-if state is put back after. */
  evaluate(state) { return this.call('evaluate', [state]); }
  /** validation() of `state` (from the model as loaded); the engine's what-if state is put back after. */
  validationAt(state) { return this.call('validationAt', [state]); }
  /** The AUC of the scores in force (null without an outcome or with one class only). */
  auc() { return this.call('auc'); }
  /** Bounds learnt from healthy customers: {} (outcome negative) or {column, values}. */
  proposeBands(indicator, healthy) { return this.call('proposeBands', [indicator, healthy]); }
  /** Row permutation sorting the id or label texts. */
  textOrder(which, descending) { return this.call('textOrder', [which, descending]); }
}

function abortError() {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

function toError(data) {
  const e = new Error(data?.message ?? 'unknown engine error');
  e.name = data?.name ?? 'Error';
  if (data?.problems) e.problems = data.problems;
  if (data?.header) e.header = data.header;
  return e;
}
