// kenko's JavaScript API: a thin ES module over the embind module (kenko.js / kenko.wasm) for
// browsers, Web Workers and Node. It holds no scoring logic: every number comes from the C++
// engine. See docs/JS-API.md.

const nodeProcess = /** @type {any} */ (globalThis).process;
const isNode = typeof nodeProcess === 'object' && nodeProcess.versions != null && nodeProcess.versions.node != null;

const DEFAULT_CHUNK = 4 << 20;
const READ_AHEAD = 3; // slices of a File/Blob being read while one is parsed

let modulePromise = null;
let moduleKey = '';

// Loads the embind module once per realm. Node: the CommonJS build kenko.js beside this file,
// with the .wasm read from disk (Emscripten 3.1.6 would fetch() a file path). Browsers: the ES
// module kenko.mjs, with kenko.wasm located beside this file — or, when the page is
// cross-origin isolated (SharedArrayBuffer available) and more than one thread is asked for,
// the threaded module kenko-mt.mjs (its workers load the classic kenko-mt.js and
// kenko-mt.worker.js beside it).
async function loadModule(options) {
  if (isNode) {
    const { createRequire } = await import('node:module');
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const require = createRequire(import.meta.url);
    const factory = require(fileURLToPath(new URL('./kenko.js', import.meta.url)));
    const wasmBinary = options.wasmBinary ?? readFileSync(new URL('./kenko.wasm', import.meta.url));
    return factory({ wasmBinary });
  }
  const threads = threadCount(options.threads);
  const locateFile = options.locateFile ?? ((name) => new URL(name, import.meta.url).href);
  if (threads > 1) {
    const { default: factory } = await import('./kenko-mt.mjs');
    const Module = await factory({ locateFile, mainScriptUrlOrBlob: locateFile('kenko-mt.js'), kenkoThreads: threads });
    Module.Engine.setThreads(threads);
    return Module;
  }
  const { default: factory } = await import('./kenko.mjs');
  const settings = { locateFile };
  if (options.wasmBinary) settings.wasmBinary = options.wasmBinary;
  const Module = await factory(settings);
  return Module;
}

// The threads an engine uses: `threads` (a number, or 'auto' for the machine's cores, at most
// 8) where the page is cross-origin isolated, else 1.
/** @param {number|string|boolean} [threads] */
function threadCount(threads = 'auto') {
  const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  if (!isolated || threads === false) return 1;
  const cores = Number(globalThis.navigator?.hardwareConcurrency) || 1;
  const n = threads === 'auto' || threads === true ? Math.min(8, cores) : Math.floor(Number(threads));
  return Number.isFinite(n) ? Math.max(1, Math.min(64, n)) : 1;
}

/**
 * Creates an engine. Options: { wasmBinary, locateFile, threads } — `threads`: 'auto' (the
 * default: the machine's cores, at most 8, when the page is cross-origin isolated; 1 otherwise),
 * a number, or false (one thread). The first engine of a page decides: later ones share its
 * module (unless given other options).
 */
export async function createEngine(options = {}) {
  const key = JSON.stringify([threadCount(options.threads), !!options.wasmBinary, !!options.locateFile]);
  if (!modulePromise || options.wasmBinary || options.locateFile || key !== moduleKey) {
    modulePromise = loadModule(options);
    moduleKey = key;
  }
  try {
    return new KenkoEngine(await modulePromise);
  } catch (e) {
    modulePromise = null;  // a failed load is tried again next time
    throw e;
  }
}

/**
 * The error a cancelled operation rejects with: an `Error` named 'AbortError' (what
 * `loadTable` throws when its `signal` aborts). The page's worker and client use it too.
 * @param {string} [message]
 * @returns {Error}
 */
