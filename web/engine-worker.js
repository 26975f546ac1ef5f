// The engine's Web Worker: hosts one kenko engine (WebAssembly) so the page never freezes.
// Protocol (docs/JS-API.md): the page posts {id, op, args}; the worker answers
// {id, ok: true, result} or {id, ok: false, error: {name, message, problems?, header?}}, and
// {id, progress} while a table loads. Typed arrays in a result are transferred, not copied.
// {op: 'cancel', args: [id]} aborts operation id (loadTable honours it between chunks).
// Operations run one at a time in arrival order; 'cancel' is handled at once.
import { createEngine } from './kenko-api.mjs';

let enginePromise = null;
const engine = () => (enginePromise ??= createEngine());

const controllers = new Map(); // id → AbortController, from arrival until done
let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, op, args = [] } = event.data;
  if (op === 'cancel') {
    controllers.get(args[0])?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(id, controller);
  queue = queue.then(() => run(id, op, args, controller.signal)).finally(() => controllers.delete(id));
};

async function run(id, op, args, signal) {
  try {
    if (!Object.hasOwn(OPS, op)) throw new Error(`unknown engine operation '${op}'`);
    if (signal.aborted) throw abortError();
    const eng = await engine();
    const result = await OPS[op](eng, args, { id, signal });
    const transfer = [];
    const out = detachable(result, transfer);
    self.postMessage({ id, ok: true, result: out }, transfer);
  } catch (err) {
    self.postMessage({ id, ok: false, error: serializeError(err) });
  }
}

