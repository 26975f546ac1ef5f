// kenko's JavaScript API: a thin ES module over the embind module (kenko.js / kenko.wasm) for
// browsers, Web Workers and Node. It holds no scoring logic: every number comes from the C++
// engine. See docs/JS-API.md.

const nodeProcess = /** @type {any} */ (globalThis).process;
const isNode = typeof nodeProcess === 'object' && nodeProcess.versions != null && nodeProcess.versions.node != null;

const DEFAULT_CHUNK = 4 << 20;

let modulePromise = null;

// Loads the embind module once per realm. Node: the CommonJS build kenko.js beside this file,
// with the .wasm read from disk (Emscripten 3.1.6 would fetch() a file path). Browsers: the ES
// module kenko.mjs, with kenko.wasm located beside this file.
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
  const { default: factory } = await import('./kenko.mjs');
  const settings = {
    locateFile: options.locateFile ?? ((name) => new URL(name, import.meta.url).href),
  };
  if (options.wasmBinary) settings.wasmBinary = options.wasmBinary;
  return factory(settings);
}

/** Creates an engine. Options: { wasmBinary, locateFile }. */
export async function createEngine(options = {}) {
  if (!modulePromise || options.wasmBinary || options.locateFile) {
    modulePromise = loadModule(options);
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
    for (let at = 0; at < source.size; at += chunkSize) {
      yield new Uint8Array(await source.slice(at, Math.min(source.size, at + chunkSize)).arrayBuffer());
    }
  } else if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield* sliceBytes(value, chunkSize);
      }
    } finally {
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
  /** @type {ModelIds|null} id → index maps and the id/label columns of the model in force */
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
    return this.#Module.HEAPU8.length;
  }

  // ---- model ----
  setModel(model) {
    this.#idle();
    const text = typeof model === 'string' ? model : JSON.stringify(model);
    this.#ids = null;
    const warnings = this.#raw().setModel(text).split('\n').filter(Boolean);
    const info = this.modelInfo();
    this.#ids = modelIds(info);
    return { warnings, model: info };
  }

  modelInfo() {
    return JSON.parse(this.#raw().modelInfo());
  }

  // The ids of the model in force (they change only with the model: what-if changes keep
  // them), read once per model rather than a modelInfo() round trip on every what-if call.
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

  async #read(source, options, previous) {
    this.#idle();
    if (typeof source === 'string') source = new TextEncoder().encode(source);
    const engine = this.#raw();
    const chunkSize = Math.max(64 << 10, Math.min(options.chunkSize ?? DEFAULT_CHUNK, 64 << 20));
    const totalBytes = options.totalBytes ?? sizeOf(source);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    engine.beginTable(options.encoding ?? 'auto', options.delimiter ?? '',
      options.matchColumns ?? 'exact', JSON.stringify(options.columnMap ?? {}),
      (options.keepColumns ?? []).join('\x1f'), previous);
    this.#busy = true;
    let bytes = 0;
    try {
      for await (const chunk of chunksOf(source, chunkSize)) {
        if (signal?.aborted || this.#disposeWhenIdle) throw abortError();
        const at = engine.inputBuffer(chunk.length);
        this.#Module.HEAPU8.set(chunk, at);  // HEAPU8 is re-made when memory grows
        engine.feedInput(chunk.length);
        bytes += chunk.length;
        onProgress?.({ bytes, totalBytes, rows: engine.rowsRead() });
      }
      if (signal?.aborted) throw abortError();
      engine.endTable();
    } catch (e) {
      engine.cancelTable();
      if (e.name === 'AbortError' || e instanceof TypeError) throw e;
      /** @type {Error & {header?: string[]}} */
      const error = e instanceof Error ? e : new Error(String(e));
      if (error.name === 'Error') error.name = 'KenkoTableError';
      const header = engine.lastHeader();
      error.header = header ? header.split('\x1f') : [];
      throw error;
    } finally {
      this.#busy = false;
      if (this.#disposeWhenIdle) this.dispose();
    }
    const info = JSON.parse(engine.tableInfo(previous));
    onProgress?.({ bytes, totalBytes, rows: info.rows });
    return info;
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

  ids() {
    return this.#texts(this.#modelIds().idColumn);
  }

  labels() {
    const column = this.#modelIds().labelColumn;
    return column ? this.#texts(column) : null;
  }

  #texts(column) {
    if (this.#raw().rows() === 0) return [];
    return this.#raw().columnTexts(column).split('\x1f');
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

  /** The outcome review: {auc, positive, negative, excluded, segments, deciles, indicators, roc}. */
  validation() {
    return JSON.parse(this.#raw().validationJson());
  }

  scoredCsv({ bom = false, label = false } = {}) {
    return this.#raw().scoredCsv(bom, label).slice();
  }

  scoredJson() {
    return this.#raw().scoredJson();
  }

  /**
   * Proposes weights that separate the outcome best, judged by k-fold held-out AUC (see
   * src/fit.h). Apply them with setWeights({indicators, dimensions}) built from the result.
   */
  fitWeights({ folds = 5 } = {}) {
    this.#idle();
    return JSON.parse(this.#raw().fitWeights(folds));
  }

  /**
   * Proposes an indicator's bounds from healthy customers: `{}` (those that stayed) or
   * `{column, values}` (a column read with loadTable's keepColumns). See src/learn_bands.h.
   */
  proposeBands(indicatorId, { column = '', values = [] } = {}) {
    this.#idle();
    const index = indexIn(this.#modelIds().indicators, 'indicator')(indicatorId);
    return JSON.parse(this.#raw().proposeBands(index, column, values.join('\x1f')));
  }

  // ---- what-if ----
  setWeights({ indicators = {}, dimensions = {} } = {}) {
    this.#idle();
    const ids = this.#modelIds();
    const indicatorIndex = indexIn(ids.indicators, 'indicator');
    const dimensionIndex = indexIn(ids.dimensions, 'dimension');
    // Check every id first, so that a bad one changes nothing.
    const changes = [
      ...Object.entries(indicators).map(([id, w]) => ['i', indicatorIndex(id), Number(w), w]),
      ...Object.entries(dimensions).map(([id, w]) => ['d', dimensionIndex(id), Number(w), w]),
    ];
    for (const [, , w, given] of changes) {
      if (typeof given !== 'number' || !(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`weight ${given}: must be a number, 0 or more`);
      }
    }
    const e = this.#raw();
    for (const [kind, index, w] of changes) {
      if (kind === 'i') e.setIndicatorWeight(index, w);
      else e.setDimensionWeight(index, w);
    }
  }

  /**
   * setSegmentBounds(id, {min, max}), or setSegmentBounds({id: {min, max}, ...}) for several at
   * once (one re-segmentation). null: no bound.
   */
  setSegmentBounds(segmentId, bounds = {}) {
    this.#idle();
    const all = typeof segmentId === 'object' && segmentId !== null ? segmentId : { [segmentId]: bounds };
    const index = indexIn(this.#modelIds().segments, 'segment');
    const bound = (v) => {
      if (v === null || v === undefined) return NaN;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`segment bound ${v}: must be a number or null`);
      return v;
    };
    const entries = Object.entries(all).map(([id, b]) => [index(id), bound(b?.min), bound(b?.max)]);
    this.#raw().setSegmentBoundsMany(entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]));
  }

  setRule(indicatorId, rule) {
    this.#idle();
    const index = indexIn(this.#modelIds().indicators, 'indicator')(indicatorId);
    this.#raw().setRule(index, typeof rule === 'string' ? rule : JSON.stringify(rule));
  }

  resetWhatIf() {
    this.#idle();
    this.#raw().resetWhatIf();
  }

  #idle() {
    if (this.#busy) throw new Error('a table is being read: wait for it or cancel it');
  }
}

/**
 * @typedef {{indicators: Map<string, number>, dimensions: Map<string, number>,
 *   segments: Map<string, number>, idColumn: string, labelColumn: string|null}} ModelIds
 */

/** @returns {ModelIds} */
function modelIds(info) {
  // The first of equal ids wins (as a search of the list would find it).
  const index = (list) => {
    const m = new Map();
    list.forEach((x, i) => { if (!m.has(x.id)) m.set(x.id, i); });
    return m;
  };
  return {
    indicators: index(info.indicators),
    dimensions: index(info.dimensions),
    segments: index(info.segments),
    idColumn: info.idColumn,
    labelColumn: info.labelColumn ?? null,
  };
}

/** @param {Map<string, number>} map @param {string} what */
function indexIn(map, what) {
  return (id) => {
    const i = map.get(id);
    if (i === undefined) throw new Error(`no ${what} '${id}' in the model`);
    return i;
  };
}
