// createWorkerEngine(): kenko's engine (kenko-api.mjs) in a module Web Worker, with the methods of
// createEngine()'s engine, each returning a promise — so that reading and scoring never block the
// page. It runs the page's own worker (engine-worker.mjs) through the page's client
// (engine-client.mjs): {id, op, args} → {id, ok, result}, progress, cancellation; typed arrays in
// results are transferred, not copied. Under Node (no Web Worker) it runs the same worker in a
// worker_threads Worker. See docs/JS-API.md ("The worker engine") and docs/EMBED.md.
import { EngineClient } from './engine-client.mjs';
import { TextColumn, abortError } from './kenko-api.mjs';

export { TextColumn, abortError };

const nodeProcess = /** @type {any} */ (globalThis).process;
const isNode = typeof nodeProcess === 'object' && nodeProcess.versions?.node != null;

// The engine's methods, forwarded as they are (docs/JS-API.md). The reads (loadTable,
// loadPreviousTable, loadSnapshot, profileTable), ids, labels and texts are written out below.
const FORWARDED = [
  'setModel', 'modelInfo', 'tableInfo', 'hasPreviousTable', 'clearPreviousTable', 'trends',
  'results', 'scores', 'textOrder', 'summary', 'explain', 'improvement', 'summaryText',
  'validationText', 'auc', 'validation', 'scoredCsv', 'scoredJson', 'fitWeights', 'proposeBands',
  'setWhatIf', 'whatIf', 'evaluateWhatIf', 'weights', 'setWeights', 'setSegmentBounds', 'setRule',
  'resetWhatIf', 'wasmMemoryBytes', 'threads', 'snapshots', 'removeSnapshot', 'clearSnapshots',
  'setTableLabel', 'tableLabel', 'history', 'values', 'sql', 'tableProfile', 'proposeModel',
  'clearTableProfile',
];

/**
 * Starts an engine in a Web Worker and resolves when its WebAssembly module has loaded.
 * Options: `threads` (as createEngine's), `wasmBinary` (bytes of kenko.wasm), `wasmUrl` (where
 * kenko.wasm is, when not beside kenko-api.mjs), `worker` (a Worker already running
 * engine-worker.mjs, e.g. one a bundler made), `workerUrl` (engine-worker.mjs elsewhere).
 * @param {{threads?: number|'auto'|boolean, wasmBinary?: ArrayBuffer|Uint8Array, wasmUrl?: string|URL, worker?: Worker, workerUrl?: string|URL}} [options]
 */
export async function createWorkerEngine(options = {}) {
  const worker = options.worker ?? (isNode && typeof Worker === 'undefined' ? await nodeWorker(options.workerUrl) : undefined);
  const client = new EngineClient({ worker, url: options.workerUrl });
  try {
    const init = {};
    if (options.threads !== undefined) init.threads = options.threads;
    if (options.wasmBinary) init.wasmBinary = options.wasmBinary;
    if (options.wasmUrl) init.wasmUrl = String(options.wasmUrl);
    await client.call('init', [init]);
    await client.call('threads'); // loads the module: a failure rejects here, as createEngine's
  } catch (e) {
    client.terminate();
    throw e;
  }
  return new KenkoWorkerEngine(client);
}

export class KenkoWorkerEngine {
  #client;
  #disposed = false;

  /** @param {EngineClient} client */
  constructor(client) {
    this.#client = client;
  }

  /** Sends one engine call; → its result. */
  call(op, args = [], options = {}) {
    if (this.#disposed) return Promise.reject(new Error('this engine was disposed'));
    return this.#client.call(op, args, options);
  }

  /** Several calls [[op, ...args], ...] in one message, in order, stopping at the first that throws → their results. */
  batch(calls) {
    return this.call('batch', [calls]);
  }

  /**
   * Reads a table in the worker. `source`: a File/Blob (read there by slices), a string, bytes
   * (an ArrayBuffer, or a Uint8Array spanning its whole buffer, is transferred: detached here;
   * pass a copy to keep it) or a ReadableStream (transferred). Options as createEngine's, with
   * `onProgress` and `signal` (cancels the read in the worker).
   */
  loadTable(source, options = {}) {
    return this.#read('loadTable', source, options);
  }

  /** An earlier snapshot of the same customers (trends), as loadTable. */
  loadPreviousTable(source, options = {}) {
    return this.#read('loadPreviousTable', source, options);
  }

  /** An earlier dated snapshot (history): options as loadTable's with `label` and `at`. */
  loadSnapshot(source, options = {}) {
    return this.#read('loadSnapshot', source, options);
  }

  /** Reads a table without a model and profiles its columns (kenko init), as loadTable. */
  profileTable(source, options = {}) {
    return this.#read('profileTable', source, options);
  }

  #read(op, source, { onProgress, signal, ...options } = {}) {
    const transfer = [];
    if (source instanceof ArrayBuffer) transfer.push(source);
    else if (ArrayBuffer.isView(source)) {
      const whole = source.buffer instanceof ArrayBuffer && source.byteOffset === 0 && source.byteLength === source.buffer.byteLength;
      if (whole) transfer.push(source.buffer);
    } else if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) transfer.push(source);
    else if (typeof source !== 'string' && !(typeof Blob !== 'undefined' && source instanceof Blob)) {
      return Promise.reject(new TypeError(`${op}: the worker engine takes a File/Blob, bytes, a ReadableStream or a string`));
    }
    if (signal?.aborted) return Promise.reject(abortError());
    return this.call(op, [source, options], { onProgress, signal, transfer }).catch((e) => {
      throw e.name === 'AbortError' ? abortError() : e;
    });
  }

  /** The id column's texts (a TextColumn). */
  async ids() {
    return TextColumn.from(await this.call('ids'));
  }

  /** The label column's texts, or null. */
  async labels() {
    const x = await this.call('labels');
    return x ? TextColumn.from(x) : null;
  }

  /** A column kept as text. */
  async texts(column) {
    return TextColumn.from(await this.call('texts', [column]));
  }

  /** Stops the worker (and frees its engine); calls waiting reject with an AbortError, later ones throw. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#client.terminate();
  }
}

for (const op of FORWARDED) {
  Object.defineProperty(KenkoWorkerEngine.prototype, op, {
    value: { [op](...args) { return this.call(op, args); } }[op],
    writable: true,
    configurable: true,
  });
}

// Node: engine-worker.mjs in a worker_threads Worker, behind the few members of a Web Worker that
// EngineClient uses.
async function nodeWorker(workerUrl) {
  const { Worker: NodeWorker } = await import('node:worker_threads');
  const w = new NodeWorker(new URL('./engine-worker-node.mjs', import.meta.url), { workerData: { workerUrl: workerUrl ? String(workerUrl) : null } });
  /** @type {any} */
  const adapter = {
    postMessage: (msg, transfer) => w.postMessage(msg, transfer),
    terminate: () => { w.terminate(); },
    set onmessage(f) { w.on('message', (data) => f({ data })); },
    set onerror(f) { w.on('error', (err) => f({ message: err?.message ?? String(err) })); },
    set onmessageerror(f) { w.on('messageerror', () => f()); },
  };
  return adapter;
}