export function abortError(message = 'the table read was cancelled') {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

// Chunks of bytes from any supported source.
async function* chunksOf(source, chunkSize) {
  if (typeof source === 'string') {
    yield* sliceBytes(new TextEncoder().encode(source), chunkSize);
  } else if (source instanceof Uint8Array) {
    yield* sliceBytes(source, chunkSize);
  } else if (source instanceof ArrayBuffer) {
    yield* sliceBytes(new Uint8Array(source), chunkSize);
  } else if (ArrayBuffer.isView(source)) {
    yield* sliceBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), chunkSize);
  } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // The next slices are being read (by the browser, off this thread) while this one is
    // parsed: READ_AHEAD slices in flight at most.
    const inFlight = [];
    let at = 0;
    const readNext = () => {
      if (at >= source.size) return;
      const end = Math.min(source.size, at + chunkSize);
      const p = source.slice(at, end).arrayBuffer();
      p.catch(() => {}); // awaited in turn below; a later slice's failure must not go unhandled
      inFlight.push(p);
      at = end;
    };
    for (let k = 0; k < READ_AHEAD; k++) readNext();
    while (inFlight.length) {
      const bytes = new Uint8Array(await inFlight.shift());
      readNext();
      yield bytes;
    }
  } else if (source && typeof source.getReader === 'function') {
    // The next read of the stream is asked for before this chunk is parsed.
    const reader = source.getReader();
    /** @type {Promise<any>|null} */
    let next = null;
    try {
      next = reader.read();
      for (;;) {
        const { done, value } = await next;
        if (done) {
          next = null;
          break;
        }
        next = reader.read();
        yield* sliceBytes(value, chunkSize);
      }
    } finally {
      next?.catch(() => {}); // a read still pending when the caller stops (releaseLock rejects it)
      reader.releaseLock();
    }
  } else if (source && (source[Symbol.asyncIterator] || source[Symbol.iterator])) {
    for await (const part of source) {
      yield* sliceBytes(part instanceof Uint8Array ? part : new Uint8Array(part), chunkSize);
    }
  } else {
    throw new TypeError('loadTable: expected a File/Blob, bytes, a stream, an iterable or a string');
  }
}

function* sliceBytes(bytes, chunkSize) {
  for (let at = 0; at < bytes.length; at += chunkSize) {
    yield bytes.subarray(at, Math.min(bytes.length, at + chunkSize));
  }
}

// One turn of the event loop (a macrotask, not clamped like setTimeout): a read given a signal
// lets the abort in every ~50 ms even when its chunks come from memory (promises alone would
// never let a worker's 'cancel' message in).
const YIELD_MS = 50;
function macrotask() {
  return new Promise((resolve) => {
    if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(resolve);
    else if (typeof MessageChannel === 'function') {
      const c = new MessageChannel();
      c.port1.onmessage = () => {
        c.port1.close();
        resolve();
      };
      c.port2.postMessage(null);
    } else setTimeout(resolve, 0);
  });
}

function sizeOf(source) {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source.byteLength;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  return 0;
}

class KenkoEngine {
  #Module;
  #engine;
  #busy = false;
  #disposeWhenIdle = false;
  /** @type {ModelIds|null} the id/label columns of the model in force */
  #ids = null;

  constructor(Module) {
    this.#Module = Module;
    this.#engine = new Module.Engine();
  }

  #raw() {
    if (!this.#engine) throw new Error('this engine was disposed');
    return this.#engine;
  }

  /** Frees the WASM engine; the object is unusable afterwards (a read in progress is cancelled). */
  dispose() {
    if (this.#busy) {
      this.#disposeWhenIdle = true;  // the read stops at its next chunk and frees the engine
      return;
    }
    if (this.#engine) this.#engine.delete();
    this.#engine = null;
    this.#ids = null;
  }

  /** The size of the WASM memory in bytes (it only grows: for leak checks and benchmarks). */
  wasmMemoryBytes() {
    return this.#heap().length;
  }

  /** The number of threads this engine reads and scores with (1 without threads). */
  threads() {
    return this.#Module.Engine.threads();
  }

  // A view of all WASM memory as it is now (memory grows; with threads, another thread may have
  // grown it, and only the memory object itself knows).
  #heap() {
    const memory = this.#Module.wasmMemory;
    return memory ? new Uint8Array(memory.buffer) : this.#Module.HEAPU8;
  }

