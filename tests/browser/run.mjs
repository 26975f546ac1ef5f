// Browser tests of kenko's page (web/, assembled into build-wasm/site) in headless Debian
// Chromium through playwright-core: the page's results equal the native `kenko` program's for
// the same model and table (first example, uploads, Shift_JIS, what-if changes, paste, export),
// nothing leaves localhost and the CSP holds, bad files give readable errors and keep the
// previous results, the Japanese UI; the analysis views against the native program too (the
// Validate tab and the live what-if AUC = `kenko validate`, weight fitting = `kenko fit`, trends =
// `kenko score --previous`, the improvement in the detail panel = `kenko explain`, learnt thresholds
// = `kenko learn-bands`), workshop mode and the printed report (also as
// tests/out/browser/report.pdf). Screenshots go to tests/out/browser/*.png.
//
//   node tests/browser/run.mjs [--no-build-site] [--headed] [--only SUBSTRING]
//
// Exit status 0 only when every test passes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  root, examples, buildSite, startServer, launch, native, nativeScored, scoredTable, parseCsv,
  tempDir, ensureDir, waitReady, waitIdle, pageState, byTestId,
} from './harness.mjs';

const args = process.argv.slice(2);
// Diagnostic only: lets the page run while its engine cannot start under its own CSP; the run
// then always fails (the CSP is part of what is tested).
const bypassCsp = args.includes('--bypass-csp');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const outDir = ensureDir(join(root, 'tests', 'out', 'browser'));
for (const f of readdirSync(outDir)) if (f.startsWith('FAILED-')) rmSync(join(outDir, f));
const tmp = tempDir();
const started = Date.now();

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
let pageUnusable = null; // set when the page never became ready: the rest fail at once
async function test(name, fn) {
  if (only && !name.includes(only) && !name.startsWith('1.')) { skipped++; return; }
  const t0 = Date.now();
  try {
    if (pageUnusable && !name.startsWith('4.')) throw new Error(`skipped: the page never became ready (${pageUnusable})`);
    await fn();
    passed++;
    console.log(`ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`FAIL  ${name}\n      ${String(e.stack || e).split('\n').slice(0, 6).join('\n      ')}`);
    await shot(`FAILED-${name.replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => {});
  }
}

if (!args.includes('--no-build-site')) buildSite();
const server = await startServer();
const browser = await launch(args.includes('--headed') ? { headless: false } : {});

// ---- what every page of the run records ------------------------------------------------------
const requests = []; // every URL any page or worker asked for
const consoleProblems = []; // console errors/warnings, page errors, CSP violations
const documentResponses = []; // {url, headers} of HTML documents

async function newContext(options = {}) {
  const context = await browser.newContext({ bypassCSP: bypassCsp, acceptDownloads: true, viewport: { width: 1400, height: 1000 }, locale: 'en-US', ...options });
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', async (r) => {
    if (r.request().resourceType() === 'document') documentResponses.push({ url: r.url(), headers: await r.allHeaders() });
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return context;
}

function watch(page, label) {
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && /Content.Security.Policy|i18n/i.test(m.text()))) consoleProblems.push(`${label} console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleProblems.push(`${label} pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) consoleProblems.push(`${label} HTTP ${r.status()}: ${r.url()}`); });
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') consoleProblems.push(`${label} worker console.error: ${m.text()}`); }));
}

let page; // the main page, kept from test to test
async function shot(name, p = page, { top = true } = {}) {
  if (!p || p.isClosed()) return;
  if (top) await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: join(outDir, `${name}.png`), fullPage: false });
}

const state = () => pageState(page);
const tid = (id, p = page) => byTestId(p, id);

/** Segment counts the page shows, from the summary cards (data-count), by segment id. */
async function cardCounts(p = page) {
  return p.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="segment-count-"]')]
    .map((el) => [el.dataset.segment, Number(el.dataset.count)])));
}

/** Native counts filled out with zeros for every segment id the page lists. */
function expectCounts(nativeCounts, pageCounts) {
  const out = {};
  for (const k of Object.keys(pageCounts)) out[k] = nativeCounts[k] ?? 0;
  for (const [k, v] of Object.entries(nativeCounts)) out[k] = v;
  return out;
}

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
async function visibleRows(p = page) {
  return p.evaluate(() => [...document.querySelectorAll('[data-testid="customer-table-row"]')].filter((r) => !r.hidden).map((r) => ({
    row: Number(r.dataset.row),
    id: r.querySelector('[data-testid="customer-table-cell-id"]')?.textContent ?? null,
    label: r.querySelector('[data-testid="customer-table-cell-label"]')?.textContent ?? null,
    score: r.querySelector('[data-testid="customer-table-cell-score"]')?.textContent ?? null,
    segment: r.querySelector('[data-testid="customer-table-cell-segment"]')?.dataset.segment ?? null,
  })));
}

