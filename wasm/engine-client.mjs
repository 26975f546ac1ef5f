// The page's side of the engine worker (engine-worker.mjs): numbered requests, promises, progress
// callbacks, cancellation, and failures rethrown as Errors that keep the engine's `code`,
// `params`, `problems` and `header`. The page (web/state/store.js) and createWorkerEngine()
// (kenko-worker.mjs) use it.
import { abortError, TextColumn } from './kenko-api.mjs';

/**
 * How a client starts its worker when given no `worker`: a module worker from `url` (default:
 * engine-worker.mjs beside this file). The single-file page (scripts/build-single), where a
 * module worker cannot start from a file:// page, sets another with setWorkerStarter().
 * @type {(url?: URL|string) => Worker}
 */
let startWorker = (url) => (url
  ? new Worker(url, { type: 'module', name: 'kenko-engine' })
  // Written out so that bundlers (Vite, webpack, esbuild) find and bundle the worker.
  : new Worker(new URL('./engine-worker.mjs', import.meta.url), { type: 'module', name: 'kenko-engine' }));

/** Replaces how clients start their worker (for hosts that must start it another way). */
export function setWorkerStarter(start) {
  startWorker = start;
}

/** @typedef {{path: string, message: string, code?: string, params?: Record<string, string>}} EngineProblem */
/** @typedef {Error & {code?: string, params?: Record<string, string>, problems?: EngineProblem[], header?: string[]}} EngineError */
/** @typedef {{onProgress?: (p: {bytes: number, totalBytes: number, rows: number}) => void, signal?: AbortSignal}} ReadOptions */

