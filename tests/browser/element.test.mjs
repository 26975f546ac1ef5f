// <kenko-score> (wasm/kenko-score.mjs) on host pages (examples/embed/, served as /embed/) that
// send a strict Content-Security-Policy (no inline script, no eval: STRICT_CSP), in headless
// Chromium, against the native program:
// - mode="table": a file through the drop zone's picker → segment counts, histogram, every
//   score (the element's engine's scored CSV) and the rows shown; a customer's detail (drivers,
//   alerts, action, path) = `kenko explain`; a pasted table; a bad model → kenko-error;
// - mode="self-check" (lang="ja", the model inline): the form filled in by keyboard gives the
//   score, segment, drivers and path of `kenko explain` on the same one-row table, live;
// - the element's JS + WASM, gzipped, within its budget (bench/README.md).
//
//   node --test tests/browser/element.test.mjs     (after scripts/build)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ex, native, nativeJson, nativeSummary, parseCsv, refs, site, tempDir } from './harness.mjs';
import { STRICT_CSP, checkRecording, newPage, nextEvent, serve } from './embed-helpers.mjs';

const tmp = tempDir('kenko-element-');
process.on('exit', () => tmp.remove());

/**
 * The element's size, gzip -9 (bench/README.md): its own JS (the element, the worker engine, the
 * worker and its client: what embedding adds) within JS_BUDGET_KIB, and all it loads (that JS,
 * the JS API, the Emscripten glue and kenko.wasm) within BUDGET_KIB: the page's budget, 500 kB
 * (488 KiB). 475 KiB on 2026-12-03, after the code that runs once per request was compiled for
 * size (CMakeLists.txt).
 */
const JS_BUDGET_KIB = 30;
const BUDGET_KIB = 488;

let server;
async function host(path) {
  server ??= await serve({ KENKO_CSP: STRICT_CSP });
  const p = await newPage();
  const response = await p.page.goto(`${server.url}${path}`);
  assert.equal((await response.allHeaders())['content-security-policy'], STRICT_CSP, 'the host page sends the strict CSP');
  return p;
}

const el = (page, sel = 'kenko-score') => page.locator(sel);

