// The browser benchmark: kenko's page (build-wasm/site) in headless Debian Chromium through
// playwright-core. Figures (each run at least 3 times; medians) are appended to
// bench/out/browser.txt:
//
//   load      navigation start → kenkoPage.ready (first example scored), and → painted after it
//   bytes     JS + WASM + CSS the page loads: raw, gzip -6 and gzip -9 (from the response list)
//   read      a generated 100,000- and 1,000,000-row table through the file input: `change`
//             event → the page reports the new row count, is not busy, and has painted; the
//             worker's loadTable round trip (the engine reading and scoring inside the worker);
//             the same read+score by the bare JS API on the main thread of an empty page
//   what-if   at 100,000 and 1,000,000 customers, one indicator weight and one threshold:
//             engine only (the bare JS API: setWeights / setSegmentBounds, and with scores());
//             the page's worker round trip (the `whatIf` message); slider `input` event → new
//             scores drawn and painted (requestAnimationFrame + setTimeout after the answer);
//             and → the page fully idle (busy() false: drivers/alerts refresh after 250 ms)
//
//   node bench/browser/run.mjs [--no-build-site] [--runs N] [--sizes 100000,1000000]
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  root, site, kenkoBin, buildSite, startServer, launch, ensureDir, waitReady, waitIdle, pageState, byTestId,
} from '../../tests/browser/harness.mjs';

const args = process.argv.slice(2);
// Diagnostic: figures with the page's CSP not enforced (while the engine cannot start under it).
const bypassCsp = args.includes('--bypass-csp');
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const RUNS = Math.max(3, Number(opt('--runs', 5)));
const WHATIF_RUNS = Math.max(3, Number(opt('--whatif-runs', 15)));
const SIZES = opt('--sizes', '100000,1000000').split(',').map(Number);
const dataDir = ensureDir(opt('--data', '/tmp/kenko-bench'));
const outFile = join(ensureDir(join(root, 'bench', 'out')), 'browser.txt');

const lines = [];
function out(s = '') {
  console.log(s);
  lines.push(s);
}
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};
const ms = (x) => (x == null || Number.isNaN(x) ? '—' : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const fig = (name, xs, extra = '') => out(`  ${name.padEnd(52)} median ${ms(median(xs)).padStart(9)}   runs ${xs.map((x) => x.toFixed(1)).join(' ')}${extra ? `   ${extra}` : ''}`);

function dataFile(rows) {
  const f = join(dataDir, `customers-${rows}.csv`);
  if (!existsSync(f)) execFileSync(kenkoBin, ['generate', '--rows', String(rows), '--seed', '1', '-o', f]);
  return f;
}

// Records, in the page, every request the page posts to the engine worker and when its answer
// arrives ({op, t0, t1}, performance.now()), and when kenkoPage.ready resolves (and the frame
// after it is painted). Runs before the page's scripts.
function instrument() {
  window.__ops = [];
  window.__opListeners = [];
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      const pending = new Map();
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (!d || typeof d !== 'object' || !pending.has(d.id) || 'progress' in d) return;
        const p = pending.get(d.id);
        pending.delete(d.id);
        const rec = { op: p.op, t0: p.t0, t1: performance.now(), ok: d.ok };
        window.__ops.push(rec);
        for (const fn of window.__opListeners) fn(rec);
      });
      const post = this.postMessage.bind(this);
      this.postMessage = (msg, ...rest) => {
        if (msg && typeof msg === 'object' && msg.op && msg.op !== 'cancel') pending.set(msg.id, { op: msg.op, t0: performance.now() });
        return post(msg, ...rest);
      };
    }
  };
  let hooks;
  Object.defineProperty(window, 'kenkoPage', {
    configurable: true,
    get: () => hooks,
    set: (v) => {
      hooks = v;
      Promise.resolve(v?.ready).then(() => {
        window.__readyAt = performance.now();
        requestAnimationFrame(() => setTimeout(() => { window.__paintedAt = performance.now(); }, 0));
      }, () => {});
    },
  });
  window.__fileChangeAt = null;
  document.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') window.__fileChangeAt = performance.now();
  }, true);
}

const server = ensureServer();
async function ensureServer() {
  if (!args.includes('--no-build-site')) buildSite();
  return startServer();
}
const srv = await server;
const browser = await launch();
const version = browser.version();
const started = new Date();

out(`== kenko page in headless Chromium ${version} — ${started.toString()}`);
out(`   machine: ${cpus().length} cores (${cpus()[0]?.model?.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; playwright-core; site ${site}`);
out(`   load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine skews the figures)`);
if (bypassCsp) out('   NOTE: run with --bypass-csp: the page\'s Content-Security-Policy was NOT enforced');
out(`   page model: the first example's dear.json (14 indicators, 4 dimensions, 10 segments, 8 alerts); tables: kenko generate --seed 1`);