  // ---- model ----
  setModel(model) {
    this.#idle();
    const text = typeof model === 'string' ? model : JSON.stringify(model);
    this.#ids = null;
    // [{path, code, params, message, text}]: warnings are the lines, warningDetails the codes.
    const details = JSON.parse(this.#raw().setModel(text));
    const warnings = details.map((w) => w.text);
    const warningDetails = details.map(({ path, code, params, message }) => ({ path, code, params, message }));
    const info = this.modelInfo();
    this.#ids = modelIds(info);
    return { warnings, warningDetails, model: info };
  }

  modelInfo() {
    return JSON.parse(this.#raw().modelInfo());
  }

  // The id and label columns of the model in force (they change only with the model), read
  // once per model rather than a modelInfo() round trip on every call.
  #modelIds() {
    if (!this.#ids) this.#ids = modelIds(this.modelInfo());
    return this.#ids;
  }

  // ---- table ----
  async loadTable(source, options = {}) {
    return this.#read(source, options, false);
  }

  /** Reads an earlier snapshot of the same customers (same options), for trends(). */
  async loadPreviousTable(source, options = {}) {
    return this.#read(source, options, true);
  }

  /**
   * Reads an earlier dated snapshot for history(): `{label, at, ...loadTable's options}` (`at`:
   * its place among the snapshots kept, default last; oldest first). Returns its TableInfo.
   */
  async loadSnapshot(source, options = {}) {
    return this.#read(source, options, false, { label: String(options.label ?? ''), at: options.at ?? -1 });
  }

  async #read(source, options, previous, snapshot = null) {
    this.#idle();
    const engine = this.#raw();
    if (options.signal?.aborted) throw abortError();
    // keepPrevious: false frees the table in hand first (two large tables need not fit).
    if (options.keepPrevious === false && !snapshot) engine.dropTable(previous);
    const readArgs = [options.encoding ?? 'auto', options.delimiter ?? '',
      options.matchColumns ?? 'exact', JSON.stringify(options.columnMap ?? {}),
      [...(options.keepColumns ?? []), ...(options.splitByDate ? [options.splitByDate] : [])].join('\x1f')];
    if (snapshot) engine.beginSnapshot(snapshot.label, snapshot.at, ...readArgs);
    else engine.beginTable(...readArgs, previous);
    let periods = null;
    const { bytes, totalBytes } = await this.#feed(source, options, {
      header: true,
      after: () => {
        if (options.splitByDate && !snapshot && !previous) periods = engine.splitByDate(options.splitByDate).split('\x1f');
      },
    });
    let info;
    if (snapshot) {
      const count = engine.snapshotCount();
      info = JSON.parse(engine.snapshotInfo(snapshot.at >= 0 && snapshot.at < count - 1 ? snapshot.at : count - 1));
    } else info = JSON.parse(engine.tableInfo(previous));
    if (periods) info.periods = periods;
    options.onProgress?.({ bytes, totalBytes, rows: info.rows });
    return info;
  }

  // Feeds `source` chunk by chunk to the read the caller began (beginTable, beginSnapshot,
  // beginSource), with progress and cancellation, then ends it and runs `after`. On failure the
  // read is cancelled and the error named: AbortError (with `cancelled`), KenkoOutOfMemory
  // (WebAssembly memory that cannot grow, as the engine's std::bad_alloc), else KenkoTableError,
  // with `header` the header read (a table read's: the page offers its columns). Returns
  // {bytes, totalBytes}.
  async #feed(source, options, { cancelled = 'the table read was cancelled', after = () => {}, header = false }) {
    const engine = this.#raw();
    if (typeof source === 'string') source = new TextEncoder().encode(source);
    const chunkSize = Math.max(64 << 10, Math.min(options.chunkSize ?? DEFAULT_CHUNK, 64 << 20));
    const totalBytes = options.totalBytes ?? sizeOf(source);
    const { signal, onProgress } = options;
    this.#busy = true;
    let bytes = 0;
    let yielded = Date.now();
    try {
      for await (const chunk of chunksOf(source, chunkSize)) {
        if (signal && Date.now() - yielded >= YIELD_MS) {
          await macrotask();
          yielded = Date.now();
        }
        if (signal?.aborted || this.#disposeWhenIdle) throw abortError(cancelled);
        const at = engine.inputBuffer(chunk.length);
        this.#heap().set(chunk, at);
        engine.feedInput(chunk.length);
        bytes += chunk.length;
        onProgress?.({ bytes, totalBytes, rows: engine.rowsRead() });
      }
      if (signal?.aborted) throw abortError(cancelled);
      engine.endTable();
      after();
    } catch (e) {
      engine.cancelTable();
      if (e.name === 'AbortError' || e instanceof TypeError) throw e;
      /** @type {Error & {header?: string[]}} */
      const error = e instanceof Error ? e : new Error(String(e));
      if (error instanceof RangeError && /memory/i.test(error.message)) error.name = 'KenkoOutOfMemory';
      if (error.name === 'Error') error.name = 'KenkoTableError';
      if (header) {
        const names = engine.lastHeader();
        error.header = names ? names.split('\x1f') : [];
      }
      throw error;
    } finally {
      this.#busy = false;
      if (this.#disposeWhenIdle) this.dispose();
    }
    return { bytes, totalBytes };
  }

  // ---- history (several dated snapshots) ----
  /** The snapshots kept, oldest first: `[{label, info: TableInfo}]` (the table in hand is the latest). */
  snapshots() {
    const e = this.#raw();
    const n = e.snapshotCount();
    const labels = n ? e.snapshotLabels().split('\x1f') : [];
    return labels.map((label, i) => ({ label, info: JSON.parse(e.snapshotInfo(i)) }));
  }

  removeSnapshot(index) {
    this.#idle();
    this.#raw().removeSnapshot(index);
  }

  clearSnapshots() {
    this.#idle();
    this.#raw().clearSnapshots();
  }

  /** The label (date) of the table in hand: the latest period of history(). */
  setTableLabel(label) {
    this.#raw().setTableLabel(String(label ?? ''));
  }

  tableLabel() {
    return this.#raw().tableLabel();
  }

  /**
   * The history of the snapshots and the table in hand (see docs/JS-API.md): `{periods, flows,
   * rows, streak, minDrop, deteriorating, score: Float64Array (periods × rows, period-major),
   * segment: Int32Array (-3: absent), streakOf: Uint32Array}` — the numbers of `kenko history`.
   */
  history({ streak = 2, minDrop = 0 } = {}) {
    const e = this.#raw();
    const h = JSON.parse(e.historyJson(streak, minDrop));
    return { ...h, score: e.historyScores().slice(), segment: e.historySegments().slice(), streakOf: e.historyStreak().slice() };
  }

  /** Each customer's value (the model's value_column; NaN: none usable), or null without one. */
  values() {
    const v = this.#raw().values();
    return this.modelInfo().valueColumn ? v.slice() : null;
  }

  tableInfo() {
    return JSON.parse(this.#raw().tableInfo(false));
  }

  // ---- trends ----
  hasPreviousTable() {
    return this.#raw().hasPrevious();
  }

  clearPreviousTable() {
    this.#idle();
    this.#raw().clearPrevious();
  }

  /** Trends against the previous snapshot (copies; indexes as in results()). */
  trends() {
    const e = this.#raw();
    const counts = JSON.parse(e.computeTrends());
    return {
      ...counts,
      previousRow: e.trendPreviousRow().slice(),
      scorePrev: e.trendScorePrev().slice(),
      scoreChange: e.trendScoreChange().slice(),
      segmentPrev: e.trendSegmentPrev().slice(),
      changeDriver: e.trendChangeDriver().slice(),
      deteriorating: e.trendDeteriorating().slice(),
    };
  }

  // ---- results ----
  results() {
    const e = this.#raw();
    const alerts = e.alerts().slice();
    const rows = e.rows();
    return {
      rows,
      score: e.scores().slice(),
      coverage: e.coverage().slice(),
      segment: e.segments().slice(),
      dimension: e.dimensionScores().slice(),
      drivers: e.drivers().slice(),
      alerts,
      alertStride: e.alertWords(),
    };
  }

  /** The what-if hot path: scores and segments only. */
  scores() {
    const e = this.#raw();
    return { score: e.scores().slice(), segment: e.segments().slice() };
  }

  /** The id column's texts (a TextColumn: UTF-8 bytes + offsets, decoded row by row). */
  ids() {
    return this.texts(this.#modelIds().idColumn);
  }

  /** The label column's texts, or null when the model has no label column. */
  labels() {
    const column = this.#modelIds().labelColumn;
    return column ? this.texts(column) : null;
  }

  /** A column kept as text (the id, the label, a text rule's column, keepColumns): a TextColumn. */
  texts(column) {
    const e = this.#raw();
    const ends = e.textEnds(column);
    const offsets = new Uint32Array(ends.length + 1);
    offsets.set(ends, 1);
    return new TextColumn(e.textBytes(column).slice(), offsets);
  }

  /** The rows in the order of a text column's texts (code-point order; ties in row order). */
  textOrder(column) {
    return this.#raw().textOrder(column).slice();
  }

  summary() {
    return JSON.parse(this.#raw().summaryJson());
  }

  explain(row) {
    return JSON.parse(this.#raw().explain(row));
  }

  /** What would lift customer `row` into a better segment (see docs/JS-API.md). */
  improvement(row) {
    return JSON.parse(this.#raw().improvement(row));
  }

  summaryText() {
    return this.#raw().summaryText();
  }

  validationText() {
    return this.#raw().validationText();
  }

  /** The AUC of the scores in force (null when undefined): the cheap live figure. */
  auc() {
    const a = this.#raw().auc();
    return Number.isNaN(a) ? null : a;
  }

  /**
   * The outcome review: {auc, positive, negative, excluded, segments, deciles, indicators, roc}
   * of the scores in force, or, given a what-if state, of the scores that state gives (computed
   * aside: nothing in force changes).
   */
  validation(whatIf) {
    const e = this.#raw();
    return JSON.parse(whatIf === undefined ? e.validationJson() : e.validationAtJson(whatIfText(whatIf)));
  }

  scoredCsv({ bom = false, label = false, excelSafe = false } = {}) {
    return this.#raw().scoredCsv(bom, label, excelSafe).slice();
  }

  scoredJson() {
    return this.#raw().scoredJson();
  }

  /**
   * The model in force, what-if included, compiled to one SQL query that scores the customer
   * table `table` inside DuckDB, PostgreSQL or SQLite as the engine does (docs/SQL.md); with
   * `previousTable`, the trend columns too. Throws naming the part of the model a dialect
   * cannot take.
   */
  sql({ dialect = 'duckdb', table = 'customers', fullPrecision = false, previousTable = '' } = {}) {
    return this.#raw().sql(String(dialect), String(table), Boolean(fullPrecision), String(previousTable));
  }

  /**
   * Proposes weights that separate the outcome best, judged by k-fold held-out AUC (see
   * src/fit.h). Apply them with setWeights({indicators, dimensions}) built from the result.
   */
  fitWeights({ folds = 5, constraints = null } = {}) {
    this.#idle();
    return JSON.parse(this.#raw().fitWeights(folds, constraints ? JSON.stringify(constraints) : ''));
  }

  /**
   * Proposes an indicator's bounds from healthy customers: `{}` (those that stayed) or
   * `{column, values}` (a column read with loadTable's keepColumns). See src/learn_bands.h.
   */
  proposeBands(indicatorId, { column = '', values = [] } = {}) {
    this.#idle();
    const index = this.modelInfo().indicators.findIndex((x) => x.id === indicatorId);
    if (index < 0) throw new Error(`no indicator '${indicatorId}' in the model`);
    return JSON.parse(this.#raw().proposeBands(index, column, values.join('\x1f')));
  }

  // ---- what-if ----
  /**
   * Puts a what-if state in force: `{indicators: {id: w}, dimensions: {id: W}, bounds: {id:
   * {min, max}}, rules: {id: rule}}`, relative to the model as loaded (what it leaves out is the
   * model's own value). One call: the rules that change are re-applied, then one re-score.
   * A bad value anywhere throws (naming it) and changes nothing.
   */
  setWhatIf(state = {}) {
    this.#idle();
    this.#raw().setWhatIf(whatIfText(state));
  }

  /** The what-if state in force (only what differs from the model as loaded). */
  whatIf() {
    return JSON.parse(this.#raw().whatIfJson());
  }

  /**
   * The scores a what-if state gives, computed aside (what is in force does not change):
   * `{score: Float64Array, segment: Int32Array, auc: number|null}`.
   */
  evaluateWhatIf(state = {}) {
    this.#idle();
    const e = this.#raw();
    e.evaluateWhatIf(whatIfText(state));
    const auc = e.evaluatedAuc();
    return { score: e.evaluatedScores().slice(), segment: e.evaluatedSegments().slice(), auc: Number.isNaN(auc) ? null : auc };
  }

  /** The weights in force, `{indicators: {id: w}, dimensions: {id: W}}` (defaults applied). */
  weights() {
    const info = this.modelInfo();
    const of = (list) => Object.fromEntries(list.map((x) => [x.id, x.weight]));
    return { indicators: of(info.indicators), dimensions: of(info.dimensions) };
  }

  // Conveniences: each changes the what-if in force in one setWhatIf call.
  /** setWeights({indicators: {id: w}, dimensions: {id: W}}) */
  setWeights({ indicators = {}, dimensions = {} } = {}) {
    this.#change((s) => {
      Object.assign(s.indicators, indicators);
      Object.assign(s.dimensions, dimensions);
    });
  }

  /**
   * setSegmentBounds(id, {min, max}), or setSegmentBounds({id: {min, max}, ...}) for several at
   * once (one re-segmentation). null: no bound.
   */
  setSegmentBounds(segmentId, bounds = {}) {
    const all = typeof segmentId === 'object' && segmentId !== null ? segmentId : { [segmentId]: bounds };
    this.#change((s) => {
      for (const [id, b] of Object.entries(all)) s.bounds[id] = { min: b?.min ?? null, max: b?.max ?? null };
    });
  }

  /** setRule(indicatorId, rule): the rule as a what-if (re-applies that rule alone); null: the model's. */
  setRule(indicatorId, rule) {
    this.#change((s) => {
      if (rule === null) delete s.rules[indicatorId];
      else s.rules[indicatorId] = typeof rule === 'string' ? JSON.parse(rule) : rule;
    });
  }

  /** Back to the model as loaded. */
  resetWhatIf() {
    this.setWhatIf({});
  }

  #change(edit) {
    this.#idle();
    const state = this.whatIf();
    edit(state);
    this.setWhatIf(state);
  }

  #idle() {
    if (this.#busy) throw new Error('a table is being read: wait for it or cancel it');
  }

  // ---- kenko init: a table profiled, a model proposed from its columns (docs/JS-API.md) ----

  /**
   * Reads a table without a model and profiles every column (src/review/profile.h); the model,
   * table and results in force stay. Options as loadTable's: encoding, delimiter, chunkSize,
   * totalBytes, onProgress, signal. Returns the profile (as tableProfile()).
   */
  async profileTable(source, options = {}) {
    this.#idle();
    const engine = this.#raw();
    if (options.signal?.aborted) throw abortError('the table profile was cancelled');
    engine.beginSource(options.encoding ?? 'auto', options.delimiter ?? '');
    const { bytes, totalBytes } = await this.#feed(source, options, { cancelled: 'the table profile was cancelled' });
    const profile = JSON.parse(engine.sourceProfile());
    options.onProgress?.({ bytes, totalBytes, rows: profile.rows });
    return profile;
  }

  /** The profile of the table profileTable read last (throws when none was read). */
  tableProfile() {
    return JSON.parse(this.#raw().sourceProfile());
  }

  /**
   * A model proposed from the table profileTable read (src/review/propose.h): {model, rows,
   * outcome, columns: [{name, kind, role, include, leak, indicator, weight, share, rule,
   * direction, directionFrom, directionReason, dimension, dimensionWords, dimensionReason,
   * reason, auc, presenceAuc, missingRate, distinct, values}], fit, fitRows, notes}. Options:
   * {outcome, positive: [texts], id, label, keep: [columns], drop: [columns],
   * directions: {column: 'higher'|'lower'}, name, fit (default true), folds, fitSample}. The
   * table is not read again: call it again after every change of the user's choices.
   */
  proposeModel(options = {}) {
    this.#idle();
    return JSON.parse(this.#raw().proposeModel(JSON.stringify(options)));
  }

  /** Frees the table profileTable read. */
  clearTableProfile() {
    this.#idle();
    this.#raw().clearSource();
  }
}

/**
 * The texts of a column: one UTF-8 buffer and offsets (row i is bytes[offsets[i] ..
 * offsets[i+1]]), decoded only for the rows asked. Fields are plain typed arrays, so a
 * TextColumn crosses a worker boundary (transferred) and is rebuilt with `TextColumn.from()`.
 */
export class TextColumn {
  /** @param {Uint8Array} bytes @param {Uint32Array} offsets (length: rows + 1) */
  constructor(bytes, offsets) {
    this.bytes = bytes;
    this.offsets = offsets;
  }

  /** @param {{bytes: Uint8Array, offsets: Uint32Array}} x */
  static from(x) {
    return x instanceof TextColumn ? x : new TextColumn(x.bytes, x.offsets);
  }

  get length() {
    return this.offsets.length - 1;
  }

  /** Row i's text ('' outside the column). */
  get(i) {
    if (!(i >= 0 && i < this.length)) return '';
    return utf8.decode(this.bytes.subarray(this.offsets[i], this.offsets[i + 1]));
  }

  /** Every text as a string (a million strings for a million rows: prefer get()). */
  toArray() {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

const utf8 = new TextDecoder();

// A what-if state as the engine's JSON; a number that is not finite is refused here (JSON
// would turn it into null, which means "no bound").
function whatIfText(state) {
  if (typeof state === 'string') return state;
  return JSON.stringify(state ?? {}, (key, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`what-if ${key}: ${v} is not a finite number`);
    return v;
  });
}

/**
 * @typedef {{idColumn: string, labelColumn: string|null}} ModelIds
 */

/** @returns {ModelIds} */
function modelIds(info) {
  return { idColumn: info.idColumn, labelColumn: info.labelColumn ?? null };
}
