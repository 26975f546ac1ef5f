// The engine's Web Worker: hosts one kenko engine (WebAssembly) so the page never freezes, and
// dispatches the page's messages to it. The page (web/) and createWorkerEngine() (kenko-worker.mjs,
// the public worker engine) both run it. It keeps no state of its own: the page knows what the
// engine has (web/state/whatif.js holds the what-if values and the one diff).
// Protocol (docs/JS-API.md): the page posts {id, op, args}; the worker answers
// {id, ok: true, result} or {id, ok: false, error: {name, message, code?, params?, problems?,
// header?}}, and
// {id, progress} while a table loads. Typed arrays in a result are transferred, not copied.
// op: a method of the engine (kenko-api.mjs), called with args; 'batch' (args: [[op, ...args],
// ...]: calls run in order in one message, stopping at the first that throws; the result is
// the list of their results). Texts cross as TextColumns (bytes + offsets, transferred).
// {op: 'cancel', args: [id]} aborts operation id (loadTable honours it between chunks).
// Operations run one at a time in arrival order; 'cancel' is handled at once.
// {op: 'init', args: [options]} (before any other): createEngine's options that can cross a
// message — {threads, wasmBinary, wasmUrl (where kenko.wasm is, when not beside
// kenko-api.mjs: the worker cannot take a locateFile function)}; answered with null.
import { createEngine, abortError } from './kenko-api.mjs';

/** @type {Promise<any>|null} */
let enginePromise = null;
/** @type {{threads?: number|string|boolean, wasmBinary?: Uint8Array|ArrayBuffer, wasmUrl?: string}} */
let engineOptions = {};
const engine = () => (enginePromise ??= createEngine(createOptions(engineOptions)));

// createEngine's options from init's: wasmUrl becomes a locateFile.
/** @param {{threads?: number|string|boolean, wasmBinary?: Uint8Array|ArrayBuffer, wasmUrl?: string}} options */
function createOptions({ threads, wasmBinary, wasmUrl }) {
  /** @type {any} */
  const o = {};
  if (threads !== undefined) o.threads = threads;
  if (wasmBinary) o.wasmBinary = wasmBinary;
  if (wasmUrl) o.locateFile = (name) => (name === 'kenko.wasm' ? wasmUrl : new URL(name, import.meta.url).href);
  return o;
}

const controllers = new Map(); // id → AbortController, from arrival until done
let queue = Promise.resolve();

// The engine's methods the page may call (docs/JS-API.md); the reads (READS) take the
// message's progress and cancellation.
const METHODS = new Set([
  'setModel', 'modelInfo', 'tableInfo', 'hasPreviousTable', 'clearPreviousTable', 'trends',
  'results', 'scores', 'ids', 'labels', 'texts', 'textOrder', 'summary', 'explain', 'improvement',
  'summaryText', 'validationText', 'auc', 'validation', 'scoredCsv', 'scoredJson', 'sql', 'fitWeights',
  'proposeBands', 'setWhatIf', 'whatIf', 'evaluateWhatIf', 'weights', 'setWeights',
  'setSegmentBounds', 'setRule', 'resetWhatIf', 'wasmMemoryBytes', 'threads',
  'snapshots', 'removeSnapshot', 'clearSnapshots', 'setTableLabel', 'tableLabel', 'history', 'values',
  'tableProfile', 'proposeModel', 'clearTableProfile',
]);
const READS = new Set(['loadTable', 'loadPreviousTable', 'loadSnapshot', 'profileTable']);

self.onmessage = (event) => {
  const { id, op, args = [] } = event.data;
  if (op === 'cancel') {
    controllers.get(args[0])?.abort();
    return;
  }
  if (op === 'init') {
    if (enginePromise) self.postMessage({ id, ok: false, error: { name: 'Error', message: 'init: the engine has started already' } });
    else {
      engineOptions = args[0] ?? {};
      self.postMessage({ id, ok: true, result: null });
    }
    return;
  }
  const controller = new AbortController();
  controllers.set(id, controller);
  queue = queue.then(() => run(id, op, args, controller.signal)).finally(() => controllers.delete(id));
};

async function run(id, op, args, signal) {
  try {
    if (!known(op) && op !== 'batch') throw new Error(`unknown engine operation '${op}'`);
    if (signal.aborted) throw abortError('cancelled');
    const eng = await engine();
    const ctx = { id, signal };
    let result;
    if (op === 'batch') {
      result = [];
      for (const [o, ...a] of args[0]) {
        if (!known(o) || READS.has(o)) throw new Error(`unknown engine operation '${o}' in a batch`);
        result.push(await dispatch(eng, o, a, ctx));
      }
    } else result = await dispatch(eng, op, args, ctx);
    const transfer = [];
    const out = op === 'batch' ? result.map((r) => detachable(r, transfer)) : detachable(result, transfer);
    self.postMessage({ id, ok: true, result: out }, { transfer });
  } catch (err) {
    self.postMessage({ id, ok: false, error: serializeError(err) });
  }
}

const known = (op) => METHODS.has(op) || READS.has(op);

function dispatch(eng, op, args, ctx) {
  if (READS.has(op)) return read(eng, op, args[0], args[1] ?? {}, ctx);
  return eng[op](...args);
}

function serializeError(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const out = { name: e.name || 'Error', message: e.message || String(err) };
  const { problems, header, code, params } = /** @type {{problems?: any[], header?: any[], code?: string, params?: object}} */ (e);
  // The message code and its parameters (docs/JS-API.md, "Error codes"), to say it in the page's language.
  if (code) Object.assign(out, coded(code, params));
  if (Array.isArray(problems)) {
    out.problems = problems.map((p) => ({ path: String(p.path ?? ''), message: String(p.message ?? ''), ...(p.code ? coded(p.code, p.params) : {}) }));
  }
  if (Array.isArray(header)) out.header = header.map(String);
  return out;
}

function coded(code, params) {
  return { code: String(code), params: Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, String(v)])) };
}

// Collects the buffers of typed arrays (at any depth) for transfer. A typed array that does
// not own its whole buffer (a view into WASM memory or a shared buffer) is copied first:
// transferring WASM memory would detach the engine's heap.
function detachable(value, transfer, depth = 0) {
  if (value == null || typeof value !== 'object' || depth > 4) return value;
  if (ArrayBuffer.isView(value)) {
    let v = /** @type {any} */ (value);
    const ownsBuffer = v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength;
    if (!ownsBuffer) v = v.slice();
    if (!transfer.includes(v.buffer)) transfer.push(v.buffer);
    return v;
  }
  if (Array.isArray(value)) {
    // Arrays of plain values (ids, warnings) are cloned as they are.
    if (value.length && typeof value[0] === 'object') return value.map((x) => detachable(x, transfer, depth + 1));
    return value;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = detachable(v, transfer, depth + 1);
  return out;
}

function read(eng, method, source, options, { id, signal }) {
  let last = 0;
  return eng[method](source, {
    ...options,
    signal,
    onProgress: (p) => {
      const now = performance.now();
      if (now - last < 50 && p.bytes < p.totalBytes) return; // at most ~20 messages a second
      last = now;
      self.postMessage({ id, progress: { bytes: p.bytes, totalBytes: p.totalBytes, rows: p.rows } });
    },
  });
}