async function newPage() {
  const context = await browser.newContext({ bypassCSP: bypassCsp, viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  page.setDefaultTimeout(120000);
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  return { context, page };
}

// ---- load and bytes ---------------------------------------------------------------------------
out('\n-- page load to the first scored example (fresh browser context each run)');
const load = { ready: [], painted: [], fcp: [], engineFirst: [] };
let loaded = []; // [{url, type}] of the first run
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await newPage();
  const responses = [];
  context.on('response', (r) => responses.push({ url: r.url(), type: r.request().resourceType(), status: r.status() }));
  await page.goto(srv.url);
  await waitReady(page, 60000);
  await page.waitForFunction(() => window.__paintedAt != null);
  const r = await page.evaluate(() => ({
    ready: window.__readyAt,
    painted: window.__paintedAt,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    loadTable: window.__ops.find((o) => o.op === 'loadTable'),
    setModel: window.__ops.find((o) => o.op === 'setModel'),
  }));
  load.ready.push(r.ready);
  load.painted.push(r.painted);
  if (r.fcp != null) load.fcp.push(r.fcp);
  // The first request to the worker waits for the WASM engine to be created.
  if (r.setModel) load.engineFirst.push(r.setModel.t1 - r.setModel.t0);
  if (i === 0) loaded = responses;
  await context.close();
}
fig('navigation start → first contentful paint', load.fcp);
fig('navigation start → kenkoPage.ready (example scored)', load.ready);
fig('navigation start → ready and painted', load.painted);
fig('  of which: first engine call (WASM start + setModel)', load.engineFirst);

out('\n-- bytes the page loads (from the responses of one load)');
const byType = new Map();
let total = { raw: 0, gz6: 0, gz9: 0 };
const assets = [];
for (const r of loaded) {
  const u = new URL(r.url);
  if (u.origin !== srv.origin) continue;
  const ext = extname(u.pathname);
  if (!['.js', '.mjs', '.wasm', '.css'].includes(ext)) continue;
  const f = join(site, decodeURIComponent(u.pathname));
  if (!existsSync(f)) continue;
  const bytes = readFileSync(f);
  const a = { path: u.pathname, raw: bytes.length, gz6: gzipSync(bytes, { level: 6 }).length, gz9: gzipSync(bytes, { level: 9 }).length };
  if (assets.some((x) => x.path === a.path)) continue;
  assets.push(a);
  const k = ext === '.mjs' ? '.js' : ext;
  const t = byType.get(k) ?? { n: 0, raw: 0, gz6: 0, gz9: 0 };
  t.n++; t.raw += a.raw; t.gz6 += a.gz6; t.gz9 += a.gz9;
  byType.set(k, t);
  total = { raw: total.raw + a.raw, gz6: total.gz6 + a.gz6, gz9: total.gz9 + a.gz9 };
}
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
for (const [k, t] of byType) out(`  ${k.padEnd(6)} ${String(t.n).padStart(3)} files   raw ${kb(t.raw).padStart(11)}   gzip -6 ${kb(t.gz6).padStart(10)}   gzip -9 ${kb(t.gz9).padStart(10)}`);
out(`  total  ${String(assets.length).padStart(3)} files   raw ${kb(total.raw).padStart(11)}   gzip -6 ${kb(total.gz6).padStart(10)}   gzip -9 ${kb(total.gz9).padStart(10)}   (target < 500 KB gzipped)`);
for (const a of assets.sort((x, y) => y.gz6 - x.gz6).slice(0, 6)) out(`    ${a.path.padEnd(34)} raw ${kb(a.raw).padStart(10)}  gzip -6 ${kb(a.gz6).padStart(9)}`);
const other = loaded.filter((r) => !assets.some((a) => r.url.endsWith(a.path)));
out(`  other responses: ${other.map((r) => new URL(r.url).pathname).join(', ')}`);

// ---- the bare JS API on the main thread of an empty page (engine only) ---------------------------
async function bareEngine(rows, file) {
  const { context, page } = await newPage();
  // Any document of the site's origin will do (the CSP allows its modules and WASM).
  await page.goto(`${srv.origin}/examples/dear.json`);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  });
  await page.locator('#bench-file').setInputFiles(file);
  const r = await page.evaluate(async ({ runs, whatifRuns }) => {
    const { createEngine } = await import('/kenko-api.mjs');
    const engine = await createEngine();
    engine.setModel(await (await fetch('/examples/dear.json')).text());
    const f = document.getElementById('bench-file').files[0];
    const read = [], memAfter = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await engine.loadTable(f);
      read.push(performance.now() - t0);
      memAfter.push(engine.wasmMemoryBytes());
    }
    const w = [], ws = [], th = [], ths = [];
    for (let i = 0; i < whatifRuns; i++) {
      let t0 = performance.now();
      engine.setWeights({ indicators: { logins: i % 2 ? 3 : 6 } });
      w.push(performance.now() - t0);
      t0 = performance.now();
      engine.setWeights({ indicators: { logins: i % 2 ? 6 : 3 } });
      engine.scores();
      ws.push(performance.now() - t0);
    }
    engine.resetWhatIf();
    for (let i = 0; i < whatifRuns; i++) {
      let t0 = performance.now();
      engine.setSegmentBounds('green', { min: i % 2 ? 70 : 65, max: null });
      th.push(performance.now() - t0);
      t0 = performance.now();
      engine.setSegmentBounds('green', { min: i % 2 ? 65 : 70, max: null });
      engine.scores();
      ths.push(performance.now() - t0);
    }
    // What the page's linked threshold slider sends: every bound that was 70 in the model.
    engine.resetWhatIf();
    const linked = engine.modelInfo().segments.flatMap((g) => [g.min === 70 && [g.id, 'min'], g.max === 70 && [g.id, 'max']]).filter(Boolean);
    const thl = [];
    for (let i = 0; i < whatifRuns; i++) {
      const v = i % 2 ? 70 : 65;
      const t0 = performance.now();
      const segments = engine.modelInfo().segments;
      const bounds = {};
      for (const [id, k] of linked) {
        const g = bounds[id] ?? { ...segments.find((x) => x.id === id) };
        g[k] = v;
        bounds[id] = { min: g.min, max: g.max };
      }
      engine.setSegmentBounds(bounds);  // one re-segmentation, as the page sends it
      engine.scores();
      thl.push(performance.now() - t0);
    }
    // The full outcome review (the page asks for its AUC with every what-if when the model has
    // an outcome).
    const val = [];
    if (engine.modelInfo().outcome && typeof engine.validation === 'function') {
      for (let i = 0; i < Math.min(whatifRuns, 7); i++) {
        const t0 = performance.now();
        engine.validation();
        val.push(performance.now() - t0);
      }
    }
    const rows = engine.results().rows;
    const mem = engine.wasmMemoryBytes();
    engine.dispose();
    return { rows, read, w, ws, th, ths, thl, val, nLinked: linked.length, mem, memAfter };
  }, { runs: RUNS, whatifRuns: WHATIF_RUNS });
  await context.close();
  if (r.rows !== rows) throw new Error(`bare engine read ${r.rows} rows, not ${rows}`);
  return r;
}

