// Trends against last month's snapshot in headless Chromium (tests/browser/harness.mjs: a fresh
// context and page per test, nothing may leave localhost), against `kenko score --previous
// --format json`: matched and deteriorating counts, the biggest movers, the segment-move
// matrix, the deteriorating and matrix filters (every customer they let through), a mover's
// detail, the trends after a what-if change, a snapshot with a duplicate id (an error naming
// both rows, the trends in force kept), clearing; after a model change the snapshot is read
// again with the new model, or dropped with a message when the new model cannot read it.
// Screenshots: tests/out/browser/16-trends.png, 17-, 18-, 18b-*.png.
//
//   node --test tests/browser/trends.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  dear, refs, ex, native, nativeJson, dearWith, writeTemp, parseCsv, f2, num, waitIdle, pageTest,
} from './harness.mjs';

const refDear = refs.dear;

/** Every customer-table row the filters let through (scrolls the virtualised grid): Map row → {id, change}. */
async function allTableRows({ page, tid }) {
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
async function checkMovers({ page }, ref, what, model = dear) {
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

pageTest('10. trends: matched, deteriorating, movers, segment moves equal `kenko score --previous`; filter; duplicate ids; clear', async (k) => {
  const { page, tid, state, shot, slide, errorText, dismissError, loadModel, assertCountsEqualNative, backToDear } = k;
  await assertCountsEqualNative(refDear, 'the first example');
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
  const fallen = await checkMovers(k, ref, 'movers');
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
  const rows = await allTableRows(k);
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
  const cellRows = await allTableRows(k);
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
  await checkMovers(k, refW, 'movers after the what-if');
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

pageTest('10b. trends after a model change: re-read and joined with the new model; a snapshot the new model cannot read is dropped', async (k) => {
  const { page, tid, state, shot, slide, errorText, dismissError, loadModel, assertCountsEqualNative, backToDear } = k;
  await assertCountsEqualNative(refDear, 'the first example');
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
  await checkMovers(k, ref, 'movers with seed-points.json', seed);
  // A model whose columns the snapshot lacks (the Japanese example): the snapshot is dropped, with a message.
  await tid('example-ja').click();
  const jaName = JSON.parse(readFileSync(ex('dear-ja.json'), 'utf8')).name;
  await page.waitForFunction((name) => window.kenkoPage.state().model === name, jaName, { timeout: 10000 });
  await waitIdle(page);
  const j = await state();
  assert.equal(j.trends, null, 'the snapshot the Japanese model cannot read is dropped');
  assert.equal(j.rows, refs.ja.rows.length, 'the Japanese example is scored');
  assert.match(await errorText(), /column/i, 'the message names the missing column');
  assert.equal(await tid('trend-matched').count(), 0, 'no matched count');
  await shot('18b-trends-dropped-after-model-change');
  await dismissError();
  await backToDear();
  assert.equal((await state()).trends, null, 'no snapshot comes back');
});
