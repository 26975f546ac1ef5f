// The results of the first example in headless Chromium (tests/browser/harness.mjs: a fresh
// context and page per test, nothing may leave localhost): dear.json on customers-1000.csv as
// the page scores it at start equals the native `kenko` program — segment counts, totals,
// histogram and alerts (`kenko summary`), AUC (`kenko validate`), rows in sight, sorted and
// searched, the detail panel — and the scored CSV export is the native output plus BOM and
// label column. Screenshots: tests/out/browser/01-first-load.png, 02-detail-panel.png.
//
//   node --test tests/browser/results.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  dear, refs, ex, native, nativeAuc, nativeSummary, parseCsv, assertRowsEqualNative, pageTest,
} from './harness.mjs';

const refDear = refs.dear;

pageTest('1. first example: dear.json + customers-1000.csv equal the native program', async ({
  page, tid, state, shot, assertCountsEqualNative, visibleRows, checkCustomerBySearch, clearSearch,
}) => {
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

pageTest('7. export: scored CSV = native output + BOM + label column', async ({ page, tid, state, upload, assertCountsEqualNative }) => {
  // The table through the file input (the first example is the same model and table).
  await upload('file-input', ex('customers-1000.csv'));
  assert.equal((await state()).file, 'customers-1000.csv');
  await assertCountsEqualNative(refDear, 'the file');
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