function assertRowsEqualNative(rows, ref, what) {
  assert.ok(rows.length > 0, `${what}: no customer rows in sight`);
  for (const r of rows) {
    const n = ref.records[r.row];
    assert.ok(n, `${what}: row ${r.row} is not in the native output`);
    assert.equal(r.id, n[ref.idColumn], `${what}: id of row ${r.row}`);
    assert.equal(r.score === '—' ? '' : r.score, n.score, `${what}: score of ${r.id}`);
    assert.equal(r.segment, n.segment, `${what}: segment of ${r.id}`);
  }
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

function writeTemp(name, data) {
  const p = tmp.path(name);
  writeFileSync(p, data);
  return p;
}

const ex = (name) => join(examples, name);

/** The AUC `kenko validate` prints (its first line, full precision). */
function nativeAuc(model, data) {
  const first = native(['validate', '--model', model, data]).toString('utf8').split('\n')[0];
  assert.match(first, /^auc /);
  return Number(first.slice(4));
}

/** `kenko summary` text → {mean, median, histogram: [20], alerts: {id: n}, auc}. */
function nativeSummary(model, data) {
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
const dear = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
const refDear = nativeScored('dear.json', 'customers-1000.csv');
const refSeed = nativeScored('seed-points.json', 'customers-1000.csv');
const refJa = nativeScored('dear-ja.json', 'customers-ja-sjis.csv');

// ---- the tests -------------------------------------------------------------------------------
const context = await newContext();
page = await context.newPage();
page.setDefaultTimeout(15000);
watch(page, 'en');
let mainResponse = null;

await test('1. first example: dear.json + customers-1000.csv equal the native program', async () => {
  mainResponse = await page.goto(server.url);
  try {
    await waitReady(page, 20000);
  } catch (e) {
    pageUnusable = e.message.split('\n')[0];
    throw e;
  }
  const s = await assertCountsEqualNative(refDear, 'first example');
  assert.equal(s.file, 'customers-1000.csv');
  assert.equal(s.model, dear.name);
  assert.match(await tid('row-count').innerText(), /1,000/);
  await shot('01-first-load');
  assertRowsEqualNative(await visibleRows(), refDear, 'rows in sight');
  // Totals, histogram and alert counts against `kenko summary`.
  const sum = nativeSummary('dear.json', 'customers-1000.csv');
  const dd = async (id) => (await page.locator(`[data-testid="total-${id}"] dd`).innerText()).trim();
  assert.equal(await dd('mean'), sum.mean.toFixed(2), 'mean score');
  assert.equal(await dd('median'), sum.median.toFixed(2), 'median score');
  assert.equal(await dd('auc'), sum.auc.toFixed(3), 'AUC');
  assert.equal(await dd('customers'), '1,000');
  assert.equal((await state()).auc, nativeAuc('dear.json', 'customers-1000.csv'), 'kenkoPage.state().auc = kenko validate');
  assert.equal(sum.histogram.length, 20);
  assert.deepEqual((await tid('histogram').getAttribute('data-bins')).split(',').map(Number), sum.histogram, 'histogram bins');
  for (const [id, n] of Object.entries(sum.alerts)) {
    assert.equal(Number((await page.locator(`[data-testid="alert-count-${id}"] strong`).innerText()).replace(/\D/g, '')), n, `alert ${id}`);
  }
  // Sorted by score: the lowest scores first, each row as the native program scored it.
  const scores = refDear.records.map((r) => r.score).sort((a, b) => Number(a) - Number(b));
  const firstScoreIs = (want) => page.waitForFunction((w) => {
    const r = [...document.querySelectorAll('[data-testid="customer-table-row"]')].find((x) => !x.hidden && x.getAttribute('aria-rowindex') === '2');
    return r?.querySelector('[data-testid="customer-table-cell-score"]')?.textContent === w;
  }, want, { timeout: 5000 });
  await tid('customer-table-sort-score').click();
  await firstScoreIs(scores[0]);
  const sorted = (await visibleRows()).slice(0, 10);
  assertRowsEqualNative(sorted, refDear, 'sorted by score');
  assert.deepEqual(sorted.map((r) => r.score), scores.slice(0, sorted.length), 'the lowest scores, ascending');
  await tid('customer-table-sort-score').click(); // descending
  await firstScoreIs(scores[scores.length - 1]);
  const top = (await visibleRows()).slice(0, 10);
  assertRowsEqualNative(top, refDear, 'sorted by score, descending');
  assert.deepEqual(top.map((r) => r.score), scores.slice(-top.length).reverse(), 'the highest scores, descending');
  for (const id of ['C000007', 'C000333', 'C000500', 'C000871', 'C001000']) await checkCustomerBySearch(id, refDear, 'first example');
  // The detail panel of one customer: its score and segment are the native ones.
  const row = (await visibleRows())[0];
  await page.locator('[data-testid="customer-table-row"]:not([hidden])').first().click();
  await tid('detail-panel').waitFor({ state: 'visible' });
  await page.waitForFunction((id) => document.querySelector('[data-testid="detail-id"]')?.textContent === id, row.id, { timeout: 5000 });
  assert.equal(await tid('detail-score').innerText(), refDear.byId.get(row.id).score, 'detail panel score');
  assert.equal(await tid('detail-segment').getAttribute('data-segment'), refDear.byId.get(row.id).segment, 'detail panel segment');
  assert.equal(await tid('detail-coverage').innerText(), refDear.byId.get(row.id).coverage, 'detail panel coverage');
  // Each indicator's sub-score (4th cell: value, points, sub-score, share, contribution).
  for (const ind of dear.indicators) {
    const cells = await page.locator(`[data-testid="detail-indicator-${ind.id}"] td`).allInnerTexts();
    const want = refDear.byId.get(row.id)[`ind.${ind.id}`];
    assert.equal(cells[2] === '—' ? '' : cells[2], want, `detail panel: sub-score of ${ind.id}`);
  }
  await shot('02-detail-panel');
  await page.keyboard.press('Escape');
  await tid('detail-panel').waitFor({ state: 'hidden', timeout: 5000 });
  await clearSearch();
});

await test('2a. upload: seed-points.json + customers-1000.csv equal the native program', async () => {
  assert.ok(await loadModel(ex('seed-points.json')), `the model was refused: ${JSON.stringify((await state()).error)}`);
  await upload('file-input', ex('customers-1000.csv'));
  const s = await assertCountsEqualNative(refSeed, 'seed-points');
  assert.equal(s.model, JSON.parse(readFileSync(ex('seed-points.json'), 'utf8')).name);
  assertRowsEqualNative(await visibleRows(), refSeed, 'seed-points rows in sight');
  await checkCustomerBySearch('C000640', refSeed, 'seed-points');
  await clearSearch();
});

await test('2b. upload: dear-ja.json (model load control) + customers-ja-sjis.csv (file input) equal the native program', async () => {
  // A model whose columns the table in force lacks, and a table whose columns the model in
  // force lacks: whichever comes first, the page must end with both applied and scored.
  const jaName = JSON.parse(readFileSync(ex('dear-ja.json'), 'utf8')).name;
  const applied = await loadModel(ex('dear-ja.json'));
  const afterModel = (await state()).error;
  await dismissError();
  await upload('file-input', ex('customers-ja-sjis.csv'));
  let s = await state();
  const afterTable = s.error;
  if (s.model !== jaName || s.error) {
    // The other order: the table first (done just above), then the model.
    await dismissError();
    await loadModel(ex('dear-ja.json'));
    s = await state();
  }
  assert.ok(s.model === jaName && s.file === 'customers-ja-sjis.csv' && !s.error,
    'neither order scores a model and a table that fit each other but not the ones in force: '
    + `model first → ${afterModel ? afterModel.message : 'applied'}${applied ? '' : ' (kept the previous model)'}; `
    + `then table → ${afterTable ? afterTable.message : 'read'}; then model again → ${s.error ? s.error.message : 'applied'}`);
  await checkJapanese(s);
});

// The Shift_JIS table through the file input once dear-ja.json is in force (the bundled
// Japanese example puts it there).
await test('2c. upload: customers-ja-sjis.csv through the file input with dear-ja.json in force (after the Japanese example)', async () => {
  await dismissError();
  await tid('example-ja').click();
  await waitIdle(page);
  const jaName = JSON.parse(readFileSync(ex('dear-ja.json'), 'utf8')).name;
  await page.waitForFunction((name) => window.kenkoPage.state().model === name, jaName, { timeout: 10000 });
  await assertCountsEqualNative(refJa, 'Japanese example');
  await upload('file-input', ex('customers-ja-sjis.csv'));
  const s = await state();
  assert.equal(s.error, null, `error: ${JSON.stringify(s.error)}`);
  assert.equal(s.file, 'customers-ja-sjis.csv');
  await checkJapanese(s);
  await shot('03-shift-jis');
});

async function checkJapanese(s) {
  await assertCountsEqualNative(refJa, 'dear-ja + Shift_JIS');
  assert.equal(s.encoding, 'shift_jis', 'kenkoPage.state().encoding');
  assert.equal(await tid('encoding-detected').getAttribute('data-encoding'), 'shift_jis');
  assert.match(await tid('encoding-detected').innerText(), /Shift_JIS|シフトJIS|Shift-JIS/i, 'the detected encoding shown');
  const labels = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="segment-count-"] .seg-label')].map((e) => e.textContent));
  assert.ok(labels.some((l) => l.includes('要注意')), `Japanese segment labels render: ${labels.join(' | ')}`);
  const rows = await visibleRows();
  assertRowsEqualNative(rows, refJa, 'Japanese rows in sight');
  const names = rows.map((r) => r.label).join('');
  assert.match(names, /[\u3040-\u30ff\u4e00-\u9fff]/, `Japanese customer names render: ${names.slice(0, 80)}`);
  await checkCustomerBySearch(refJa.records[700][refJa.idColumn], refJa, 'Japanese');
  await clearSearch();
}

// Back to the first example for what follows.
async function backToDear() {
  await tid('example-en').click();
  await waitIdle(page);
  await page.waitForFunction((name) => window.kenkoPage.state().model === name && window.kenkoPage.state().rows === 1000, dear.name, { timeout: 10000 });
  await waitIdle(page);
  await assertCountsEqualNative(refDear, 'example (en) again');
}

await test('3. what-if: indicator weight, dimension weight, threshold equal the native program on the changed model; matrix; reset', async () => {
  await backToDear();
  const base = (await state()).counts;
  await slide('slider-indicator-logins', 6);
  await slide('slider-dimension-engagement', 6.5);
  await assert.doesNotReject(tid('slider-segment-min-green').waitFor({ timeout: 2000 }), 'slider for the green threshold');
  const linked = await tid('whatif-link-thresholds').isChecked();
  await slide('slider-segment-min-green', 65);
  // The same changes written into the model JSON.
  const m = JSON.parse(JSON.stringify(dear));
  m.indicators.find((x) => x.id === 'logins').weight = 6;
  m.dimensions.find((x) => x.id === 'engagement').weight = 6.5;
  for (const seg of m.segments) {
    if (seg.id === 'green' || (linked && seg.min === 70)) seg.min = 65;
    if (linked && seg.max === 70) seg.max = 65;
  }
  const file = writeTemp('dear-whatif.json', JSON.stringify(m));
  const ref = nativeScored(file, 'customers-1000.csv');
  const s = await assertCountsEqualNative(ref, 'what-if');
  assert.deepEqual(s.whatIf.indicators, { logins: 6 });
  assert.deepEqual(s.whatIf.dimensions, { engagement: 6.5 });
  // The live AUC of the changed scores, as `kenko validate` gives it on the changed model.
  const auc = nativeAuc(file, 'customers-1000.csv');
  assert.equal(s.auc, auc, 'kenkoPage.state().auc after the what-if');
  assert.equal(Number(await tid('whatif-auc').getAttribute('data-auc')), auc, 'the live AUC in the what-if panel');
  assertRowsEqualNative(await visibleRows(), ref, 'what-if rows in sight');
  await checkCustomerBySearch('C000042', ref, 'what-if');
  await clearSearch();
  // The from → to matrix: rows add up to the baseline counts, columns to the new ones.
  const cells = await page.evaluate(() => [...document.querySelectorAll('[data-testid="moves-matrix"] [data-testid^="move-"]')]
    .map((el) => ({ t: el.dataset.testid, n: Number(el.dataset.count ?? el.closest('td')?.dataset.count ?? el.textContent.replace(/\D/g, '')) })));
  assert.ok(cells.length > 0, 'matrix cells');
  const ids = Object.keys(s.counts);
  const from = {}, to = {};
  let moved = 0;
  for (const c of cells) {
    // move-<from>-<to>: segment ids hold '-', so match against the known ids.
    const rest = c.t.slice('move-'.length);
    const f = ids.filter((id) => rest.startsWith(`${id}-`) && ids.includes(rest.slice(id.length + 1)));
    assert.equal(f.length, 1, `matrix cell ${c.t} names one pair`);
    const a = f[0], b = rest.slice(a.length + 1);
    from[a] = (from[a] ?? 0) + c.n;
    to[b] = (to[b] ?? 0) + c.n;
    if (a !== b) moved += c.n;
  }
  for (const id of ids) {
    assert.equal(from[id] ?? 0, base[id], `matrix row ${id} = baseline count`);
    assert.equal(to[id] ?? 0, s.counts[id], `matrix column ${id} = new count`);
  }
  assert.equal(moved, s.moved, 'customers moved (off-diagonal) = state().moved');
  assert.equal(Number(await tid('moves-total').getAttribute('data-moved')), moved, 'moves-total');
  assert.ok(moved > 0, 'someone moved');
  // The model export carries the same changes.
  const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-model').click()]);
  const exported = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.deepEqual(exported, m, 'exported model = the model changed the same way');
  await shot('04-after-whatif');
  await tid('whatif-reset').click();
  await waitIdle(page);
  await assertCountsEqualNative(refDear, 'after reset');
  const r = await state();
  assert.deepEqual(r.whatIf, { indicators: {}, dimensions: {}, bounds: {} });
  assert.equal(r.moved, 0);
});

await test('5a. malformed: unterminated quote → error with row/column, previous results kept', async () => {
  const before = await state();
  const lines = readFileSync(ex('customers-1000.csv'), 'utf8').split('\n').slice(0, 21);
  lines.push('C009999,"Broken Co,Starter,4170,12,7,0.48,10,25.4,0,421,406,3,1,0,no,2,yes,7,3,2,56,1,42.8,3,no,29,0\n');
  await upload('file-input', writeTemp('unterminated.csv', lines.join('\n')));
  const msg = await errorText();
  assert.match(msg, /row 22/i, `the message names the row: ${msg}`);
  assert.match(msg, /column 2/i, `the message names the column: ${msg}`);
  assert.match(msg, /quote/i, msg);
  await shot('05-error-unterminated');
  const after = await state();
  assert.deepEqual(after.counts, before.counts, 'counts kept');
  assert.equal(after.rows, before.rows);
  assert.equal(after.file, before.file);
  await dismissError();
});

await test('5b. malformed: binary blob → readable error, previous results kept', async () => {
  const before = await state();
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 0);
  await upload('file-input', writeTemp('blob.csv', bytes));
  const msg = await errorText();
  assert.match(msg, /UTF-8|binary|NUL|encoding|text/i, `readable: ${msg}`);
  const after = await state();
  assert.deepEqual(after.counts, before.counts, 'counts kept');
  assert.equal(after.rows, before.rows);
  await dismissError();
});