// ---- the page: read and what-if -----------------------------------------------------------------
async function pageRead(page, file, rows) {
  const t = await page.evaluate(() => { window.__fileChangeAt = null; return window.__ops.length; });
  await byTestId(page, 'file-input').setInputFiles(file);
  const r = await page.evaluate(async ({ rows, from }) => {
    const k = window.kenkoPage;
    while (window.__fileChangeAt == null) await new Promise((res) => setTimeout(res, 5));
    const t0 = window.__fileChangeAt;
    for (;;) {
      await new Promise((res) => requestAnimationFrame(() => res()));
      if (!k.busy() && k.state().rows === rows) break;
    }
    const shown = performance.now();
    const first = typeof k.scoresShownAt === 'function' ? k.scoresShownAt() : null;
    const painted = await new Promise((res) => requestAnimationFrame(() => setTimeout(() => res(performance.now()), 0)));
    const ops = window.__ops.slice(from);
    const lt = ops.find((o) => o.op === 'loadTable');
    const after = ops.filter((o) => o.t0 >= lt.t1);
    return {
      total: painted - t0, shown: shown - t0, first: first == null ? null : first - t0,
      loadTable: lt.t1 - lt.t0, ok: lt.ok,
      post: Math.max(...after.map((o) => o.t1), lt.t1) - lt.t1, afterOps: after.map((o) => `${o.op} ${(o.t1 - o.t0).toFixed(0)}`).join(', '),
    };
  }, { rows, from: t });
  const s = await pageState(page);
  if (s.rows !== rows || s.error) throw new Error(`the page did not read ${file}: ${JSON.stringify(s.error)}`);
  return r;
}

