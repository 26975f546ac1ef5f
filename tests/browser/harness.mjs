// Shared by the browser tests (tests/browser/*.test.mjs, run with `node --test`) and the browser
// benchmark (bench/browser/run.mjs): assembling the site, the local static server
// (scripts/serve.mjs, with its Content-Security-Policy) on a free port, headless Debian Chromium
// through playwright-core, the native `kenko` program for reference outputs, a small RFC 4180
// reader for comparing them, and the page's test hooks (window.kenkoPage: ready, busy(), state();
// data-testid attributes, web/README.md).
//
// For the tests: `pageTest(name, fn)` is a node:test test with its own browser context and page
// (one static server and one Chromium per test file, started on first use and stopped after the
// file's tests), the page loaded and ready (the first example scored) before `fn` runs, every
// request, console problem and CSP violation of the test's contexts recorded, and after `fn`:
// nothing left localhost, every HTML document carried a CSP header, no console error, page error,
// HTTP error or CSP violation. A failing test leaves tests/out/browser/FAILED-<name>.png.
// `fn` gets the page helpers (pageHelpers) plus {server, response, rec, newContext, newPage}.
// The site is not built here: scripts/test runs scripts/build-site once before the test files.
// Environment: KENKO_HEADED=1 shows the browser; KENKO_SITE=DIR serves another copy of the site;
// KENKO_BYPASS_CSP=1 (diagnostic only) lets the page run with its CSP not enforced (the CSP test
// then fails).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The site served: build-wasm/site (scripts/build-site), or the directory in KENKO_SITE. */
export const site = process.env.KENKO_SITE || join(root, 'build-wasm', 'site');
export const examples = join(root, 'examples');
export const kenkoBin = join(root, 'build', 'kenko');