await test('5c. malformed: a model column missing → names it, offers the mapping; mapped it scores', async () => {
  const before = await state();
  const text = readFileSync(ex('customers-1000.csv'), 'utf8').replace(/^(.*?)logins_per_day/, '$1daily_logins');
  await upload('file-input', writeTemp('renamed.csv', text));
  const msg = await errorText();
  assert.match(msg, /logins_per_day/, `the message names the column: ${msg}`);
  assert.deepEqual((await state()).counts, before.counts, 'counts kept');
  const select = tid('mapping-select-logins_per_day');
  await select.waitFor({ state: 'visible', timeout: 5000 });
  await shot('06-missing-column-mapping');
  await select.selectOption('daily_logins');
  await tid('mapping-apply').click();
  await waitIdle(page);
  const s = await assertCountsEqualNative(refDear, 'mapped column');
  assert.equal(s.error, null);
  assert.equal(s.file, 'renamed.csv');
  assert.ok(!(await tid('error-banner').isVisible()), 'the error banner is gone');
  // And a good file loads afterwards.
  await upload('file-input', ex('customers-1000.csv'));
  await assertCountsEqualNative(refDear, 'good file after errors');
});

await test('7. export: scored CSV = native output + BOM + label column', async () => {
  const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-csv').click()]);
  const bytes = readFileSync(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const got = parseCsv(bytes.toString('utf8'));
  const want = parseCsv(native(['score', '--model', 'dear.json', 'customers-1000.csv']).toString('utf8'));
  assert.equal(got[0][0], want[0][0]);
  assert.equal(got[0][1], dear.label_column, 'the label column follows the id');
  assert.equal(got.length, want.length, 'rows');
  const source = parseCsv(readFileSync(ex('customers-1000.csv'), 'utf8'));
  const nameAt = source[0].indexOf(dear.label_column);
  for (let r = 0; r < want.length; r++) {
    const row = got[r].slice();
    const label = row.splice(1, 1)[0];
    assert.deepEqual(row, want[r], `row ${r + 1} without the label = native`);
    if (r > 0) assert.equal(label, source[r][nameAt], `label of row ${r + 1}`);
  }
  // Byte for byte: the export without BOM and label column is the native output.
  const nativeBytes = native(['score', '--model', 'dear.json', 'customers-1000.csv']).toString('utf8');
  const lineEnd = nativeBytes.includes('\r\n') ? '\r\n' : '\n';
  assert.ok(bytes.toString('utf8').includes(lineEnd), 'same line ends as native');
});

await test('8a. paste: tab-separated text scores as the native program scores the same TSV', async () => {
  const src = parseCsv(readFileSync(ex('customers-1000.csv'), 'utf8')).slice(0, 51);
  const tsv = `${src.map((r) => r.join('\t')).join('\n')}\n`;
  const file = writeTemp('pasted.tsv', tsv);
  const ref = nativeScored('dear.json', file);
  // A paste event with tab-separated lines scores at once (no button).
  await tid('paste-area').fill(tsv);
  await tid('paste-area').dispatchEvent('paste');
  await page.waitForFunction(() => window.kenkoPage.state().rows === 50, null, { timeout: 10000 });
  await waitIdle(page);
  assert.match((await state()).file ?? '', /Paste|貼り付け/i, 'the pasted table is named');
  await assertCountsEqualNative(ref, 'pasted');
  assertRowsEqualNative(await visibleRows(), ref, 'pasted rows');
  // The button does the same with text typed or edited in the box.
  const fewer = `${src.slice(0, 21).map((r) => r.join('\t')).join('\n')}\n`;
  await tid('paste-area').fill(fewer);
  await tid('paste-load').click();
  await page.waitForFunction(() => window.kenkoPage.state().rows === 20, null, { timeout: 10000 });
  await waitIdle(page);
  await assertCountsEqualNative(nativeScored('dear.json', writeTemp('pasted20.tsv', fewer)), 'pasted with the button');
  await tid('paste-area').fill('');
  await upload('file-input', ex('customers-1000.csv'));
  await assertCountsEqualNative(refDear, 'back to the file');
});

await test('8b. model editor: a bad weight is shown at its field; the results stay', async () => {
  const before = await state();
  await gotoTab('model');
  const field = page.locator('[data-testid="model-form"] input[data-path="indicators[0].weight"]');
  await field.evaluate((el) => el.closest('details')?.setAttribute('open', ''));
  await field.fill('-1');
  await field.press('Tab');
  await tid('model-apply').click();
  await waitIdle(page);
  const err = page.locator('[data-testid="field-error"][data-path="indicators[0].weight"], [data-testid="field-error"][data-error-path="indicators[0].weight"]');
  await err.waitFor({ state: 'visible', timeout: 5000 });
  const text = await err.innerText();
  assert.ok(text.length > 5, `the message at the field: ${text}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.scrollIntoViewIfNeeded();
  await shot('07-model-field-error', page, { top: false });
  assert.deepEqual((await state()).counts, before.counts, 'results kept');
  assert.equal((await state()).model, before.model);
  await tid('model-revert').click();
  await gotoTab('results');
  await dismissError();
});

// ---- the analysis views: Validate, live AUC, fit, trends, improvement, workshop, print -------

/** C's printf("%.2f") of a double: toFixed rounds the exact binary value, except on exact ties
 *  (x·8 an odd integer), which %.2f rounds to even. */
function f2(x) {
  if (x == null || Number.isNaN(x)) return '';
  const e = x * 8;
  if (Number.isInteger(e) && Math.abs(e) % 2 === 1) {
    const lo = Math.floor(x * 100);
    return ((lo % 2 === 0 ? lo : lo + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}
const pct = (share) => `${f2(share * 100)}%`;
const int = (n) => n.toLocaleString('en-US');
const auc3 = (x) => (x == null ? 'NA' : x.toFixed(3));
const weightText = (w) => String(Math.round(w * 100) / 100);
const reading = (a) => (a == null ? 'na' : a >= 0.7 ? 'well' : a >= 0.55 ? 'weakly' : a > 0.45 ? 'none' : 'backwards');

/** A full-precision number from a data-* attribute (an empty or missing attribute fails). */
function num(attr, what) {
  assert.ok(attr != null && attr !== '', `${what}: no value (${JSON.stringify(attr)})`);
  return Number(attr);
}

const nativeJson = (args) => JSON.parse(native(args).toString('utf8'));
const nativeValidation = (model, data) => nativeJson(['validate', '--model', model, data, '--format', 'json']);
const clone = (x) => JSON.parse(JSON.stringify(x));

/** A model file: dear.json with indicator and dimension weights replaced. */
function dearWith({ indicators = {}, dimensions = {} }, name) {
  const m = clone(dear);
  for (const x of m.indicators) if (x.id in indicators) x.weight = indicators[x.id];
  for (const x of m.dimensions) if (x.id in dimensions) x.weight = dimensions[x.id];
  return writeTemp(name, JSON.stringify(m));
}

/** Pixels of a canvas that are not blank (transparent or white). */
function inkOf(canvasLocator) {
  return canvasLocator.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) n++;
    return n;
  });
}

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

/** The Validate tab against `kenko validate --format json` (v): AUC, deciles, segments, indicators, plots. */
async function checkValidateView(v, what) {
  await gotoTab('validate');
  await waitIdle(page);
  await page.waitForFunction((a) => document.querySelector('[data-testid="validate-auc"]')?.dataset.auc === a
    && document.querySelector('[data-testid="validate-roc"]')?.dataset.auc === a, String(v.auc), { timeout: 10000 })
    .catch(() => {});
  const g = await page.evaluate(() => {
    const q = (s) => document.querySelector(`[data-testid="${s}"]`);
    const cells = (tr) => [...tr.children].map((c) => c.textContent.trim());
    const rows = (sel) => [...document.querySelectorAll(sel)].map((tr) => ({ t: tr.dataset.testid, d: { ...tr.dataset }, c: cells(tr) }));
    return {
      auc: q('validate-auc')?.textContent.trim(), aucData: q('validate-auc')?.dataset.auc, pending: q('validate-auc')?.dataset.pending,
      counts: q('validate-counts')?.textContent ?? '', staleShown: q('validate-stale') ? !q('validate-stale').hidden : false,
      deciles: rows('[data-testid="validate-deciles"] tbody tr'),
      segments: rows('[data-testid="validate-segments"] tbody tr'),
      indicators: rows('[data-testid="validate-indicators"] tbody tr'),
      roc: { ...q('validate-roc')?.dataset }, lift: { ...q('validate-lift')?.dataset },
    };
  });
  assert.equal(g.pending, 'false', `${what}: validate-auc pending`);
  assert.equal(g.staleShown, false, `${what}: the "updating" note is shown`);
  assert.equal(num(g.aucData, `${what}: validate-auc data-auc`), v.auc, `${what}: AUC (full precision)`);
  assert.equal(g.auc, auc3(v.auc), `${what}: AUC shown`);
  for (const n of [v.positive, v.negative, v.excluded]) assert.ok(g.counts.includes(int(n)), `${what}: counts "${g.counts}" lack ${n}`);
  // Deciles: one row each, lowest scores first.
  assert.deepEqual(g.deciles.map((r) => r.t), v.deciles.map((d) => `validate-decile-${d.decile}`), `${what}: decile rows`);
  v.deciles.forEach((d, k) => {
    const r = g.deciles[k];
    assert.equal(num(r.d.rate, 'decile rate'), d.rate, `${what}: decile ${d.decile} data-rate`);
    assert.equal(num(r.d.lift, 'decile lift'), d.lift, `${what}: decile ${d.decile} data-lift`);
    assert.deepEqual(r.c.slice(1), [`${f2(d.minScore)} – ${f2(d.maxScore)}`, int(d.customers), int(d.positive), pct(d.rate), f2(d.lift)],
      `${what}: decile ${d.decile} cells (score range, customers, positive, rate, lift)`);
  });
  // Outcome rate per segment: every segment with customers, then all customers.
  const shown = v.segments.filter((s) => s.customers > 0);
  assert.deepEqual(g.segments.map((r) => r.t), [...shown.map((s) => `validate-segment-${s.id}`), 'validate-segment-all'], `${what}: segment rows`);
  shown.forEach((s, k) => {
    const r = g.segments[k];
    assert.equal(num(r.d.customers, 'customers'), s.customers, `${what}: ${s.id} data-customers`);
    assert.equal(num(r.d.positive, 'positive'), s.positive, `${what}: ${s.id} data-positive`);
    if (s.rate == null) assert.equal(r.d.rate, '', `${what}: ${s.id} data-rate`);
    else assert.equal(num(r.d.rate, 'rate'), s.rate, `${what}: ${s.id} data-rate`);
    assert.deepEqual(r.c.slice(1, 4), [int(s.customers), int(s.positive), s.rate == null ? 'NA' : pct(s.rate)], `${what}: ${s.id} cells`);
  });
  const all = g.segments[g.segments.length - 1];
  const overall = v.positive / (v.positive + v.negative);
  assert.equal(num(all.d.rate, 'all rate'), overall, `${what}: all customers data-rate`);
  assert.deepEqual(all.c.slice(1, 4), [int(v.positive + v.negative), int(v.positive), pct(overall)], `${what}: all customers cells`);
  // Each indicator's AUC and missing rate, best first.
  const byAuc = v.indicators.slice().sort((a, b) => (b.auc ?? -1) - (a.auc ?? -1));
  assert.deepEqual(g.indicators.map((r) => r.t), byAuc.map((x) => `validate-indicator-${x.id}`), `${what}: indicator rows, by AUC`);
  byAuc.forEach((x, k) => {
    const r = g.indicators[k];
    if (x.auc == null) assert.equal(r.d.auc, '', `${what}: ${x.id} data-auc`);
    else assert.equal(num(r.d.auc, 'indicator auc'), x.auc, `${what}: ${x.id} data-auc`);
    assert.equal(num(r.d.missingRate, 'missing rate'), x.missingRate, `${what}: ${x.id} data-missing-rate`);
    assert.equal(r.d.reading, reading(x.auc), `${what}: ${x.id} data-reading`);
    assert.deepEqual(r.c.slice(1, 3), [auc3(x.auc), pct(x.missingRate)], `${what}: ${x.id} cells (AUC, missing rate)`);
  });
  // The plots: their data attributes and something drawn.
  assert.equal(num(g.roc.points, 'roc points'), v.roc.length, `${what}: ROC points`);
  assert.equal(num(g.roc.auc, 'roc auc'), v.auc, `${what}: ROC data-auc`);
  assert.deepEqual((g.lift.rates ?? '').split(',').map(Number), v.deciles.map((d) => d.rate), `${what}: lift data-rates`);
  assert.equal(num(g.lift.overall, 'lift overall'), overall, `${what}: lift data-overall`);
  await checkPlot('validate-roc', what);
  await checkPlot('validate-lift', what);
  return g;
}

await test('9a. Validate tab: AUC, deciles, segment rates, indicator AUCs equal `kenko validate --format json`; ROC and lift drawn', async () => {
  await backToDear();
  assert.ok(await tid('tab-validate').isVisible(), 'the Validate tab is shown for a model with an outcome');
  const v = nativeValidation('dear.json', 'customers-1000.csv');
  await checkValidateView(v, 'Validate');
  assert.match(await tid('validate-auc-delta').innerText(), /\S/, 'the baseline line');
  await page.locator('[data-testid="validate"] details.decile-details').evaluate((d) => { d.open = true; });
  await shot('10-validate');
  await tid('validate-deciles').scrollIntoViewIfNeeded();
  await shot('11-validate-deciles', page, { top: false });
  await gotoTab('results');
});

await test('9b. live AUC: after moving weights the what-if AUC and the Validate tab equal `kenko validate` on the changed model', async () => {
  await backToDear();
  const base = nativeAuc('dear.json', 'customers-1000.csv');
  await slide('slider-indicator-seat_utilization', 9);
  let file = dearWith({ indicators: { seat_utilization: 9 } }, 'dear-seat9.json');
  let auc = nativeAuc(file, 'customers-1000.csv');
  assert.notEqual(auc, base, 'the change moves the AUC (else the test proves little)');
  let live = tid('whatif-auc');
  assert.equal(num(await live.getAttribute('data-auc'), 'whatif-auc data-auc'), auc, 'what-if AUC after one weight');
  assert.equal(await live.getAttribute('data-pending'), 'false', 'whatif-auc data-pending');
  assert.equal(num(await live.getAttribute('data-delta'), 'whatif-auc data-delta'), auc - base, 'what-if AUC change vs the baseline');
  assert.ok((await live.innerText()).includes(auc.toFixed(3)), `the live AUC shown: ${await live.innerText()}`);
  assert.equal((await state()).auc, auc, 'kenkoPage.state().auc');
  // A second change on top (a dimension weight): again the changed model's AUC.
  await slide('slider-dimension-roi', 5);
  const m = { indicators: { seat_utilization: 9 }, dimensions: { roi: 5 } };
  file = dearWith(m, 'dear-seat9-roi5.json');
  auc = nativeAuc(file, 'customers-1000.csv');
  assert.equal(num(await live.getAttribute('data-auc'), 'whatif-auc data-auc'), auc, 'what-if AUC after two weights');
  await shot('12-whatif-live-auc');
  // The Validate tab follows the what-if: every figure as `kenko validate` on the changed model.
  await checkValidateView(nativeValidation(file, 'customers-1000.csv'), 'Validate after the what-if');
  assert.equal(num(await tid('validate-auc-delta').getAttribute('data-delta'), 'validate-auc-delta data-delta'), auc - base, 'Validate: change vs baseline');
  await shot('13-validate-whatif');
  await gotoTab('results');
  await tid('whatif-reset').click();
  await waitIdle(page);
  assert.equal(num(await live.getAttribute('data-auc'), 'whatif-auc after reset'), base, 'the live AUC back to the baseline');
});

/** `kenko fit` printed lines → {before, after, folds, weights: {dimension: {id: [cur, new]}, indicator: {...}}}. */
function nativeFit(model, data, out) {
  const lines = native(['fit', '--model', model, data, '-o', out]).toString('utf8').split('\n');
  const val = (k) => Number(lines.find((l) => l.startsWith(`${k} `)).split(' ')[1]);
  const weights = { dimension: {}, indicator: {} };
  for (const l of lines) {
    const m = /^(dimension|indicator) (\S+) (\S+) -> (\S+)$/.exec(l);
    if (m) weights[m[1]][m[2]] = [Number(m[3]), Number(m[4])];
  }
  const folds = Number(/^folds (\d+)/m.exec(lines.join('\n'))[1]);
  return { before: val('heldout_auc_before'), after: val('heldout_auc_after'), folds, weights };
}

async function proposeFit() {
  await tid('fit-propose').scrollIntoViewIfNeeded();
  await tid('fit-propose').click();
  await tid('fit-auc-before').waitFor({ state: 'visible', timeout: 20000 });
  await waitIdle(page);
}

await test('9c. fit: held-out AUCs and proposed weights equal `kenko fit`; discard keeps the scores; apply scores as the fitted model', async () => {
  await backToDear();
  const fittedFile = tmp.path('fitted.json');
  const want = nativeFit('dear.json', 'customers-1000.csv', fittedFile);
  const fitted = JSON.parse(readFileSync(fittedFile, 'utf8'));
  await gotoTab('validate');
  await proposeFit();
  assert.equal(num(await tid('fit-auc-before').getAttribute('data-auc'), 'fit-auc-before'), want.before, 'held-out AUC before');
  assert.equal(num(await tid('fit-auc-after').getAttribute('data-auc'), 'fit-auc-after'), want.after, 'held-out AUC after');
  assert.equal((await tid('fit-auc-before').innerText()).trim(), auc3(want.before), 'held-out AUC before, shown');
  assert.equal((await tid('fit-auc-after').innerText()).trim(), auc3(want.after), 'held-out AUC after, shown');
  assert.equal(await page.locator('[data-testid^="fit-fold-"]').count(), want.folds, 'one row per fold');
  for (const kind of ['dimension', 'indicator']) {
    const list = kind === 'dimension' ? fitted.dimensions : fitted.indicators;
    assert.equal(Object.keys(want.weights[kind]).length, list.length, `kenko fit printed every ${kind}`);
    for (const x of list) {
      const row = tid(`fit-weight-${kind}-${x.id}`);
      const [cur, proposed] = want.weights[kind][x.id];
      assert.equal(num(await row.getAttribute('data-current'), 'data-current'), cur, `${kind} ${x.id}: current weight`);
      assert.equal(num(await row.getAttribute('data-proposed'), 'data-proposed'), proposed, `${kind} ${x.id}: proposed weight (printed)`);
      assert.equal(proposed, x.weight, `${kind} ${x.id}: kenko fit's printed weight = its -o model`);
      assert.ok((await row.innerText()).includes(weightText(proposed)), `${kind} ${x.id}: the proposed weight shown`);
    }
  }
  await tid('fit-result').scrollIntoViewIfNeeded();
  await shot('14-fit-proposed', page, { top: false });
  // Discard: the proposal goes, nothing else changes.
  await tid('fit-discard').click();
  await waitIdle(page);
  assert.equal(await tid('fit-auc-before').count(), 0, 'the proposal is gone after discard');
  assert.deepEqual((await state()).whatIf, { indicators: {}, dimensions: {}, bounds: {} }, 'no what-if after discard');
  await assertCountsEqualNative(refDear, 'after discard');
  // Apply: the fitted weights become what-if weights and score exactly as the -o model.
  await proposeFit();
  await tid('fit-apply').click();
  await waitIdle(page);
  await tid('fit-applied').waitFor({ state: 'visible', timeout: 5000 });
  const s = await assertCountsEqualNative(nativeScored(fittedFile, 'customers-1000.csv'), 'after applying the fitted weights');
  for (const x of fitted.indicators) assert.equal(s.whatIf.indicators[x.id] ?? dear.indicators.find((i) => i.id === x.id).weight, x.weight, `what-if weight of ${x.id}`);
  for (const x of fitted.dimensions) assert.equal(s.whatIf.dimensions[x.id] ?? dear.dimensions.find((i) => i.id === x.id).weight, x.weight, `what-if weight of ${x.id}`);
  assert.equal(s.auc, nativeAuc(fittedFile, 'customers-1000.csv'), 'AUC of the applied weights = kenko validate on the fitted model');
  assert.equal(num(await tid('validate-auc').getAttribute('data-auc'), 'validate-auc'), s.auc, 'the Validate headline follows');
  await shot('15-fit-applied');
  await tid('fit-discard').click();
  await gotoTab('results');
  await tid('whatif-reset').click();
  await waitIdle(page);
  await assertCountsEqualNative(refDear, 'after reset');
});