// One slider move: input event → whatIf answered → painted; then → busy() false.
async function pageWhatIf(page, testid, value) {
  return page.evaluate(async ({ testid, value }) => {
    const k = window.kenkoPage;
    const el = document.querySelector(`[data-testid="${testid}"]`);
    let answered;
    const got = new Promise((res) => { answered = res; });
    const listener = (rec) => { if (rec.op === 'whatIf') answered(rec); };
    window.__opListeners.push(listener);
    const painted = got.then(() => new Promise((res) => requestAnimationFrame(() => setTimeout(() => res(performance.now()), 0))));
    const t0 = performance.now();
    el.value = String(value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    const rec = await got;
    const tp = await painted;
    window.__opListeners.splice(window.__opListeners.indexOf(listener), 1);
    while (k.busy()) await new Promise((res) => setTimeout(res, 2));
    const idle = performance.now();
    return { roundTrip: rec.t1 - rec.t0, queued: rec.t0 - t0, drawn: tp - t0, idle: idle - t0, value: Number(el.value) };
  }, { testid, value });
}

const readFigures = {};
for (const rows of SIZES) {
  const file = dataFile(rows);
  const mb = statSync(file).size / 1e6;
  out(`\n-- ${rows.toLocaleString('en-US')} rows (${mb.toFixed(1)} MB): read + score`);

  const bare = await bareEngine(rows, file);
  fig('bare JS API, main thread: loadTable(File)', bare.read, `(${(mb / (median(bare.read) / 1000)).toFixed(0)} MB/s)`);
  out(`    WASM memory after each read: ${bare.memAfter.map((b) => `${(b / 2 ** 20).toFixed(0)} MiB`).join(', ')} (a read keeps the previous table until it succeeds)`);

  const { context, page } = await newPage();
  await page.goto(srv.url);
  await waitReady(page, 60000);
  const reads = [];
  for (let i = 0; i < RUNS; i++) {
    reads.push(await pageRead(page, file, rows));
    await waitIdle(page, 120000);
  }
  if (reads.every((r) => r.first != null)) {
    fig('page: file input change → scores first on screen (counts, histogram, table)', reads.map((r) => r.first), '(target 1M rows < 1.5 s)');
  }
  fig('page: file input change → everything computed (texts, summary, validation), idle, painted', reads.map((r) => r.total), `(${(mb / (median(reads.map((r) => r.total)) / 1000)).toFixed(0)} MB/s)`);
  fig('  worker loadTable round trip (engine read + score)', reads.map((r) => r.loadTable));
  fig('  after it: results, summary, texts to the page, drawn', reads.map((r) => r.total - r.loadTable));
  out(`    (requests after loadTable, last run: ${reads[reads.length - 1].afterOps})`);
  readFigures[rows] = { bare, reads };

  out(`\n-- ${rows.toLocaleString('en-US')} customers: what-if (median of ${WHATIF_RUNS}; targets at 1M: engine < 16 ms, with redraw < 50 ms)`);
  fig('engine only (bare JS API): setWeights, one indicator', bare.w);
  fig('engine only: setWeights + scores() copied out', bare.ws);
  fig('engine only: setSegmentBounds, one threshold', bare.th);
  fig('engine only: setSegmentBounds + scores()', bare.ths);
  fig(`engine only: the ${bare.nLinked} bounds at 70 (linked slider, one call) + scores()`, bare.thl);
  if (bare.val.length) fig('engine only: validation() (outcome review with AUC)', bare.val);
  for (const [label, testid, a, b] of [
    ['indicator weight (logins 3 ↔ 6)', 'slider-indicator-logins', 6, 3],
    ['threshold (green min 70 ↔ 65, linked)', 'slider-segment-min-green', 65, 70],
  ]) {
    const runs = [];
    await pageWhatIf(page, testid, a); // warm-up
    await pageWhatIf(page, testid, b);
    for (let i = 0; i < WHATIF_RUNS; i++) runs.push(await pageWhatIf(page, testid, i % 2 ? b : a));
    if (runs.some((r) => r.value !== a && r.value !== b)) throw new Error(`slider ${testid} refused the values`);
    out(`  page, ${label}:`);
    fig('    worker round trip (whatIf message → answer)', runs.map((r) => r.roundTrip));
    fig('    slider input → request sent (the frame it waits for)', runs.map((r) => r.queued));
    fig('    slider input → new scores drawn and painted', runs.map((r) => r.drawn));
    fig('    slider input → page idle (incl. 250 ms settle + refresh)', runs.map((r) => r.idle));
  }
  await context.close();
}

await browser.close();
await srv.stop();
out(`\n   (${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
appendFileSync(outFile, `${lines.join('\n')}\n`);
console.log(`appended to ${outFile}`);
