// The bench page of bench/browser/peers.mjs: the same read + score of one CSV file (an id and
// numeric columns v1..vK; every column a linear rule 0 → 100, equal weights: the score is the
// mean of the sub-scores 100 × clamp(v / 100, 0, 1)) by kenko's JS API (from the File, from bytes
// already in memory, in a Worker as the page does it) and by peers: uDSV, Papa Parse, DuckDB-WASM.
// Each returns {ms, checksum} (the sum of the scores), timed from the File in hand to the scores.
import { createEngine } from '/site/kenko-api.mjs';
import { inferSchema, initParser } from '/node_modules/udsv/dist/uDSV.mjs';
import * as duckdb from '/node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';

const fileInput = /** @type {HTMLInputElement} */ (document.getElementById('file'));
const file = () => fileInput.files[0];

// The score of one customer from its K values, in kenko's order of operations (sub-score
// 100 × points / P with points = 100 × t; Σ w·s / Σ w from +0 with w = P = 100).
function scoreRow(values, K) {
  let num = 0;
  let den = 0;
  for (let k = 0; k < K; k++) {
    const v = values(k);
    if (v !== v) continue;
    let t = (v - 0) / (100 - 0);
    t = Math.min(1, Math.max(0, t));
    const s = (100 * (100 * t)) / 100;
    num += 100 * s;
    den += 100;
  }
  return den > 0 ? num / den : NaN;
}

function checksum(scores) {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] === scores[i]) sum += scores[i];
  return sum;
}

function modelJson(K) {
  const indicators = [];
  for (let k = 1; k <= K; k++) indicators.push({ id: `v${k}`, column: `v${k}`, rule: { type: 'linear', from: 0, to: 100 } });
  return JSON.stringify({ version: 1, id_column: 'id', indicators });
}

let engine = null; // threads: the module createEngine picks (threaded when the page is isolated)
let engine1 = null; // one thread
let bytesCache = null;

const peers = {
  async 'kenko API, File'(K) {
    engine ??= await createEngine();
    engine.setModel(modelJson(K));
    const t0 = performance.now();
    await engine.loadTable(file());
    const sum = checksum(engine.scores().score);
    return { ms: performance.now() - t0, checksum: sum };
  },
  async 'kenko API, File, one thread'(K) {
    engine1 ??= await createEngine({ threads: 1 });
    engine1.setModel(modelJson(K));
    const t0 = performance.now();
    await engine1.loadTable(file());
    const sum = checksum(engine1.scores().score);
    return { ms: performance.now() - t0, checksum: sum };
  },
  async 'kenko API, bytes in memory'(K) {
    engine ??= await createEngine();
    engine.setModel(modelJson(K));
    bytesCache ??= new Uint8Array(await file().arrayBuffer());
    const t0 = performance.now();
    await engine.loadTable(bytesCache);
    const sum = checksum(engine.scores().score);
    return { ms: performance.now() - t0, checksum: sum };
  },
  async 'kenko in a Worker (the page), File'(K) {
    const worker = new Worker('/site/engine-worker.mjs', { type: 'module' });
    let next = 1;
    const call = (op, args = []) => new Promise((resolve, reject) => {
      const id = next++;
      const onMessage = (e) => {
        if (e.data.id !== id || e.data.progress) return;
        worker.removeEventListener('message', onMessage);
        if (e.data.ok) resolve(e.data.result);
        else reject(new Error(e.data.error.message));
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage({ id, op, args });
    });
    try {
      await call('setModel', [modelJson(K)]);
      const t0 = performance.now();
      await call('loadTable', [file(), {}]);
      const { score } = await call('scores');
      const sum = checksum(score);
      return { ms: performance.now() - t0, checksum: sum };
    } finally {
      worker.terminate();
    }
  },
  async uDSV(K) {
    const t0 = performance.now();
    const text = await file().text();
    const schema = inferSchema(text);
    const parser = initParser(schema);
    const cols = parser.typedCols(text);
    const n = cols[0].length;
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) scores[r] = scoreRow((k) => { const v = cols[k + 1][r]; return v == null ? NaN : v; }, K);
    const sum = checksum(scores);
    return { ms: performance.now() - t0, checksum: sum };
  },
  async 'Papa Parse'(K) {
    const t0 = performance.now();
    const text = await file().text();
    const { data } = globalThis.Papa.parse(text, { fastMode: true, dynamicTyping: true, skipEmptyLines: true });
    const n = data.length - 1;
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const row = data[r + 1];
      scores[r] = scoreRow((k) => { const v = row[k + 1]; return typeof v === 'number' ? v : NaN; }, K);
    }
    const sum = checksum(scores);
    return { ms: performance.now() - t0, checksum: sum };
  },
  async 'DuckDB-WASM'(K) {
    const db = await duckdbInstance();
    const t0 = performance.now();
    await db.registerFileHandle('data.csv', file(), duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const conn = await db.connect();
    try {
      // Σ w·s over the values present / Σ w over them (w = 100): a missing value is left out.
      const num = [];
      const den = [];
      for (let k = 1; k <= K; k++) {
        num.push(`coalesce(100.0 * (100.0 * (100.0 * least(1.0, greatest(0.0, (v${k} - 0.0) / (100.0 - 0.0)))) / 100.0), 0.0)`);
        den.push(`(CASE WHEN v${k} IS NULL THEN 0.0 ELSE 100.0 END)`);
      }
      const cols = ["'id': 'VARCHAR'", ...Array.from({ length: K }, (_, k) => `'v${k + 1}': 'DOUBLE'`)].join(', ');
      const sql = `SELECT sum(CASE WHEN d > 0 THEN n / d END) AS s FROM (SELECT ${num.join(' + ')} AS n, ${den.join(' + ')} AS d FROM read_csv('data.csv', header = true, columns = {${cols}}))`;
      const result = await conn.query(sql);
      const sum = Number(result.getChildAt(0).get(0));
      return { ms: performance.now() - t0, checksum: sum };
    } finally {
      await conn.close();
      await db.dropFile('data.csv');
    }
  },
};

let duckdbPromise = null;
function duckdbInstance() {
  duckdbPromise ??= (async () => {
    const base = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
    const worker = new Worker(`${base}duckdb-browser-eh.worker.js`);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(`${base}duckdb-eh.wasm`);
    return db;
  })();
  return duckdbPromise;
}

window.benchPeers = {
  names: Object.keys(peers),
  run: (name, K) => peers[name](K),
  warm: async () => {
    await duckdbInstance();
    engine1 ??= await createEngine({ threads: 1 });
    engine ??= await createEngine();
    return { threads: engine.threads(), isolated: crossOriginIsolated };
  },
};
window.benchReady = true;