/** Every customer-table row the filters let through (scrolls the virtualised grid): Map row → {id, change}. */
async function allTableRows() {
  const grid = tid('customer-table');
  await grid.evaluate((el) => { el.scrollTop = 0; });
  const seen = new Map();
  for (let i = 0; i < 500; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const rows = await page.evaluate(() => [...document.querySelectorAll('[data-testid="customer-table-row"]')].filter((r) => !r.hidden).map((r) => ({
      row: Number(r.dataset.row),
      id: r.querySelector('[data-testid="customer-table-cell-id"]')?.textContent ?? null,
      change: r.querySelector('[data-testid="customer-table-cell-change"]')?.dataset.change ?? null,
    })));
    for (const r of rows) seen.set(r.row, r);
    const moved = await grid.evaluate((el) => { const b = el.scrollTop; el.scrollTop = b + Math.max(36, el.clientHeight - 72); return el.scrollTop !== b; });
    if (!moved) {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      break;
    }
  }
  await grid.evaluate((el) => { el.scrollTop = 0; });
  return seen;
}

/** The biggest movers against `kenko score --previous --format json` (ref): the most fallen
 *  first (ties in input order), at most 10, with change, scores and change driver; → them. */
async function checkMovers(ref, what, model = dear) {
  const fallen = ref.map((r, row) => ({ ...r, row })).filter((r) => r.score_change != null && r.score_change < 0)
    .sort((a, b) => a.score_change - b.score_change || a.row - b.row).slice(0, 10);
  const movers = await page.evaluate(() => [...document.querySelectorAll('[data-testid="trend-mover"]')].map((b) => ({
    ...b.dataset, changeText: b.querySelector('.mover-change')?.textContent ?? '', text: b.textContent,
  })));
  assert.deepEqual(movers.map((x) => x.id), fallen.map((r) => r.account_id), `${what}: ids, most fallen first`);
  const labelOf = new Map(model.indicators.map((x) => [x.id, x.label || x.id]));
  fallen.forEach((r, k) => {
    const x = movers[k];
    assert.equal(Number(x.row), r.row, `${what} ${r.account_id}: data-row`);
    assert.equal(num(x.change, 'mover change'), r.score_change, `${what} ${r.account_id}: change (full precision)`);
    assert.equal(x.changeText, `▼ \u2212${f2(-r.score_change)}`, `${what} ${r.account_id}: change shown`);
    assert.ok(x.text.includes(`${f2(r.score_prev)} → ${f2(r.score)}`), `${what} ${r.account_id}: scores shown (${x.text})`);
    if (r.change_driver) assert.ok(x.text.includes(labelOf.get(r.change_driver)), `${what} ${r.account_id}: change driver ${r.change_driver} (${x.text})`);
  });
  return fallen;
}