function abortError() {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

function serializeError(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const out = { name: e.name || 'Error', message: e.message || String(err) };
  if (Array.isArray(e.problems)) out.problems = e.problems.map((p) => ({ path: String(p.path ?? ''), message: String(p.message ?? '') }));
  if (Array.isArray(e.header)) out.header = e.header.map(String);
  return out;
}

// Collects the buffers of typed arrays (at any depth) for transfer. A typed array that does
// not own its whole buffer (a view into WASM memory or a shared buffer) is copied first:
// transferring WASM memory would detach the engine's heap.
function detachable(value, transfer, depth = 0) {
  if (value == null || typeof value !== 'object' || depth > 4) return value;
  if (ArrayBuffer.isView(value)) {
    let v = value;
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

// Texts of a column packed as one string and offsets (row r is text.slice(o[r], o[r+1])):
// one string crosses to the page instead of a million small ones, and search runs over it.
function pack(arr) {
  if (!arr) return null;
  const offsets = new Uint32Array(arr.length + 1);
  let pos = 0;
  for (let i = 0; i < arr.length; i++) {
    offsets[i] = pos;
    pos += arr[i].length;
  }
  offsets[arr.length] = pos;
  return { text: arr.join(''), offsets };
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

// What-if state {reset?, indicators: {id: w}, dimensions: {id: w}, bounds: {segId: {min, max}},
// rules: {indicatorId: rule}}. Rules first (a new rule can change a default weight), then the
// weights, then every bound in one call (one re-segmentation, however many bounds move).
function applyWhatIf(eng, state) {
  if (state.reset) eng.resetWhatIf();
  for (const [id, rule] of Object.entries(state.rules ?? {})) eng.setRule(id, rule);
  const indicators = state.indicators ?? {};
  const dimensions = state.dimensions ?? {};
  if (Object.keys(indicators).length || Object.keys(dimensions).length) eng.setWeights({ indicators, dimensions });
  const bounds = {};
  for (const [seg, b] of Object.entries(state.bounds ?? {})) bounds[seg] = { min: b.min ?? null, max: b.max ?? null };
  if (Object.keys(bounds).length) eng.setSegmentBounds(bounds);
}

// The what-if state in force, as modelInfo() reports it (weights, bounds and rules in force).
function whatIfInForce(eng) {
  const info = eng.modelInfo();
  return {
    indicators: Object.fromEntries(info.indicators.map((x) => [x.id, x.weight])),
    dimensions: Object.fromEntries(info.dimensions.map((x) => [x.id, x.weight])),
    bounds: Object.fromEntries(info.segments.map((x) => [x.id, { min: x.min ?? null, max: x.max ?? null }])),
    rules: Object.fromEntries(info.indicators.map((x) => [x.id, x.rule])),
  };
}

// Puts back a state saved by whatIfInForce: from the model as loaded, the rules that differ
// (a weight left to default follows its rule), then the weights and bounds that still differ.
function restoreWhatIf(eng, saved) {
  eng.resetWhatIf();
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  let now = whatIfInForce(eng);
  const rules = {};
  for (const [id, rule] of Object.entries(saved.rules)) if (!same(rule, now.rules[id])) rules[id] = rule;
  if (Object.keys(rules).length) {
    applyWhatIf(eng, { rules });
    now = whatIfInForce(eng);
  }
  const delta = { indicators: {}, dimensions: {}, bounds: {} };
  for (const k of ['indicators', 'dimensions']) for (const [id, w] of Object.entries(saved[k])) if (w !== now[k][id]) delta[k][id] = w;
  for (const [id, b] of Object.entries(saved.bounds)) if (!same(b, now.bounds[id])) delta.bounds[id] = b;
  applyWhatIf(eng, delta);
}

// fn() with `state` (from the model as loaded) in force, then the engine's what-if state back.
function withStateAt(eng, state, fn) {
  const saved = whatIfInForce(eng);
  try {
    applyWhatIf(eng, { ...state, reset: true });
    return fn();
  } finally {
    restoreWhatIf(eng, saved);
  }
}

const OPS = {
  setModel: (eng, [json]) => eng.setModel(json),
  modelInfo: (eng) => eng.modelInfo(),
  loadTable: (eng, [source, options = {}], ctx) => read(eng, 'loadTable', source, options, ctx),
  // An earlier snapshot of the same customers, for trends (same options and progress).
  loadPreviousTable: (eng, [source, options = {}], ctx) => read(eng, 'loadPreviousTable', source, options, ctx),
  hasPreviousTable: (eng) => eng.hasPreviousTable(),
  clearPreviousTable: (eng) => eng.clearPreviousTable(),
  trends: (eng) => eng.trends(),
  validation: (eng) => eng.validation(),
  fitWeights: (eng, [opts]) => eng.fitWeights(opts ?? {}),
  // The smallest improvement that lifts a customer into the next better segment (when the
  // engine has it: docs/JS-API.md `improvement(row)`).
  improvement: (eng, [row]) => (typeof eng.improvement === 'function' ? eng.improvement(row) : null),
  hasImprovement: (eng) => typeof eng.improvement === 'function',
  results: (eng) => eng.results(),
  scores: (eng) => eng.scores(),
  ids: (eng) => eng.ids(),
  labels: (eng) => eng.labels(),
  texts: (eng) => ({ ids: pack(eng.ids()), labels: pack(eng.labels()) }),
  summary: (eng) => eng.summary(),
  summaryText: (eng) => eng.summaryText(),
  validationText: (eng) => eng.validationText(),
  explain: (eng, [row]) => eng.explain(row),
  setWeights: (eng, [w]) => eng.setWeights(w),
  setSegmentBounds: (eng, [seg, b]) => eng.setSegmentBounds(seg, b),
  setRule: (eng, [ind, rule]) => eng.setRule(ind, rule),
  resetWhatIf: (eng) => eng.resetWhatIf(),
  scoredCsv: (eng, [opts]) => eng.scoredCsv(opts),
  scoredJson: (eng) => eng.scoredJson(),
  // Applies a what-if state and returns the new {score, segment}: one round trip per slider frame.
  // With {auc: true} (a model with an outcome) the AUC of the new scores comes along.
  // The scores only (scores(): the drivers wait for results()); the AUC by auc() (outcome
  // labels cached per table: no summary, no validation).
  whatIf: (eng, [state, opts = {}]) => {
    applyWhatIf(eng, state);
    const r = eng.scores();
    if (opts.auc) r.auc = eng.auc();
    return r;
  },
  // validation() of a state without leaving it in force (the baseline's, while a what-if is in force).
  validationAt: (eng, [state]) => withStateAt(eng, state, () => eng.validation()),
  auc: (eng) => eng.auc(),
  // New bounds for a bands or linear indicator from healthy customers (docs/JS-API.md).
  proposeBands: (eng, [indicator, healthy]) => eng.proposeBands(indicator, healthy ?? {}),
  // Scores of a state without leaving it in force: applies `state`, reads, then puts back the
  // what-if state the engine had (also when `state` is refused).
  evaluate: (eng, [state]) => withStateAt(eng, state, () => {
    const r = eng.scores();
    const out = { score: r.score, segment: r.segment, auc: null }; // scores() returns copies
    if (eng.modelInfo().outcome) out.auc = eng.auc();
    return out;
  }),
  // Row order sorting the id (or label) column as text: a Uint32Array permutation.
  textOrder: (eng, [which, descending]) => {
    const texts = which === 'label' ? eng.labels() : eng.ids();
    if (!texts) return null;
    const order = new Uint32Array(texts.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // Code-unit order (fast at a million rows; ids are usually zero-padded), ties in row order.
    order.sort((a, b) => (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : a - b));
    if (descending) order.reverse();
    return order;
  },
};