export class EngineClient {
  /**
   * Hooks: onRequest(promise) for every request sent (the page counts them as work in
   * progress); onFatal(error) when the worker fails (every request then rejects with it).
   * `worker`: a worker running engine-worker.mjs, started by the caller; else one is started from
   * `url` (see setWorkerStarter).
   * @param {{url?: URL|string, worker?: Worker, onRequest?: (p: Promise<any>) => void, onFatal?: (e: Error) => void}} [options]
   */
  constructor({ url = undefined, worker = undefined, onRequest, onFatal } = {}) {
    this.worker = worker ?? startWorker(url);
    this.nextId = 1;
    this.pending = new Map(); // id → {resolve, reject, onProgress, cleanup}
    this.onRequest = onRequest;
    this.onFatal = onFatal;
    /** @type {Error|null} set when the worker has failed: nothing would answer */
    this.fatal = null;
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

  /**
   * Sends {id, op, args}. Options: onProgress(progress), signal (AbortSignal: posts a cancel),
   * transfer (buffers to transfer with the arguments).
   */
  call(op, args = [], { onProgress = undefined, signal = undefined, transfer = [] } = {}) {
    if (this.fatal) return Promise.reject(this.fatal); // the worker is gone: nothing would answer
    const id = this.nextId++;
    const p = new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError('cancelled'));
        return;
      }
      const entry = { resolve, reject, onProgress, cleanup: null };
      if (signal) {
        const onAbort = () => this.worker.postMessage({ id: this.nextId++, op: 'cancel', args: [id] });
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ id, op, args }, transfer);
    });
    this.onRequest?.(p);
    return p;
  }

  /** Engine calls [[op, ...args], ...] run in order in one message (stopping at the first that throws) → their results. */
  batch(calls) {
    return this.call('batch', [calls]);
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
  }

  /** Stops the worker: requests still waiting reject with an AbortError. */
  terminate() {
    if (this.fatal) return;
    this.worker.terminate();
    this.#failAll(abortError('the engine was disposed'), false);
  }

  #failAll(err, fatal = true) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.fatal = err;
    for (const e of entries) {
      e.cleanup?.();
      e.reject(err);
    }
    if (fatal) this.onFatal?.(err);
  }

  // The engine's API, one method per operation (docs/JS-API.md).
  setModel(json) { return this.call('setModel', [json]); }
  modelInfo() { return this.call('modelInfo'); }
  /**
   * source: File/Blob (read by slices in the worker), string, Uint8Array or ArrayBuffer.
   * @param {any} source @param {object} [options] @param {ReadOptions} [ctx]
   */
  loadTable(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('loadTable', [source, options], { onProgress, signal, transfer });
  }
  /**
   * An earlier snapshot of the same customers (trends); same options as loadTable.
   * @param {any} source @param {object} [options] @param {ReadOptions} [ctx]
   */
  loadPreviousTable(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('loadPreviousTable', [source, options], { onProgress, signal, transfer });
  }
  /**
   * An earlier dated snapshot for the history ({label, at, ...loadTable's options}).
   * @param {any} source @param {object} [options] @param {ReadOptions} [ctx]
   */
  loadSnapshot(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('loadSnapshot', [source, options], { onProgress, signal, transfer });
  }
  snapshots() { return this.call('snapshots'); }
  removeSnapshot(index) { return this.call('removeSnapshot', [index]); }
  clearSnapshots() { return this.call('clearSnapshots'); }
  setTableLabel(label) { return this.call('setTableLabel', [label]); }
  /** The history of the snapshots and the table in hand: {periods, flows, ..., score, segment, streakOf}. */
  history(opts) { return this.call('history', [opts]); }
  /** Each customer's value (value column) as a Float64Array, or null. */
  values() { return this.call('values'); }
  hasPreviousTable() { return this.call('hasPreviousTable'); }
  clearPreviousTable() { return this.call('clearPreviousTable'); }
  trends() { return this.call('trends'); }
  /** The outcome review of the scores in force, or of a what-if state's (computed aside). */
  validation(whatIf) { return this.call('validation', whatIf === undefined ? [] : [whatIf]); }
  fitWeights(opts) { return this.call('fitWeights', [opts]); }
  improvement(row) { return this.call('improvement', [row]); }
  results() { return this.call('results'); }
  scores() { return this.call('scores'); }
  /** The id and label columns: {ids: TextColumn, labels: TextColumn|null} (bytes + offsets, transferred). */
  async texts() {
    const [ids, labels] = await this.batch([['ids'], ['labels']]);
    return { ids: TextColumn.from(ids), labels: labels ? TextColumn.from(labels) : null };
  }
  summary() { return this.call('summary'); }
  summaryText() { return this.call('summaryText'); }
  validationText() { return this.call('validationText'); }
  explain(row) { return this.call('explain', [row]); }
  /** The what-if state in force, relative to the model as loaded (one call, one re-score). */
  setWhatIf(state) { return this.call('setWhatIf', [state]); }
  /** {score, segment, auc} of a what-if state, computed aside (nothing in force changes). */
  evaluateWhatIf(state) { return this.call('evaluateWhatIf', [state]); }
  scoredCsv(opts) { return this.call('scoredCsv', [opts]); }
  scoredJson() { return this.call('scoredJson'); }
  /** The model in force as one SQL query: {dialect, table, fullPrecision, previousTable}. */
  sql(opts) { return this.call('sql', [opts]); }
  /** The AUC of the scores in force (null without an outcome or with one class only). */
  auc() { return this.call('auc'); }
  /** Bounds learnt from healthy customers: {} (outcome negative) or {column, values}. */
  proposeBands(indicator, healthy) { return this.call('proposeBands', [indicator, healthy]); }
  /**
   * A table read without a model and every column profiled (kenko init; same sources and
   * options as loadTable) → TableProfile.
   * @param {any} source @param {object} [options] @param {ReadOptions} [ctx]
   */
  profileTable(source, options = {}, { onProgress, signal } = {}) {
    const transfer = source instanceof ArrayBuffer ? [source] : [];
    return this.call('profileTable', [source, options], { onProgress, signal, transfer });
  }
  /** A model proposed from the profiled table ({outcome, positive, keep, drop, directions, ...}) → Proposal. */
  proposeModel(opts) { return this.call('proposeModel', [opts]); }
  /** Frees the profiled table. */
  clearTableProfile() { return this.call('clearTableProfile'); }
  /** Row permutation sorting a text column (the id or label column). */
  textOrder(column) { return this.call('textOrder', [column]); }
}

/** @returns {EngineError} */
function toError(data) {
  /** @type {EngineError} */
  const e = new Error(data?.message ?? 'unknown engine error');
  e.name = data?.name ?? 'Error';
  if (data?.code) {
    e.code = data.code;
    e.params = data.params ?? {};
  }
  if (data?.problems) e.problems = data.problems;
  if (data?.header) e.header = data.header;
  return e;
}
