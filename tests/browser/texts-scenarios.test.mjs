// The customer table's texts (ids and names cross from the engine as UTF-8 bytes + offsets,
// decoded only for the rows shown) and the scenario comparison (each state scored aside by the
// engine's evaluateWhatIf): sorting by id and by name is the code-point order of the native
// program's output, a search by a Japanese name fragment or an id in other case finds exactly
// the rows the native output has, and comparing the baseline with a saved scenario gives the
// native program's counts and AUC on the changed model.
//
//   node --test tests/browser/texts-scenarios.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clone, dear, ex, nativeAuc, nativeScored, pageTest, parseCsv, refs, waitIdle, writeTemp } from './harness.mjs';

// Code-point order of two strings (what the engine's byte order of UTF-8 is).
function byCodePoint(a, b) {
  const x = [...a], y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k].codePointAt(0) - y[k].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

pageTest('14. texts: sort by id and name in code-point order, search by a Japanese fragment and by id ignoring case', async ({
  page, tid, visibleRows,
}) => {
  await tid('example-ja').click();
  await waitIdle(page);
  await page.waitForFunction(() => window.kenkoPage.state().file === 'customers-ja-sjis.csv', null, { timeout: 10000 });
  await waitIdle(page);
  const ref = refs.ja;
  // The first N rows in display order: the texts of column KEY.
  const firstRowsBy = (key, n = 8) => page.evaluate(({ k, count }) => [...document.querySelectorAll('[data-testid="customer-table-row"]')]
      .filter((r) => !r.hidden)
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .slice(0, count)
      .map((r) => r.querySelector(`[data-testid="customer-table-cell-${k}"]`)?.textContent ?? ''), { k: key, count: n });
  // The native output has no label column: the page's names come from the table; compare the
  // order of the ids, then the names the page shows with their own code-point order.
  await tid('customer-table-sort-id').click();
  const ids = ref.records.map((r) => r[ref.idColumn]);
  const wantIds = [...ids].sort(byCodePoint).slice(0, 8);
  await page.waitForFunction((w) => {
    const r = [...document.querySelectorAll('[data-testid="customer-table-row"]')].find((x) => !x.hidden && x.getAttribute('aria-rowindex') === '2');
    return r?.querySelector('[data-testid="customer-table-cell-id"]')?.textContent === w;
  }, wantIds[0], { timeout: 5000 });
  assert.deepEqual(await firstRowsBy('id'), wantIds, 'ids ascending');
  await tid('customer-table-sort-label').click();
  await page.waitForTimeout(50);
  await waitIdle(page);
  const shownNames = await firstRowsBy('label', 12);
  assert.deepEqual(shownNames, [...shownNames].sort(byCodePoint), 'names ascending by code point');
  assert.ok(shownNames.every((x) => x.length > 0), 'names decoded');
  // Search: a fragment of a Japanese name finds exactly the rows whose name holds it.
  assert.equal((await page.evaluate(() => window.kenkoPage.state().rows)), ref.rows.length);
  // Descending: the Japanese names (beyond ASCII in code-point order) come first.
  await tid('customer-table-sort-label').click();
  await waitIdle(page);
  await page.waitForTimeout(50);
  const down = await firstRowsBy('label', 40);
  assert.deepEqual(down, [...down].sort(byCodePoint).reverse(), 'names descending by code point');
  const japanese = down.find((x) => /[\u3040-\u30ff\u4e00-\u9fff]{2}/.test(x));
  assert.ok(japanese, 'a Japanese name in sight');
  const fragment = japanese.match(/[\u3040-\u30ff\u4e00-\u9fff]{2}/)[0];
  await tid('table-search').fill(fragment);
  await page.waitForFunction(() => document.querySelector('#customers')?.dataset.rows !== String(window.kenkoPage.state().rows), null, { timeout: 5000 });
  const found = Number(await page.evaluate(() => document.querySelector('#customers').dataset.rows));
  // The names as the file holds them (Shift_JIS), read here independently of the engine.
  const [header, ...records] = parseCsv(new TextDecoder('shift_jis').decode(readFileSync(ex('customers-ja-sjis.csv'))));
  const nameAt = header.indexOf('顧客名');
  const want = records.filter((r) => r[nameAt].includes(fragment) || r[0].includes(fragment)).length;
  assert.ok(want >= 1);
  assert.equal(found, want, `rows holding "${fragment}"`);
  const rowsShown = await firstRowsBy('label', 200);
  assert.ok(rowsShown.length >= 1 && rowsShown.every((x) => x.includes(fragment)), `every row shown holds "${fragment}"`);
  // An id typed in lower case finds that customer.
  await tid('table-search').fill(ids[41].toLowerCase());
  await page.waitForFunction((x) => {
    const rows = [...document.querySelectorAll('[data-testid="customer-table-row"]')].filter((r) => !r.hidden);
    return rows.length >= 1 && rows.every((r) => r.querySelector('[data-testid="customer-table-cell-id"]')?.textContent.includes(x));
  }, ids[41], { timeout: 5000 });
  const hit = (await visibleRows()).filter((r) => r.id === ids[41]);
  assert.equal(hit.length, 1);
  assert.equal(hit[0].segment, ref.records[hit[0].row].segment);
});

pageTest('15. scenarios: the baseline against a saved scenario equals the native program on the changed model', async ({
  page, tid, slide,
}) => {
  const ind = dear.indicators[1].id;
  const dim = dear.dimensions[0].id;
  const top = async (testid) => Number(await tid(testid).getAttribute('max'));
  const w = Math.floor((await top(`slider-indicator-${ind}`)) * 0.8);
  const W = Math.floor((await top(`slider-dimension-${dim}`)) * 0.7);
  await slide(`slider-indicator-${ind}`, w);
  await slide(`slider-dimension-${dim}`, W);
  await tid('scenario-name').fill('B');
  await tid('scenario-save').click();
  await tid('whatif-reset').click();
  await waitIdle(page);
  await tid('scenario-compare-a').selectOption('@baseline');
  await tid('scenario-compare-b').selectOption('B');
  await tid('scenario-compare').click();
  await tid('compare-row-mean').waitFor({ state: 'visible' });
  await waitIdle(page);
  const m = clone(dear);
  m.indicators[1].weight = w;
  m.dimensions[0].weight = W;
  const file = writeTemp('scenario-b.json', JSON.stringify(m));
  const changed = nativeScored(file, 'customers-1000.csv');
  const base = refs.dear;
  for (const seg of [...dear.segments.map((s) => s.id)]) {
    const row = tid(`compare-row-${seg}`);
    if (!(await row.count())) continue;
    assert.equal(Number(await row.getAttribute('data-a')), base.counts[seg] ?? 0, `baseline ${seg}`);
    assert.equal(Number(await row.getAttribute('data-b')), changed.counts[seg] ?? 0, `scenario B ${seg}`);
  }
  const auc = tid('compare-row-auc');
  assert.equal(Number(await auc.getAttribute('data-a')), nativeAuc('dear.json', 'customers-1000.csv'), 'baseline AUC');
  assert.equal(Number(await auc.getAttribute('data-b')), nativeAuc(file, 'customers-1000.csv'), 'scenario AUC');
  // The scores in force did not move: the comparison scored both aside.
  const s = await page.evaluate(() => window.kenkoPage.state().counts);
  for (const seg of dear.segments.map((x) => x.id)) assert.equal(s[seg] ?? 0, base.counts[seg] ?? 0, `in force: ${seg}`);
});
