// The page state's shared plumbing: the engine client, events (dispatched on the controller the
// views listen to), the last error, the generation, the busy counter, and the state modules
// (set by the controller) through which one module reaches another.
import { EngineClient } from '../engine-client.mjs';

export class Store {
  /** @param {EventTarget} target where events are dispatched (the controller) */
  constructor(target) {
    this.target = target;
    /** Bumps on every new table or model: answers to older requests are dropped. */
    this.generation = 0;
    /** @type {Error|null} the last error since the last successful read */
    this.lastError = null;
    /** Work in progress: tracked promises not settled yet (every engine request is one). */
    this.count = 0;
    this.client = new EngineClient({ onRequest: (p) => this.track(p), onFatal: (err) => this.error(err) });
    // The state modules (controller.js sets them).
    /** @type {import('./loading.js').Loading} */ this.loading = null;
    /** @type {import('./scores.js').Scores} */ this.scores = null;
    /** @type {import('./whatif.js').WhatIf} */ this.whatIf = null;
    /** @type {import('./analysis.js').Analysis} */ this.analysis = null;
    /** @type {import('./snapshots.js').Snapshots} */ this.snapshots = null;
    /** @type {import('./rows.js').Rows} */ this.rows = null;
    /** @type {import('./history.js').History} */ this.history = null;
    /** @type {import('./builder.js').Builder} */ this.builder = null;
  }

  /** The model in force: {text, obj, info, warnings} (see loading.js), or null. */
  get model() {
    return this.loading.model;
  }

  get segments() {
    return this.model?.info.segments ?? [];
  }

  /** Whether the model has an outcome (then validation, live AUC and weight fitting). */
  get hasOutcome() {
    return !!this.model?.info.outcome;
  }

  emit(type, detail = {}) {
    this.target.dispatchEvent(new CustomEvent(type, { detail }));
  }

  error(err, context = {}) {
    this.lastError = err;
    this.emit('error', { error: err, ...context });
  }

  /** True while any tracked work is in progress. */
  busy() {
    return this.count > 0;
  }

  /**
   * Counts `promise` as work in progress until it settles (busy() meanwhile; a 'busy' event on
   * every change of the count). Returns the promise.
   * @template T
   * @param {Promise<T>} promise
   * @returns {Promise<T>}
   */
  track(promise) {
    this.#add(1);
    const done = () => this.#add(-1);
    promise.then(done, done);
    return promise;
  }

  /**
   * Calls fn() after `ms`, tracked from now until the promise fn returns settles; cancel()
   * (before it fires) drops it and ends the tracking.
   * @param {number} ms
   * @param {() => any} fn
   */
  later(ms, fn) {
    let finish;
    const p = new Promise((resolve) => { finish = resolve; });
    const timer = setTimeout(() => {
      try {
        finish(fn());
      } catch (e) {
        finish();
        throw e;
      }
    }, ms);
    this.track(p);
    return { cancel: () => { clearTimeout(timer); finish(); } };
  }

  #add(n) {
    this.count += n;
    this.emit('busy', { busy: this.busy() });
  }
}