await test('10. trends: matched, deteriorating, movers, segment moves equal `kenko score --previous`; filter; duplicate ids; clear', async () => {
  await backToDear();
  const ref = nativeJson(['score', '--model', 'dear.json', 'customers-1000.csv', '--previous', 'customers-1000-previous.csv', '--format', 'json']);
  const prevIds = new Set(parseCsv(readFileSync(ex('customers-1000-previous.csv'), 'utf8')).slice(1).filter((r) => r.length > 1).map((r) => r[0]));
  const matched = ref.filter((r) => r.segment_prev != null).length;
  const det = ref.map((r, row) => ({ ...r, row })).filter((r) => r.deteriorating);
  assert.equal(matched, 954, 'the native program matched 954 (the brief)');
  await tid('previous-input').setInputFiles(ex('customers-1000-previous.csv'));
  await tid('trend-matched').waitFor({ state: 'visible', timeout: 10000 });
  await waitIdle(page);
  const s = await state();
  assert.equal(s.error, null, `error: ${JSON.stringify(s.error)}`);
  assert.deepEqual(s.trends, { matched, deteriorating: det.length }, 'kenkoPage.state().trends');
  const m = tid('trend-matched');
  assert.equal(num(await m.getAttribute('data-matched'), 'data-matched'), matched, 'matched');
  assert.equal(num(await m.getAttribute('data-only-now'), 'data-only-now'), ref.length - matched, 'only now');
  assert.equal(num(await m.getAttribute('data-only-previous'), 'data-only-previous'), prevIds.size - matched, 'only in the previous');
  assert.ok((await m.innerText()).includes('954'), 'the matched count shown');
  assert.equal(num(await tid('deteriorating-badge').getAttribute('data-count'), 'badge data-count'), det.length, 'deteriorating badge');
  assert.ok((await tid('deteriorating-badge').innerText()).includes(String(det.length)), 'the deteriorating count shown');
  // The biggest movers: the most fallen first (ties in input order), at most 10.
  const fallen = await checkMovers(ref, 'movers');
  // The segment-move matrix, previous → now ('new': not in the previous snapshot).
  const want = {};
  for (const r of ref) {
    const k = `${r.segment_prev ?? 'new'}|${r.segment}`;
    want[k] = (want[k] ?? 0) + 1;
  }
  const ids = [...dear.segments.map((x) => x.id), 'none', 'unscored', 'new'];
  const cells = await page.evaluate(() => [...document.querySelectorAll('[data-testid="trend-matrix"] [data-testid^="trend-move-"]')]
    .map((el) => ({ t: el.dataset.testid, n: Number(el.dataset.count ?? el.closest('td')?.dataset.count), button: el.tagName === 'BUTTON' })));
  const got = {};
  for (const c of cells) {
    const rest = c.t.slice('trend-move-'.length);
    const pairs = ids.filter((a) => rest.startsWith(`${a}-`) && ids.includes(rest.slice(a.length + 1)));
    assert.equal(pairs.length, 1, `matrix cell ${c.t} names one pair`);
    const key = `${pairs[0]}|${rest.slice(pairs[0].length + 1)}`;
    assert.ok(!(key in got), `matrix cell ${c.t} appears once`);
    assert.equal(c.button, c.n > 0, `matrix cell ${c.t}: a button exactly when non-zero`);
    if (c.n) got[key] = c.n;
  }
  assert.deepEqual(got, want, 'segment-move matrix = native segment_prev → segment counts');
  await tid('trends').scrollIntoViewIfNeeded();
  await shot('16-trends', page, { top: false });
  // The deteriorating filter: exactly those customers, each with its native change.
  await tid('deteriorating-badge').click();
  await waitIdle(page);
  assert.equal(await tid('deteriorating-badge').getAttribute('aria-pressed'), 'true', 'the badge is pressed');
  await tid('deteriorating-filter').waitFor({ state: 'visible', timeout: 5000 });
  assert.equal((await state()).visibleRows, det.length, 'visible rows with the deteriorating filter');
  const rows = await allTableRows();
  assert.deepEqual([...rows.keys()].sort((a, b) => a - b), det.map((r) => r.row), 'the deteriorating customers (rows)');
  for (const r of det) {
    assert.equal(rows.get(r.row).id, r.account_id, `row ${r.row}: id`);
    assert.equal(num(rows.get(r.row).change, `row ${r.row} change`), r.score_change, `${r.account_id}: change cell`);
  }
  await page.locator('#customers').scrollIntoViewIfNeeded();
  await shot('17-deteriorating-filter', page, { top: false });
  await tid('deteriorating-filter-clear').click();
  await waitIdle(page);
  assert.equal((await state()).visibleRows, 1000, 'all rows after clearing the filter');
  assert.equal(await tid('deteriorating-badge').getAttribute('aria-pressed'), 'false');
  // A matrix cell filters the table to its customers.
  const [cellKey, cellN] = Object.entries(want).filter(([k]) => k.split('|')[0] !== k.split('|')[1] && !k.startsWith('new|')).sort((a, b) => a[1] - b[1])[0];
  const [from, to] = cellKey.split('|');
  await tid(`trend-move-${from}-${to}`).click();
  await waitIdle(page);
  assert.equal((await state()).visibleRows, cellN, `rows with the matrix filter ${from} → ${to}`);
  const cellRows = await allTableRows();
  assert.deepEqual([...cellRows.values()].map((r) => r.id).sort(), ref.filter((r) => r.segment_prev === from && r.segment === to).map((r) => r.account_id).sort(), `the customers ${from} → ${to}`);
  await tid('trend-filter-clear').click();
  await waitIdle(page);
  assert.equal((await state()).visibleRows, 1000, 'all rows after clearing the matrix filter');
  // A mover opens its customer, with the trend line.
  await page.locator('[data-testid="trend-mover"]').first().click();
  await tid('detail-trend').waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await tid('detail-id').innerText(), fallen[0].account_id, 'the mover opened');
  assert.equal(num(await tid('detail-trend').getAttribute('data-change'), 'detail-trend data-change'), fallen[0].score_change, 'detail: change');
  assert.equal(num(await tid('detail-trend').getAttribute('data-previous-score'), 'detail-trend previous'), fallen[0].score_prev, 'detail: previous score');
  await page.keyboard.press('Escape');
  await tid('detail-panel').waitFor({ state: 'hidden', timeout: 5000 });
  // A what-if change re-scores both snapshots: the trends follow (`kenko score --previous` on the changed model).
  await slide('slider-indicator-usage_trend', 6);
  const changed = dearWith({ indicators: { usage_trend: 6 } }, 'dear-usage-trend-6.json');
  const refW = nativeJson(['score', '--model', changed, 'customers-1000.csv', '--previous', 'customers-1000-previous.csv', '--format', 'json']);
  const detW = refW.filter((r) => r.deteriorating).length;
  assert.notEqual(detW, det.length, 'the change moves the deteriorating count (else the test proves little)');
  await page.waitForFunction((n) => window.kenkoPage.state().trends?.deteriorating === n, detW, { timeout: 5000 }).catch(() => {});
  await waitIdle(page);
  assert.deepEqual((await state()).trends, { matched, deteriorating: detW }, 'kenkoPage.state().trends after the what-if');
  assert.equal(num(await tid('deteriorating-badge').getAttribute('data-count'), 'badge data-count'), detW, 'deteriorating badge after the what-if');
  await checkMovers(refW, 'movers after the what-if');
  await tid('whatif-reset').click();
  await page.waitForFunction((n) => window.kenkoPage.state().trends?.deteriorating === n, det.length, { timeout: 5000 }).catch(() => {});
  await waitIdle(page);
  assert.deepEqual((await state()).trends, { matched, deteriorating: det.length }, 'trends after the what-if reset');
  // A previous snapshot with a duplicate id: an error naming both rows; the trends in force stay.
  const lines = readFileSync(ex('customers-1000-previous.csv'), 'utf8').split('\n');
  const dupId = lines[5].split(',')[0];
  lines[20] = [dupId, ...lines[20].split(',').slice(1)].join(',');
  const dupFile = writeTemp('previous-duplicate.csv', lines.join('\n'));
  let nativeMsg = '';
  try { native(['score', '--model', 'dear.json', 'customers-1000.csv', '--previous', dupFile]); } catch (e) { nativeMsg = e.message; }
  assert.match(nativeMsg, new RegExp(`${dupId}.*rows 6 and 21`), `the native program names the rows: ${nativeMsg}`);
  await tid('previous-input').setInputFiles(dupFile);
  await waitIdle(page);
  const msg = await errorText();
  assert.ok(msg.includes(dupId), `the error names the id: ${msg}`);
  assert.match(msg, /\b6\b[^\d]+\b21\b/, `the error names rows 6 and 21: ${msg}`);
  await shot('18-trends-duplicate-error');
  const after = await state();
  assert.deepEqual(after.trends, { matched, deteriorating: det.length }, 'the trends in force stay');
  assert.equal(num(await tid('trend-matched').getAttribute('data-matched'), 'data-matched'), matched, 'matched stays');
  assert.ok((await tid('previous-info').innerText()).includes('customers-1000-previous.csv'), 'the snapshot in force is still named');
  assert.deepEqual(after.counts, (await state()).counts);
  await dismissError();
  // Clearing.
  await tid('previous-clear').click();
  await waitIdle(page);
  assert.equal((await state()).trends, null, 'no trends after clearing');
  assert.equal(await tid('trend-matched').count(), 0, 'no matched count after clearing');
  assert.equal(await page.locator('[data-testid="trend-mover"]:visible').count(), 0, 'no movers after clearing');
  assert.equal(await page.locator('[data-testid="customer-table-cell-change"]:visible').count(), 0, 'no change column after clearing');
  await assertCountsEqualNative(refDear, 'after clearing the snapshot');
});