test('table mode: a file → counts, histogram, every score and a customer = the native program', { timeout: 180000 }, async () => {
  const { page, rec, close } = await host('embed/element-table.html');
  try {
    await page.waitForFunction(() => document.getElementById('scorer')?.model?.name);
    const scored = nextEvent(page, '#scorer', 'kenko-scored');
    await el(page).locator('[part~="file-input"]').setInputFiles(ex('customers-1000.csv'));
    const detail = await scored;
    assert.equal(detail.rows, 1000);
    const ref = refs.dear;

    // Segment counts (cards) and the histogram.
    const cards = await el(page).locator('[part="count"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-segment'), Number(e.getAttribute('data-count'))]));
    const shown = Object.fromEntries(cards.filter(([id]) => id));
    for (const [seg, n] of Object.entries(ref.counts)) assert.equal(shown[seg], n, `segment ${seg}`);
    assert.equal(cards.find(([id]) => id === '')[1], 1000, 'the "all" card');
    const bins = await el(page).locator('svg.hist').getAttribute('data-bins');
    assert.deepEqual(bins.split(',').map(Number), nativeSummary('dear.json', 'customers-1000.csv').histogram);
    assert.match(await page.locator('#log').textContent(), /1000 customers scored/, 'the host heard kenko-scored');

    // Every score: the element's engine writes the native scored table byte for byte.
    const csv = await page.evaluate(async () => new TextDecoder().decode(await (await document.getElementById('scorer').engine).scoredCsv()));
    assert.equal(csv, native(['score', '--model', 'dear.json', 'customers-1000.csv']).toString('utf8'));

    // The rows shown: lowest scores first, each as the native program scores it.
    const rows = await el(page).locator('tr[part="row"]').evaluateAll((trs) => trs.map((tr) => ({
      id: tr.querySelector('button').textContent, score: tr.children[1].textContent, segment: tr.children[2].getAttribute('data-segment'),
    })));
    assert.equal(rows.length, 50);
    const byScore = [...ref.records].filter((r) => r.score !== '').sort((a, b) => Number(a.score) - Number(b.score));
    assert.equal(rows[0].score, byScore[0].score, 'the lowest score first');
    for (const r of rows) {
      const n = ref.byId.get(r.id);
      assert.ok(n, `customer ${r.id}`);
      assert.equal(r.score, n.score, `score of ${r.id}`);
      assert.equal(r.segment, n.segment, `segment of ${r.id}`);
    }
    for (let i = 1; i < rows.length; i++) assert.ok(Number(rows[i - 1].score) <= Number(rows[i].score), 'sorted');

    // A segment card filters the table.
    const seg = cards.find(([id, n]) => id && n > 0 && n < 50)[0];
    await el(page).locator(`[part="count"][data-segment="${seg}"]`).click();
    const filtered = await el(page).locator('tr[part="row"] td[data-segment]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-segment')));
    assert.equal(filtered.length, ref.counts[seg]);
    assert.ok(filtered.every((s) => s === seg));
    await el(page).locator('[part="count"][data-segment=""]').click();

    // A customer's detail (keyboard: the row's button, Enter) = `kenko explain`.
    const first = el(page).locator('tr[part="row"] button').first();
    const id = await first.textContent();
    await first.focus();
    await page.keyboard.press('Enter');
    const box = el(page).locator('[part="detail"]');
    await box.waitFor();
    const nat = nativeJson(['explain', '--model', 'dear.json', 'customers-1000.csv', '--id', id, '--format', 'json']);
    assert.equal(await box.locator('[part="score"]').getAttribute('data-score'), String(nat.customer.score));
    assert.equal(await box.locator('[part="segment"]').getAttribute('data-segment'), nat.customer.segment);
    assert.deepEqual(await box.locator('[part="drivers"] li').evaluateAll((l) => l.map((x) => x.getAttribute('data-indicator'))), nat.customer.drivers);
    assert.deepEqual(await box.locator('[part="alerts"] li').evaluateAll((l) => l.map((x) => x.getAttribute('data-alert'))), nat.customer.alerts);
    const model = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
    const action = model.segments.find((s) => s.id === nat.customer.segment)?.action;
    if (action) assert.equal(await box.locator('[part="action"]').getAttribute('data-action'), action);
    const path = box.locator('[part="path"]');
    assert.equal(await path.getAttribute('data-found'), String(nat.improvement.found));
    if (nat.improvement.found) {
      assert.equal(await path.getAttribute('data-to'), nat.improvement.to.segment);
      assert.deepEqual(await path.locator('[part="step"]').evaluateAll((s) => s.map((x) => [x.getAttribute('data-indicator'), x.getAttribute('data-to')])),
        nat.improvement.steps.map((s) => [s.indicator, String(s.to)]));
    }
    await checkRecording(rec);
  } finally {
    await close();
  }
});