import { chromium } from 'playwright-core';
export { chromium };

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** scripts/build-site (copies web/, the WASM build and the examples into build-wasm/site). */
export function buildSite() {
  for (const f of ['build-wasm/kenko.wasm', 'build-wasm/kenko.js', 'build/kenko']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run scripts/build first`);
  }
  execFileSync(join(root, 'scripts', 'build-site'), { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(site, 'index.html'))) throw new Error('build-wasm/site/index.html is missing: web/index.html not written yet?');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node scripts/serve.mjs SITE PORT` on a free port; → {url, origin, port, stop()}. */
export async function startServer(dir = site) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), dir, String(port)], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOST: '127.0.0.1' },
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const ok = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10000);
      child.stdout.on('data', (d) => { if (String(d).includes('serving')) { clearTimeout(timer); resolve(true); } });
      child.on('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (ok) {
      const origin = `http://127.0.0.1:${port}`;
      return {
        port, origin, url: `${origin}/`, child,
        stop: () => new Promise((resolve) => {
          if (child.exitCode != null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
    if (child.exitCode == null) child.kill('SIGTERM');
    if (attempt >= 3) throw new Error(`the static server did not start: ${err}`);
  }
}

export function launch(options = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, ...options });
}

/** Runs build/kenko; → stdout as a Buffer (throws with stderr on a non-zero exit). */
export function native(args, { cwd = examples } = {}) {
  try {
    return execFileSync(kenkoBin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (e) {
    throw new Error(`kenko ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

export function tempDir(prefix = 'kenko-browser-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  return { dir: d, path: (name) => join(d, name), remove: () => rmSync(d, { recursive: true, force: true }) };
}

export function ensureDir(d) {
  mkdirSync(d, { recursive: true });
  return d;
}

/** RFC 4180 records of a UTF-8 text (a BOM is dropped); → array of string arrays. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('parseCsv: unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
      continue;
    }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = '';
      rows.push(row); row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The native scored table as {header, rows, byId: Map(id → record object), counts: {seg: n}}. */
export function scoredTable(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  const seg = header.indexOf('segment');
  const counts = {};
  const records = rows.map((r) => Object.fromEntries(header.map((hd, k) => [hd, r[k]])));
  for (const r of rows) counts[r[seg]] = (counts[r[seg]] ?? 0) + 1;
  return { header, rows, records, byId: new Map(records.map((r) => [r[header[0]], r])), counts, idColumn: header[0] };
}

/** Native `kenko score` of MODEL on DATA (paths relative to examples/ or absolute) → scoredTable. */
export function nativeScored(model, data) {
  return scoredTable(native(['score', '--model', model, data]).toString('utf8'));
}

// ---- the page's hooks ------------------------------------------------------------------------

/** Resolves when window.kenkoPage exists and its `ready` (a promise or a flag) has resolved. */
export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => !!window.kenkoPage, null, { timeout });
  await page.evaluate(async (ms) => {
    const p = window.kenkoPage;
    const ready = p.ready;
    if (ready && typeof ready.then === 'function') {
      await Promise.race([ready, new Promise((_, rej) => setTimeout(() => rej(new Error('kenkoPage.ready did not resolve')), ms))]);
    } else {
      const t0 = performance.now();
      while (!p.ready) {
        if (performance.now() - t0 > ms) throw new Error('kenkoPage.ready stayed false');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }, timeout);
  await waitIdle(page, timeout);
}

/** Resolves when kenkoPage.busy() has been false for two animation frames in a row. */
export async function waitIdle(page, timeout = 30000) {
  await page.evaluate(async (ms) => {
    const p = window.kenkoPage;
    const t0 = performance.now();
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (;;) {
      if (performance.now() - t0 > ms) throw new Error(`the page stayed busy for ${ms} ms`);
      if (!p.busy()) {
        await frame();
        if (!p.busy()) {
          await frame();
          if (!p.busy()) return;
        }
      } else await new Promise((r) => setTimeout(r, 10));
    }
  }, timeout);
}

/** kenkoPage.state() (whatever the page reports, as JSON). */
export function pageState(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.kenkoPage.state())));
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

// ---- reference outputs of the native program and small formatting helpers ---------------------

export const outDir = join(root, 'tests', 'out', 'browser');
export const ex = (name) => join(examples, name);
export const dear = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
export const clone = (x) => JSON.parse(JSON.stringify(x));
export const nativeJson = (args) => JSON.parse(native(args).toString('utf8'));
export const nativeValidation = (model, data) => nativeJson(['validate', '--model', model, data, '--format', 'json']);

/** The native scored tables of the bundled examples (computed on first use, once per process). */
const refCache = new Map();
const cachedRef = (model, data) => {
  const key = `${model}\n${data}`;
  if (!refCache.has(key)) refCache.set(key, nativeScored(model, data));
  return refCache.get(key);
};
export const refs = {
  get dear() { return cachedRef('dear.json', 'customers-1000.csv'); },
  get seed() { return cachedRef('seed-points.json', 'customers-1000.csv'); },
  get ja() { return cachedRef('dear-ja.json', 'customers-ja-sjis.csv'); },
};

/** The AUC `kenko validate` prints (its first line, full precision). */
export function nativeAuc(model, data) {
  const first = native(['validate', '--model', model, data]).toString('utf8').split('\n')[0];
  assert.match(first, /^auc /);
  return Number(first.slice(4));
}

/** `kenko summary` text → {mean, median, histogram: [20], alerts: {id: n}, auc}. */
export function nativeSummary(model, data) {
  const text = native(['summary', '--model', model, data]).toString('utf8');
  const lines = text.split('\n');
  const num = (key) => Number(lines.find((l) => l.startsWith(key))?.slice(key.length).trim().split(/\s+/)[0]);
  const section = (title) => {
    const i = lines.indexOf(title);
    const out = [];
    for (let k = i + 1; k < lines.length && lines[k].startsWith('  '); k++) out.push(lines[k].trim());
    return out;
  };
  const histogram = section('score histogram').map((l) => Number(l.split(/\s+/)[1]));
  const alerts = Object.fromEntries(section('alerts').map((l) => { const [id, n] = l.split(/\s+/); return [id, Number(n)]; }));
  return { mean: num('mean'), median: num('median'), auc: num('auc'), histogram, alerts };
}

/** A temporary directory per process (removed at exit); → the path of NAME in it. */
let tmp = null;
export function tmpPath(name) {
  if (!tmp) {
    tmp = tempDir();
    process.on('exit', () => tmp.remove());
  }
  return tmp.path(name);
}

export function writeTemp(name, data) {
  const p = tmpPath(name);
  writeFileSync(p, data);
  return p;
}

/** A model file: dear.json with indicator and dimension weights replaced. */
export function dearWith({ indicators = {}, dimensions = {} }, name) {
  const m = clone(dear);
  for (const x of m.indicators) if (x.id in indicators) x.weight = indicators[x.id];
  for (const x of m.dimensions) if (x.id in dimensions) x.weight = dimensions[x.id];
  return writeTemp(name, JSON.stringify(m));
}

/** C's printf("%.2f") of a double: toFixed rounds the exact binary value, except on exact ties
 *  (x·8 an odd integer), which %.2f rounds to even. */
export function f2(x) {
  if (x == null || Number.isNaN(x)) return '';
  const e = x * 8;
  if (Number.isInteger(e) && Math.abs(e) % 2 === 1) {
    const lo = Math.floor(x * 100);
    return ((lo % 2 === 0 ? lo : lo + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}
export const pct = (share) => `${f2(share * 100)}%`;
export const int = (n) => n.toLocaleString('en-US');
export const auc3 = (x) => (x == null ? 'NA' : x.toFixed(3));
export const weightText = (w) => String(Math.round(w * 100) / 100);

/** A full-precision number from a data-* attribute (an empty or missing attribute fails). */
export function num(attr, what) {
  assert.ok(attr != null && attr !== '', `${what}: no value (${JSON.stringify(attr)})`);
  return Number(attr);
}

/** Native counts filled out with zeros for every segment id the page lists. */
export function expectCounts(nativeCounts, pageCounts) {
  const out = {};
  for (const k of Object.keys(pageCounts)) out[k] = nativeCounts[k] ?? 0;
  for (const [k, v] of Object.entries(nativeCounts)) out[k] = v;
  return out;
}

/** Customer-table rows (visibleRows) against the native scored table: id, score, segment. */
export function assertRowsEqualNative(rows, ref, what) {
  assert.ok(rows.length > 0, `${what}: no customer rows in sight`);
  for (const r of rows) {
    const n = ref.records[r.row];
    assert.ok(n, `${what}: row ${r.row} is not in the native output`);
    assert.equal(r.id, n[ref.idColumn], `${what}: id of row ${r.row}`);
    assert.equal(r.score === '—' ? '' : r.score, n.score, `${what}: score of ${r.id}`);
    assert.equal(r.segment, n.segment, `${what}: segment of ${r.id}`);
  }
}

// ---- helpers bound to one page -------------------------------------------------------------

/** Pixels of a canvas that are not blank (transparent or white). */
function inkOf(canvasLocator) {
  return canvasLocator.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) n++;
    return n;
  });
}

/** The test helpers working on PAGE: its state, test ids, screenshots, uploads, sliders, ... */
export function pageHelpers(page) {
  const tid = (id, p = page) => byTestId(p, id);
  const state = () => pageState(page);

  /** A screenshot into tests/out/browser/NAME.png (scrolled to the top unless top: false). */
  async function shot(name, p = page, { top = true } = {}) {
    if (!p || p.isClosed()) return;
    if (top) await p.evaluate(() => window.scrollTo(0, 0));
    await p.screenshot({ path: join(ensureDir(outDir), `${name}.png`), fullPage: false });
  }

  /** Segment counts the page shows, from the summary cards (data-count), by segment id. */
  function cardCounts(p = page) {
    return p.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="segment-count-"]')]
      .map((el) => [el.dataset.segment, Number(el.dataset.count)])));
  }

  /** state().rows/counts and the segment cards against a native scored table; → state(). */
  async function assertCountsEqualNative(ref, what) {
    const s = await state();
    assert.equal(s.rows, ref.rows.length, `${what}: rows`);
    assert.deepEqual(s.counts, expectCounts(ref.counts, s.counts), `${what}: kenkoPage.state().counts`);
    const cards = await cardCounts();
    for (const [id, n] of Object.entries(cards)) assert.equal(n, ref.counts[id] ?? 0, `${what}: the card of segment ${id}`);
    for (const [id, n] of Object.entries(ref.counts)) if (n) assert.equal(cards[id], n, `${what}: the card of segment ${id} (shown?)`);
    return s;
  }

  /** The customer-table rows in sight: [{row, id, score, segment, label}]. */
  function visibleRows(p = page) {
    return p.evaluate(() => [...document.querySelectorAll('[data-testid="customer-table-row"]')].filter((r) => !r.hidden).map((r) => ({
      row: Number(r.dataset.row),
      id: r.querySelector('[data-testid="customer-table-cell-id"]')?.textContent ?? null,
      label: r.querySelector('[data-testid="customer-table-cell-label"]')?.textContent ?? null,
      score: r.querySelector('[data-testid="customer-table-cell-score"]')?.textContent ?? null,
      segment: r.querySelector('[data-testid="customer-table-cell-segment"]')?.dataset.segment ?? null,
    })));
  }

  /** Searches the customer table for an id and checks the row found against the native output. */
  async function checkCustomerBySearch(id, ref, what) {
    await tid('table-search').fill(id);
    await page.waitForFunction((x) => {
      const rows = [...document.querySelectorAll('[data-testid="customer-table-row"]')].filter((r) => !r.hidden);
      return rows.length >= 1 && rows.every((r) => r.querySelector('[data-testid="customer-table-cell-id"]')?.textContent.includes(x));
    }, id, { timeout: 5000 });
    const rows = (await visibleRows()).filter((r) => r.id === id);
    assert.equal(rows.length, 1, `${what}: customer ${id} found once`);
    assertRowsEqualNative(rows, ref, `${what} (search ${id})`);
  }

  async function clearSearch() {
    await tid('table-search').fill('');
    await page.waitForFunction(() => document.querySelector('#customers')?.dataset.rows === String(window.kenkoPage.state().rows), null, { timeout: 5000 });
  }

  /** Sets a file on a file input and waits until the page has settled. */
  async function upload(testid, file) {
    await tid(testid).setInputFiles(file);
    await waitIdle(page);
  }

  async function gotoTab(name) {
    await tid(`tab-${name}`).click();
  }

  /** A model file through the model editor's load control, then Apply; → whether it applied. */
  async function loadModel(file) {
    await gotoTab('model');
    await tid('model-file-input').setInputFiles(file);
    await page.waitForFunction(() => /\S/.test(document.querySelector('[data-testid="model-status"]')?.textContent ?? ''), null, { timeout: 5000 });
    await tid('model-apply').click();
    await waitIdle(page);
    const ok = (await state()).error == null;
    await gotoTab('results');
    return ok;
  }

  /** Drags a what-if slider to value: sets the range input and fires `input` as a drag does. */
  async function slide(testid, value) {
    const v = await tid(testid).evaluate((el, x) => {
      el.focus();
      el.value = String(x);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      el.blur();
      return Number(el.value);
    }, value);
    assert.equal(v, value, `slider ${testid} took the value ${value} (step?)`);
    await waitIdle(page);
  }

  async function errorText() {
    const banner = tid('error-banner');
    await banner.waitFor({ state: 'visible', timeout: 10000 });
    return (await banner.innerText()).trim();
  }

  async function dismissError() {
    if (await tid('error-banner').isVisible()) await tid('error-dismiss').click();
  }

  /** A plot (canvas or svg in TESTID) of a sensible size with something drawn. */
  async function checkPlot(testid, what) {
    const box = tid(testid);
    await box.scrollIntoViewIfNeeded();
    const size = await box.evaluate((el) => {
      const c = el.querySelector('canvas, svg');
      const r = c?.getBoundingClientRect();
      return c ? { tag: c.tagName, w: r.width, h: r.height } : null;
    });
    assert.ok(size, `${what}: no canvas or svg in ${testid}`);
    assert.ok(size.w >= 200 && size.h >= 120, `${what}: ${testid} is ${size.w}×${size.h}`);
    if (size.tag === 'CANVAS') {
      const ink = await inkOf(box.locator('canvas').first());
      assert.ok(ink > 500, `${what}: ${testid} looks blank (${ink} drawn pixels)`);
    }
  }

  /** The bundled English example (example-en) again: dear.json on customers-1000.csv = native. */
  async function backToDear() {
    await tid('example-en').click();
    await waitIdle(page);
    await page.waitForFunction((name) => window.kenkoPage.state().model === name && window.kenkoPage.state().rows === 1000, dear.name, { timeout: 10000 });
    await waitIdle(page);
    await assertCountsEqualNative(refs.dear, 'example (en) again');
  }

  return {
    page, tid, state, shot, cardCounts, assertCountsEqualNative, visibleRows, checkCustomerBySearch, clearSearch,
    upload, gotoTab, loadModel, slide, errorText, dismissError, checkPlot, backToDear,
  };
}

// ---- one server and one browser per test file; a context and page per test ------------------

export const bypassCsp = process.env.KENKO_BYPASS_CSP === '1';
const headed = process.env.KENKO_HEADED === '1';

let suite = null; // Promise of {server, browser}, started by the first test that runs
let suiteHooked = false;
let pageUnusable = null; // set when the page never became ready: the file's other tests fail at once

function startSuite() {
  if (!suite) {
    suite = (async () => {
      for (const f of [kenkoBin, join(site, 'index.html'), join(site, 'kenko-api.mjs')]) {
        if (!existsSync(f)) throw new Error(`${f} is missing: run scripts/build, then scripts/build-site`);
      }
      const server = await startServer();
      try {
        return { server, browser: await launch(headed ? { headless: false } : {}) };
      } catch (e) {
        await server.stop();
        throw e;
      }
    })();
  }
  return suite;
}

function hookSuite() {
  if (suiteHooked) return;
  suiteHooked = true;
  after(async () => {
    if (!suite) return;
    const s = await suite.catch(() => null);
    if (!s) return;
    await s.browser.close().catch(() => {});
    await s.server.stop();
  });
}

/** What the contexts of one test saw: requests, HTML document responses, console problems, CSP reports. */
export function recorder(label) {
  const rec = { requests: [], documentResponses: [], consoleProblems: [], cspViolations: [], pending: [] };
  rec.watchContext = async (context) => {
    context.on('request', (r) => rec.requests.push(r.url()));
    context.on('response', (r) => {
      if (r.request().resourceType() === 'document') {
        rec.pending.push(r.allHeaders().then((headers) => rec.documentResponses.push({ url: r.url(), headers }), () => {}));
      }
    });
    await context.exposeBinding('__kenkoCspReport', ({ page }, v) => { rec.cspViolations.push(`${page?.url() ?? '?'}: ${v}`); });
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        const v = `${e.violatedDirective} ${e.blockedURI}`;
        window.__csp.push(v);
        window.__kenkoCspReport?.(v);
      });
    });
  };
  rec.watchPage = (page, tag = label) => {
    page.on('console', (m) => {
      if (m.type() === 'error' || (m.type() === 'warning' && /Content.Security.Policy|i18n/i.test(m.text()))) rec.consoleProblems.push(`${tag} console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => rec.consoleProblems.push(`${tag} pageerror: ${e.message}`));
    page.on('response', (r) => { if (r.status() >= 400) rec.consoleProblems.push(`${tag} HTTP ${r.status()}: ${r.url()}`); });
    page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') rec.consoleProblems.push(`${tag} worker console.error: ${m.text()}`); }));
  };
  /** Requests to hosts other than ORIGIN's (data: and blob: URLs aside). */
  rec.outside = (origin) => {
    const host = new URL(origin).host;
    return rec.requests.filter((u) => {
      if (/^(data|blob):/.test(u)) return false;
      try { return new URL(u).host !== host; } catch { return true; }
    });
  };
  /** The checks every browser test ends with. */
  rec.check = async (origin) => {
    await Promise.all(rec.pending);
    assert.deepEqual(rec.outside(origin), [], 'requests to other hosts');
    for (const d of rec.documentResponses) assert.ok(d.headers['content-security-policy'], `CSP on ${d.url}`);
    assert.deepEqual(rec.cspViolations, [], 'securitypolicyviolation events');
    assert.deepEqual(rec.consoleProblems, [], 'console errors, page errors, HTTP errors, CSP reports');
  };
  return rec;
}

const slug = (name) => name.replace(/[^\w]+/g, '-').slice(0, 60);

// The pageTests of this file in definition order (node:test runs them in that order, one at a
// time), and the fresh pages made ready ahead: the first one as soon as the first test is
// defined, and while test i runs, test i+1's context and page are created and loaded
// (KENKO_PRELOAD=0: only when the test starts). Nothing is shared but
// the browser process: each test still has a context of its own, used by no other test.
const registered = [];
const prepared = new Map(); // index → Promise of a slot
const preload = process.env.KENKO_PRELOAD !== '0';

/** A fresh context and page for the test at INDEX, recorded, at the site's address and ready. */
function prepareSlot(index) {
  const { locale } = registered[index];
  const promise = (async () => {
    const { server, browser } = await startSuite();
    if (pageUnusable) throw new Error(`skipped: the page never became ready (${pageUnusable})`);
    const rec = recorder(locale);
    const slot = { server, rec, contexts: [], page: null, response: null };
    slot.newContext = async (opts = {}) => {
      const context = await browser.newContext({
        bypassCSP: bypassCsp, acceptDownloads: true, viewport: { width: 1400, height: 1000 }, locale: 'en-US', ...opts,
      });
      slot.contexts.push(context);
      await rec.watchContext(context);
      return context;
    };
    slot.newPage = async (context, tag = context === slot.contexts[0] ? locale : 'other') => {
      const p = await context.newPage();
      p.setDefaultTimeout(15000);
      rec.watchPage(p, tag);
      return p;
    };
    slot.close = async () => { for (const c of slot.contexts) await c.close().catch(() => {}); };
    try {
      slot.page = await slot.newPage(await slot.newContext({ locale }), locale);
      slot.response = await slot.page.goto(server.url);
      try {
        await waitReady(slot.page, 20000);
      } catch (e) {
        pageUnusable = e.message.split('\n')[0];
        throw e;
      }
    } catch (e) {
      e.slot = slot;
      throw e;
    }
    return slot;
  })();
  promise.catch(() => {});
  return promise;
}

function takeSlot(index) {
  const p = prepared.get(index) ?? prepareSlot(index);
  prepared.delete(index);
  return p;
}

function hookPrepared() {
  after(async () => {
    for (const p of prepared.values()) await p.then((slot) => slot.close(), (e) => e.slot?.close());
    prepared.clear();
  });
}

/**
 * A node:test test on a fresh browser context and page: the page at the site's address and
 * ready (the first example scored), then fn({...pageHelpers(page), server, response, rec,
 * newContext(options), newPage(context, tag)}), then the recording's checks (rec.check).
 * Contexts made with newContext are recorded the same way and closed after the test.
 * options: {locale = 'en-US', timeout = 180000 ms, ...node:test options}.
 */
export function pageTest(name, fn, { locale = 'en-US', timeout = 180000, ...options } = {}) {
  if (!suiteHooked) hookPrepared();
  hookSuite();
  const index = registered.push({ name, locale }) - 1;
  // The file's first page is made ready while the test runner gets going.
  if (preload && index === 0) prepared.set(0, prepareSlot(0));
  test(name, { timeout, ...options }, async () => {
    const failShot = `FAILED-${slug(name)}`;
    rmSync(join(outDir, `${failShot}.png`), { force: true });
    let slot = null;
    try {
      try {
        slot = await takeSlot(index);
      } finally {
        if (preload && index + 1 < registered.length && !pageUnusable) prepared.set(index + 1, prepareSlot(index + 1));
      }
      const { server, response, rec, newContext, newPage, page } = slot;
      await fn({ ...pageHelpers(page), server, response, rec, newContext, newPage });
      await rec.check(server.origin);
    } catch (e) {
      slot ??= e.slot ?? null;
      if (slot?.page) await pageHelpers(slot.page).shot(failShot).catch(() => {});
      throw e;
    } finally {
      await slot?.close();
    }
  });
}