await test('10b. trends after a model change: re-read and joined with the new model; a snapshot the new model cannot read is dropped', async () => {
  await backToDear();
  await tid('previous-input').setInputFiles(ex('customers-1000-previous.csv'));
  await tid('trend-matched').waitFor({ state: 'visible', timeout: 10000 });
  await waitIdle(page);
  // Another model on the same columns: the snapshot is read again and scored with it.
  const seed = JSON.parse(readFileSync(ex('seed-points.json'), 'utf8'));
  assert.ok(await loadModel(ex('seed-points.json')), `the model was refused: ${JSON.stringify((await state()).error)}`);
  await page.waitForFunction((name) => window.kenkoPage.state().model === name && window.kenkoPage.state().trends, seed.name, { timeout: 10000 }).catch(() => {});
  await waitIdle(page);
  const ref = nativeJson(['score', '--model', 'seed-points.json', 'customers-1000.csv', '--previous', 'customers-1000-previous.csv', '--format', 'json']);
  const s = await state();
  assert.equal(s.error, null, `error: ${JSON.stringify(s.error)}`);
  assert.deepEqual(s.trends, { matched: ref.filter((r) => r.segment_prev != null).length, deteriorating: ref.filter((r) => r.deteriorating).length },
    'kenkoPage.state().trends with seed-points.json = kenko score --previous with it');
  await checkMovers(ref, 'movers with seed-points.json', seed);
  // A model whose columns the snapshot lacks (the Japanese example): the snapshot is dropped, with a message.
  await tid('example-ja').click();
  const jaName = JSON.parse(readFileSync(ex('dear-ja.json'), 'utf8')).name;
  await page.waitForFunction((name) => window.kenkoPage.state().model === name, jaName, { timeout: 10000 });
  await waitIdle(page);
  const j = await state();
  assert.equal(j.trends, null, 'the snapshot the Japanese model cannot read is dropped');
  assert.equal(j.rows, refJa.rows.length, 'the Japanese example is scored');
  assert.match(await errorText(), /column/i, 'the message names the missing column');
  assert.equal(await tid('trend-matched').count(), 0, 'no matched count');
  await shot('18b-trends-dropped-after-model-change');
  await dismissError();
  await backToDear();
  assert.equal((await state()).trends, null, 'no snapshot comes back');
});

/** Opens the detail panel of a customer found by search; waits for its improvement section. */
async function openCustomer(id) {
  await tid('table-search').fill(id);
  const row = page.locator('[data-testid="customer-table-row"]:not([hidden])', { has: page.locator(`[data-testid="customer-table-cell-id"]:text-is("${id}")`) });
  await row.waitFor({ state: 'visible', timeout: 5000 });
  await row.click();
  await tid('detail-panel').waitFor({ state: 'visible' });
  await page.waitForFunction((x) => document.querySelector('[data-testid="detail-id"]')?.textContent === x
    && document.querySelector('[data-testid="detail-improvement"]'), id, { timeout: 5000 });
  await waitIdle(page);
}

async function closeCustomer() {
  await page.keyboard.press('Escape');
  await tid('detail-panel').waitFor({ state: 'hidden', timeout: 5000 });
}