test('table mode: a pasted table, a model set as a property, a bad model → kenko-error', { timeout: 180000 }, async () => {
  const { page, rec, close } = await host('embed/element-table.html');
  try {
    await page.waitForFunction(() => document.getElementById('scorer')?.model?.name);
    // 40 customers pasted as tab-separated text, scored with seed-points.json set as a property.
    const lines = readFileSync(ex('customers-1000.csv'), 'utf8').split('\n').slice(0, 41);
    const file = tmp.path('pasted.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tsv = parseCsv(lines.join('\n')).map((r) => r.join('\t')).join('\n');
    const seed = readFileSync(ex('seed-points.json'), 'utf8');
    await page.evaluate((m) => { document.getElementById('scorer').model = JSON.parse(m); }, seed);
    await page.waitForFunction((name) => document.getElementById('scorer').model?.name === name, JSON.parse(seed).name);
    await el(page).locator('[part="paste"] summary').click();
    await el(page).locator('[part="paste-area"]').fill(tsv);
    const scored = nextEvent(page, '#scorer', 'kenko-scored');
    await el(page).locator('[part~="paste-score"]').click();
    assert.equal((await scored).rows, 40);
    const csv = await page.evaluate(async () => new TextDecoder().decode(await (await document.getElementById('scorer').engine).scoredCsv()));
    assert.equal(csv, native(['score', '--model', 'seed-points.json', file]).toString('utf8'));

    // A bad model: kenko-error with the problem's path; shown in the status line.
    const bad = JSON.parse(seed);
    bad.indicators[1].rule.type = 'nope';
    const failed = nextEvent(page, '#scorer', 'kenko-error');
    await page.evaluate((m) => { document.getElementById('scorer').model = m; }, bad);
    const { error } = await failed;
    assert.equal(error.name, 'KenkoModelError');
    assert.ok(error.problems.some((p) => p.path === 'indicators[1].rule.type'), JSON.stringify(error.problems));
    assert.match(await el(page).locator('[part~="status"]').textContent(), /indicators\[1\]\.rule\.type/);
    assert.match(await page.locator('#log').textContent(), /kenko: /, 'the host heard kenko-error');
    // The model in force and its results stay (the engine kept them).
    assert.equal(await page.evaluate(() => document.getElementById('scorer').results?.rows), 40, 'the results are kept');
    assert.equal(await page.evaluate(async () => (await document.getElementById('scorer').engine).modelInfo().then((m) => m.name)), JSON.parse(seed).name);
    await checkRecording(rec);
  } finally {
    await close();
  }
});

test('self-check (ja, inline model): the form filled in by keyboard = `kenko explain` on the same row', { timeout: 180000 }, async () => {
  const { page, rec, close } = await host('embed/self-check.html');
  try {
    await page.waitForFunction(() => document.getElementById('check')?.model?.name);
    const model = await page.evaluate(() => document.getElementById('check').model);
    const info = await page.evaluate(async () => (await document.getElementById('check').engine).modelInfo());
    // Japanese texts, every input labelled.
    const form = el(page, '#check').locator('[part="form"]');
    assert.match(await form.textContent(), /わからない項目は空欄/);
    const inputs = await form.locator('[part="input"]').evaluateAll((els) => els.map((e) => ({
      column: e.getAttribute('data-column'), kind: e.getAttribute('data-kind'), label: e.closest('[part="field"]').querySelector('label').textContent,
      options: e.tagName === 'SELECT' ? [...e.options].map((o) => o.value) : null,
    })));
    const columns = inputs.map((x) => x.column);
    assert.deepEqual([...columns].sort(), info.columns.filter((c) => c !== info.idColumn).sort(), 'one input per model column');
    assert.ok(inputs.find((x) => x.column === '契約席数').label.includes('(席)'), 'units from x-columns');
    assert.equal(inputs.find((x) => x.column === '初期設定完了').kind, 'boolean');
    assert.deepEqual(inputs.find((x) => x.column === 'プラン').options.slice(1, 4), ['エンタープライズ', 'ビジネス', 'スターター']);

    // Keyboard only: focus the first input, type each value, Tab to the next; selects by arrows.
    const values = {
      アクティブユーザー数: '12', 契約席数: '20', 週あたりログイン日数: '3', 今月の利用回数: '95', 先月の利用回数: '100',
      初期設定完了: 1, プラン: 2, 年間契約額: '1,500,000',
    };
    await form.locator('[part="input"]').first().focus();
    for (const x of inputs) {
      const v = values[x.column];
      if (typeof v === 'number') for (let k = 0; k < v; k++) await page.keyboard.press('ArrowDown');
      else if (v != null) await page.keyboard.type(v, { delay: 5 });
      await page.keyboard.press('Tab');
    }
    // The same row, written by the test: the id column, the values typed, the options chosen.
    const cells = info.columns.map((c) => {
      if (c === info.idColumn) return 'あなた';
      const v = values[c];
      if (typeof v === 'number') return inputs.find((x) => x.column === c).options[v];
      return v ?? '';
    });
    const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
    const table = `${info.columns.map(q).join(',')}\r\n${cells.map(q).join(',')}\r\n`;
    // Live: the result follows every change; wait for the answer to the whole row.
    await page.waitForFunction((t) => document.getElementById('check').results?.table === t, table);
    const modelFile = tmp.path('self-check.json');
    const rowFile = tmp.path('self-check.csv');
    writeFileSync(modelFile, JSON.stringify(model));
    writeFileSync(rowFile, table);
    const nat = nativeJson(['explain', '--model', modelFile, rowFile, '--id', 'あなた', '--format', 'json']);

    const result = el(page, '#check').locator('[part="result"]');
    assert.equal(await result.locator('[part="score"]').getAttribute('data-score'), String(nat.customer.score));
    const [scoreText] = native(['score', '--model', modelFile, rowFile]).toString('utf8').split('\n')[1].split(',').slice(1, 2);
    assert.equal(await result.locator('[part="score"]').textContent(), scoreText, 'the score as the program prints it');
    assert.equal(await result.locator('[part="segment"]').getAttribute('data-segment'), nat.customer.segment);
    assert.deepEqual(await result.locator('[part="drivers"] li').evaluateAll((l) => l.map((x) => x.getAttribute('data-indicator'))), nat.customer.drivers);
    const path = result.locator('[part="path"]');
    assert.equal(await path.getAttribute('data-found'), String(nat.improvement.found));
    assert.ok(nat.improvement.found, 'this row has a path to a better segment');
    assert.equal(await path.getAttribute('data-to'), nat.improvement.to.segment);
    assert.deepEqual(await path.locator('[part="step"]').evaluateAll((s) => s.map((x) => [x.getAttribute('data-indicator'), x.getAttribute('data-bound'), x.getAttribute('data-to')])),
      nat.improvement.steps.map((s) => [s.indicator, s.bound, String(s.to)]));
    assert.match(await path.textContent(), /に上がるには/);

    // Live: one more keystroke changes the score.
    const before = nat.customer.score;
    await form.locator('[data-column="週あたりログイン日数"]').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    await page.waitForFunction((b) => {
      const s = document.getElementById('check').shadowRoot.querySelector('[part="score"]')?.getAttribute('data-score');
      return s && Number(s) !== b;
    }, before);
    await checkRecording(rec);
  } finally {
    await close();
  }
});

test(`the element's own JS within ${JS_BUDGET_KIB} KiB and all it loads within ${BUDGET_KIB} KiB, gzipped`, { timeout: 180000 }, () => {
  const own = ['kenko-score.mjs', 'kenko-worker.mjs', 'engine-client.mjs', 'engine-worker.mjs'];
  const files = [...own, 'kenko-api.mjs', 'kenko.mjs', 'kenko.wasm'];
  let total = 0;
  let ownTotal = 0;
  const parts = [];
  for (const f of files) {
    const gz = gzipSync(readFileSync(join(site, f)), { level: 9 }).length;
    total += gz;
    if (own.includes(f)) ownTotal += gz;
    parts.push(`${f} ${(gz / 1024).toFixed(1)}`);
  }
  const kib = (b) => (b / 1024).toFixed(1);
  console.log(`element (single-threaded): ${kib(total)} KiB gzip -9, its own JS ${kib(ownTotal)} KiB (${parts.join(', ')})`);
  assert.ok(ownTotal <= JS_BUDGET_KIB * 1024, `its own JS: ${kib(ownTotal)} KiB > ${JS_BUDGET_KIB} KiB`);
  assert.ok(total <= BUDGET_KIB * 1024, `${kib(total)} KiB > ${BUDGET_KIB} KiB`);
});
