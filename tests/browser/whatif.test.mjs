// The what-if simulator in headless Chromium (tests/browser/harness.mjs: a fresh context and
// page per test, nothing may leave localhost): an indicator weight, a dimension weight and a
// segment threshold moved on the sliders score as the native `kenko` program scores the model
// changed the same way (counts, rows, a searched customer, the live AUC = `kenko validate`); the
// from → to matrix adds up; the exported model is that changed model; reset restores the first
// example. Screenshot: tests/out/browser/04-after-whatif.png.
//
//   node --test tests/browser/whatif.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  dear, refs, nativeScored, nativeAuc, writeTemp, assertRowsEqualNative, waitIdle, pageTest,
} from './harness.mjs';

pageTest('3. what-if: indicator weight, dimension weight, threshold equal the native program on the changed model; matrix; reset', async ({
  page, tid, state, shot, slide, assertCountsEqualNative, visibleRows, checkCustomerBySearch, clearSearch,
}) => {
  await assertCountsEqualNative(refs.dear, 'the first example');
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
  await assertCountsEqualNative(refs.dear, 'after reset');
  const r = await state();
  assert.deepEqual(r.whatIf, { indicators: {}, dimensions: {}, bounds: {} });
  assert.equal(r.moved, 0);
});