/** Opens a customer's detail; its improvement section against `kenko explain --format json` on MODEL; → the native improvement. */
async function checkImprovement(id, model, screenshot = null) {
  const imp = nativeJson(['explain', '--model', model, 'customers-1000.csv', '--id', id, '--format', 'json']).improvement;
  await openCustomer(id);
  const box = tid('detail-improvement');
  if (!imp.found) {
    assert.equal(await box.getAttribute('data-found'), 'false', `${id}: data-found`);
    assert.equal(await box.getAttribute('data-reason'), imp.reasonCode, `${id}: data-reason = the engine's reasonCode`);
    assert.equal(await tid('improvement-reason').getAttribute('data-reason'), imp.reasonCode, `${id}: improvement-reason data-reason`);
    assert.equal(await tid('improvement-reason').getAttribute('title'), imp.reason, `${id}: the engine's English reason in the title`);
    return imp;
  }
  assert.equal(await box.getAttribute('data-found'), 'true', `${id}: data-found`);
  assert.equal(await box.getAttribute('data-to'), imp.to.segment, `${id}: the segment reached`);
  assert.equal(num(await box.getAttribute('data-score'), 'data-score'), imp.to.score, `${id}: the score reached`);
  const steps = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="improvement-step-"]')].map((r) => ({ t: r.dataset.testid, ...r.dataset })));
  assert.deepEqual(steps.map((x) => x.t), imp.steps.map((x) => `improvement-step-${x.indicator}`), `${id}: the indicators, in order`);
  imp.steps.forEach((st, k) => {
    assert.equal(steps[k].to, st.to, `${id} ${st.indicator}: to`);
    assert.equal(steps[k].from, st.from, `${id} ${st.indicator}: from`);
    assert.equal(steps[k].bound, st.bound, `${id} ${st.indicator}: bound`);
    assert.equal(num(steps[k].toValue, 'toValue'), st.toValue, `${id} ${st.indicator}: toValue`);
  });
  const result = await tid('improvement-result').innerText();
  for (const part of [f2(imp.from.score), f2(imp.to.score), imp.to.label]) assert.ok(result.includes(part), `${id}: the result line "${result}" lacks ${part}`);
  if (screenshot) await shot(screenshot);
  return imp;
}

await test('11. improvement: steps and result equal `kenko explain --format json`; the best segment says so (English and Japanese)', async () => {
  await backToDear();
  const ids = ['C000001', 'C000003', 'C000008', 'C000002'];
  let best = null;
  for (const id of ids) {
    const imp = await checkImprovement(id, 'dear.json', id === 'C000001' ? '19-improvement' : null);
    if (!imp.found && imp.reasonCode === 'bestSegment') best = { id, imp };
    await closeCustomer();
  }
  assert.ok(best, 'a customer of the native program already in the best segment (C000002)');
  await closeCustomer().catch(() => {});
  await openCustomer(best.id);
  const reason = tid('improvement-reason');
  const en = (await reason.innerText()).trim();
  assert.match(en, /best segment/i, `the "already best" message: ${en}`);
  await tid('lang-switch').selectOption('ja');
  await page.waitForFunction((x) => {
    const t = document.querySelector('[data-testid="improvement-reason"]')?.textContent ?? '';
    return t !== x && /[\u3040-\u30ff\u4e00-\u9fff]/.test(t);
  }, en, { timeout: 5000 });
  const ja = (await reason.innerText()).trim();
  assert.doesNotMatch(ja, /already|best segment/i, `no English left: ${ja}`);
  await shot('20-improvement-best-ja');
  await tid('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
  await closeCustomer();
  // With a what-if change in force the improvement is searched on the changed scores.
  await slide('slider-indicator-logins', 0);
  const changed = dearWith({ indicators: { logins: 0 } }, 'dear-logins-0.json');
  const before = nativeJson(['explain', '--model', 'dear.json', 'customers-1000.csv', '--id', 'C000001', '--format', 'json']).improvement;
  const imp = await checkImprovement('C000001', changed);
  assert.notDeepEqual(imp.steps.map((x) => x.indicator), before.steps.map((x) => x.indicator), 'the what-if changes the answer (else the test proves little)');
  await closeCustomer();
  await tid('whatif-reset').click();
  await waitIdle(page);
  await clearSearch();
});

await test('12. workshop mode (large type, Escape leaves) and the printed report (model, weights, counts, AUC, 20 most at risk; PDF)', async () => {
  await backToDear();
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await fontSize();
  await tid('workshop-toggle').click();
  await page.waitForFunction(() => document.body.classList.contains('workshop'), null, { timeout: 5000 });
  await waitIdle(page);
  assert.equal(await tid('workshop-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok(await tid('workshop-bar').isVisible(), 'the workshop bar');
  assert.ok((await tid('workshop-title').innerText()).includes(dear.name), 'the model named in the workshop bar');
  assert.ok(await fontSize() > normal, `large type: ${await fontSize()} px vs ${normal} px`);
  assert.ok(await tid('segment-counts').isVisible(), 'segment summary shown');
  assert.ok(!(await tid('customer-table').isVisible()), 'the customer table hidden');
  assert.equal(num(await tid('validate-auc').getAttribute('data-auc'), 'workshop AUC'), nativeAuc('dear.json', 'customers-1000.csv'), 'the AUC in workshop mode');
  await checkPlot('validate-roc', 'workshop');
  await shot('21-workshop');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.body.classList.contains('workshop'), null, { timeout: 5000 });
  assert.equal(await tid('workshop-toggle').getAttribute('aria-pressed'), 'false', 'Escape left workshop mode');
  assert.ok(!(await tid('workshop-bar').isVisible()), 'the bar is gone');
  assert.equal(await fontSize(), normal, 'normal type again');
  await tid('workshop-toggle').click();
  await tid('workshop-exit').click();
  await page.waitForFunction(() => !document.body.classList.contains('workshop'), null, { timeout: 5000 });

  // The report: the print button (window.print stubbed: it would open the dialog) builds it.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await tid('print-report').click();
  await page.waitForFunction(() => window.__printed > 0 && document.querySelector('[data-testid="print-report-content"]')?.dataset.built, null, { timeout: 10000 });
  const rep = await page.evaluate(() => {
    const q = (s) => document.querySelector(`[data-testid="${s}"]`);
    const rows = (s) => [...document.querySelectorAll(`[data-testid="${s}"] tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
    return {
      title: q('print-report-content').querySelector('h1')?.textContent ?? '',
      weights: rows('report-weights'), segments: rows('report-segments'), validation: q('report-validation')?.textContent ?? '',
      risk: [...document.querySelectorAll('[data-testid="report-risk-row"]')].map((tr) => ({
        row: Number(tr.dataset.row), id: tr.querySelector('.report-id')?.textContent ?? tr.querySelector('strong')?.textContent, score: tr.children[2]?.textContent,
      })),
    };
  });
  assert.ok(rep.title.includes(dear.name), `the model name in the report title: ${rep.title}`);
  const wantWeights = [];
  for (const d of dear.dimensions) {
    wantWeights.push([d.label || d.id, weightText(d.weight), weightText(d.weight)]);
    for (const x of dear.indicators.filter((i) => i.dimension === d.id)) wantWeights.push([x.label || x.id, weightText(x.weight), weightText(x.weight)]);
  }
  assert.deepEqual(rep.weights, wantWeights, 'report: the weights (dimensions, their indicators)');
  const segLabel = new Map(dear.segments.map((x) => [x.label || x.id, x.id]));
  const counts = Object.fromEntries(rep.segments.map((r) => [segLabel.get(r[0]) ?? r[0], Number(r[1].replace(/\D/g, ''))]));
  const wantCounts = Object.fromEntries(dear.segments.map((x) => [x.id, refDear.counts[x.id] ?? 0]));
  assert.deepEqual(counts, wantCounts, 'report: the segment counts');
  const auc = nativeAuc('dear.json', 'customers-1000.csv');
  assert.ok(rep.validation.includes(`AUC ${auc.toFixed(3)}`), `report: the AUC ${auc.toFixed(3)}`);
  const full = nativeJson(['score', '--model', 'dear.json', 'customers-1000.csv', '--format', 'json']);
  const lowest = full.map((r, row) => ({ row, id: r[dear.id_column], score: r.score })).filter((r) => r.score != null)
    .sort((a, b) => a.score - b.score || a.row - b.row).slice(0, 20);
  assert.deepEqual(rep.risk.map((r) => r.id), lowest.map((r) => r.id), 'report: the 20 lowest scores (ids, ties in input order)');
  assert.deepEqual(rep.risk.map((r) => r.row), lowest.map((r) => r.row), 'report: the 20 lowest scores (rows)');
  assert.deepEqual(rep.risk.map((r) => r.score), lowest.map((r) => refDear.records[r.row].score), 'report: their scores (as kenko score prints them)');
  // Print media: only the report shows; as a PDF it takes one or two pages.
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await tid('print-report-content').isVisible(), 'the report shows in print media');
    assert.ok(!(await page.locator('main').isVisible()), 'the page itself is hidden in print media');
    await page.screenshot({ path: join(outDir, '22-print-report.png'), fullPage: true });
    const pdfPath = join(outDir, 'report.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    const pdf = readFileSync(pdfPath).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 2, `the report takes ${pages} A4 pages`);
  } finally {
    await page.emulateMedia({ media: null });
  }
  assert.ok(await page.locator('main').isVisible(), 'the page is back on screen');
  // With a what-if change in force the report shows the weights used (marked), their counts and AUC.
  await slide('slider-indicator-logins', 6);
  const changed = dearWith({ indicators: { logins: 6 } }, 'dear-logins-6.json');
  const refW = nativeScored(changed, 'customers-1000.csv');
  await page.evaluate(() => { window.__printed = 0; });
  await tid('print-report').click();
  await page.waitForFunction(() => window.__printed > 0, null, { timeout: 10000 });
  const w = await page.evaluate(() => ({
    weights: [...document.querySelectorAll('[data-testid="report-weights"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    segments: [...document.querySelectorAll('[data-testid="report-segments"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    validation: document.querySelector('[data-testid="report-validation"]')?.textContent ?? '',
  }));
  const logins = dear.indicators.find((x) => x.id === 'logins');
  assert.deepEqual(w.weights.find((r) => r[0] === logins.label), [logins.label, weightText(logins.weight), '6 ●'], 'report: the changed weight, marked');
  assert.equal(w.weights.filter((r) => r[2].includes('●')).length, 1, 'report: only the changed weight is marked');
  const countsW = Object.fromEntries(w.segments.map((r) => [segLabel.get(r[0]) ?? r[0], Number(r[1].replace(/\D/g, ''))]));
  assert.deepEqual(countsW, Object.fromEntries(dear.segments.map((x) => [x.id, refW.counts[x.id] ?? 0])), 'report: the segment counts of the what-if');
  const aucW = nativeAuc(changed, 'customers-1000.csv');
  assert.ok(w.validation.includes(`AUC ${aucW.toFixed(3)}`), `report: the what-if AUC ${aucW.toFixed(3)}`);
  await tid('whatif-reset').click();
  await waitIdle(page);
});

/** `kenko learn-bands` → {rule, healthy, withValue, reach: [{bound, healthyShare, allShare}]}. */
function nativeLearn(model, data, indicator, healthy = null) {
  const args = ['learn-bands', '--model', model, data, '--indicator', indicator];
  if (healthy) args.push('--healthy', healthy);
  const lines = native(args).toString('utf8').split('\n').filter(Boolean);
  const rule = JSON.parse(lines[0]);
  const [, healthyN, withValue] = /^healthy (\d+) with a value (\d+)$/.exec(lines[1]);
  assert.equal(lines[2], 'bound healthy_share all_share');
  const reach = lines.slice(3).map((l) => { const [b, h, a] = l.split(' ').map(Number); return { bound: b, healthyShare: h, allShare: a }; });
  return { rule, healthy: Number(healthyN), withValue: Number(withValue), reach };
}

/** dear.json with one indicator's rule replaced, as a file. */
function dearWithRule(id, rule, name) {
  const m = clone(dear);
  m.indicators.find((x) => x.id === id).rule = rule;
  return writeTemp(name, JSON.stringify(m));
}

async function checkLearnResult(want, what) {
  const res = tid('learn-result');
  await res.waitFor({ state: 'visible', timeout: 20000 });
  await waitIdle(page);
  assert.deepEqual(JSON.parse(await res.getAttribute('data-rule')), want.rule, `${what}: the proposed rule`);
  const count = tid('learn-healthy-count');
  assert.equal(num(await count.getAttribute('data-healthy'), 'data-healthy'), want.healthy, `${what}: healthy customers`);
  assert.equal(num(await count.getAttribute('data-with-value'), 'data-with-value'), want.withValue, `${what}: healthy customers with a value`);
  const rows = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="learn-bound-"]')].map((r) => ({ ...r.dataset })));
  assert.equal(rows.length, want.reach.length, `${what}: one row per bound`);
  want.reach.forEach((x, k) => {
    assert.equal(num(rows[k].proposed, 'proposed'), x.bound, `${what}: bound ${k + 1}`);
    assert.equal(num(rows[k].healthyShare, 'healthy share'), x.healthyShare, `${what}: bound ${k + 1}, healthy share`);
    assert.equal(num(rows[k].allShare, 'all share'), x.allShare, `${what}: bound ${k + 1}, share of all`);
  });
}

await test('13. learn thresholds: the proposal equals `kenko learn-bands`; as a what-if and into the model it scores as the native program', async () => {
  await backToDear();
  const want = nativeLearn('dear.json', 'customers-1000.csv', 'logins');
  await gotoTab('model');
  await tid('model-indicator-logins').evaluate((el) => { if (el.tagName === 'DETAILS') el.open = true; el.closest('details')?.setAttribute('open', ''); });
  await tid('learn-open-logins').click();
  const panel = tid('learn-panel-logins');
  await panel.waitFor({ state: 'visible', timeout: 5000 });
  await panel.locator('[data-testid="learn-propose"]').click();
  await checkLearnResult(want, 'logins by outcome');
  const current = dear.indicators.find((x) => x.id === 'logins').rule.bands.filter((b) => b.min != null).map((b) => b.min);
  const shownNow = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="learn-bound-"]')].map((r) => Number(r.dataset.current)));
  assert.deepEqual(shownNow, current, 'the bounds in force next to the proposal');
  await panel.scrollIntoViewIfNeeded();
  await shot('23-learn-thresholds', page, { top: false });
  // As a what-if: every customer re-scored with the proposed rule.
  await panel.locator('[data-testid="learn-whatif"]').click();
  await waitIdle(page);
  await tid('learn-whatif-applied').waitFor({ state: 'visible', timeout: 5000 });
  const file = dearWithRule('logins', want.rule, 'dear-logins-learnt.json');
  const s = await assertCountsEqualNative(nativeScored(file, 'customers-1000.csv'), 'the proposed rule as a what-if');
  assert.deepEqual(s.whatIf.rules?.logins, want.rule, 'kenkoPage.state().whatIf.rules');
  assert.equal(s.auc, nativeAuc(file, 'customers-1000.csv'), 'AUC with the proposed rule');
  await gotoTab('results');
  assert.ok(await tid('whatif-rule-logins').isVisible(), 'the rule what-if is listed in the what-if panel');
  await tid('whatif-rule-reset-logins').click();
  await waitIdle(page);
  await assertCountsEqualNative(refDear, 'the rule what-if undone');
  // Healthy = a column's texts (the table is read again keeping it).
  await gotoTab('model');
  const byPlan = nativeLearn('dear.json', 'customers-1000.csv', 'logins', 'plan=Enterprise');
  await panel.locator('[data-testid="learn-healthy"]').selectOption('plan');
  await panel.locator('[data-testid="learn-values"]').fill('Enterprise');
  await panel.locator('[data-testid="learn-propose"]').click();
  await page.waitForFunction((r) => document.querySelector('[data-testid="learn-result"]')?.dataset.rule === r, JSON.stringify(byPlan.rule), { timeout: 20000 }).catch(() => {});
  await checkLearnResult(byPlan, 'logins by plan=Enterprise');
  await assertCountsEqualNative(refDear, 'after reading the table again for the column');
  // Into the model: applied, the model scores as the native program with that rule.
  await panel.locator('[data-testid="learn-to-model"]').click();
  await tid('model-apply').click();
  await waitIdle(page);
  assert.equal((await state()).error, null, `error: ${JSON.stringify((await state()).error)}`);
  await assertCountsEqualNative(nativeScored(dearWithRule('logins', byPlan.rule, 'dear-logins-plan.json'), 'customers-1000.csv'), 'the proposed rule in the model');
  await gotoTab('results');
  await backToDear();
});

await test('6. Japanese UI: the switch, document lang, Japanese strings; ja-JP locale at start', async () => {
  await tid('lang-switch').selectOption('ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja', null, { timeout: 5000 });
  const tab = await tid('tab-results').innerText();
  assert.match(tab, /[\u3040-\u30ff\u4e00-\u9fff]/, `tab in Japanese: ${tab}`);
  const body = await page.locator('main').innerText();
  assert.match(body, /顧客/, 'Japanese strings in the page');
  assert.equal((await state()).lang, 'ja');
  await assertCountsEqualNative(refDear, 'after the language switch');
  await shot('08-japanese-ui');
  await tid('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });

  const ja = await newContext({ locale: 'ja-JP' });
  const p = await ja.newPage();
  watch(p, 'ja');
  try {
    await p.goto(server.url);
    await waitReady(p);
    assert.equal(await p.evaluate(() => document.documentElement.lang), 'ja', 'lang with the ja-JP locale');
    assert.equal(await p.evaluate(() => window.kenkoPage.state().lang), 'ja');
    assert.match(await byTestId(p, 'tab-results').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/);
    await shot('09-japanese-locale', p);
  } finally {
    await ja.close();
  }
});

await test('4. nothing leaves localhost; CSP header and meta; no console errors or CSP violations', async () => {
  const host = new URL(server.origin).host;
  const outside = requests.filter((u) => {
    if (/^(data|blob):/.test(u)) return false;
    try { return new URL(u).host !== host; } catch { return true; }
  });
  assert.deepEqual(outside, [], 'requests to other hosts');
  assert.ok(requests.length > 5, 'requests were recorded');
  assert.ok(mainResponse, 'the page was loaded');
  const csp = (await mainResponse.allHeaders())['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, 'CSP header');
  assert.match(csp, /connect-src 'self'/, 'CSP header: connect-src');
  const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(meta, /connect-src 'self'/, 'CSP meta');
  for (const d of documentResponses) assert.ok(d.headers['content-security-policy'], `CSP on ${d.url}`);
  const violations = await page.evaluate(() => window.__csp);
  assert.deepEqual(violations, [], 'securitypolicyviolation events');
  assert.deepEqual(consoleProblems, [], 'console errors, page errors, CSP reports');
  assert.ok(!bypassCsp, 'run with --bypass-csp: the CSP was not enforced');
});

await context.close();
await browser.close();
await server.stop();
tmp.remove();
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${((Date.now() - started) / 1000).toFixed(0)} s); screenshots in tests/out/browser/`);
if (failed) console.log(`failed: ${failures.join('; ')}`);
process.exit(failed ? 1 : 0);
