// Workshop mode with the what-if (issue 12, items 1 and 2) in headless Chromium, at 1280×720 and
// 1920×1080: the sliders (dimensions first, indicators folded by dimension), the segment summary,
// the histogram, the from→to matrix and the scenario switcher on one screen in large type; keys
// step a weight (1–9 picks a dimension, + / − step it, 0 goes back to the model, N the next
// scenario) and the counts, AUC and matrix equal the native program's for the same weights;
// every change is coloured by the segments' order (a move to a worse segment is bad news
// whatever the sign), checked against the native scored tables; the presenter switch hides
// customer names. Screenshots: tests/out/browser/42-workshop-1280x720*.png,
// 43-workshop-1920x1080.png.
//
//   node --test tests/browser/workshop.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { dear, refs, dearWith, nativeScored, nativeAuc, num, waitIdle, pageTest } from './harness.mjs';

// Each segment's tier as the model orders them (modelInfo tier: by min; no min the worst).
function tiers() {
  const mins = [...new Set(dear.segments.filter((s) => s.min != null).map((s) => s.min))].sort((a, b) => a - b);
  return Object.fromEntries(dear.segments.map((s) => [s.id, s.min == null ? 0 : 1 + mins.indexOf(s.min)]));
}

// The tone of each segment's change between two native scored tables, by hand: customers in from
// worse segments or out to better ones are good news, the reverse bad.
function tones(before, after) {
  const tier = tiers();
  const good = {}, bad = {};
  for (let r = 0; r < before.records.length; r++) {
    const a = before.records[r].segment, b = after.records[r].segment;
    if (a === b || !(a in tier) || !(b in tier) || tier[a] === tier[b]) continue;
    const better = tier[b] > tier[a];
    (better ? good : bad)[b] = ((better ? good : bad)[b] ?? 0) + 1; // came in
    (better ? good : bad)[a] = ((better ? good : bad)[a] ?? 0) + 1; // went out
  }
  const out = {};
  for (const s of dear.segments) {
    const g = good[s.id] ?? 0, b = bad[s.id] ?? 0;
    if ((before.counts[s.id] ?? 0) !== (after.counts[s.id] ?? 0)) out[s.id] = g > b ? 'good' : b > g ? 'bad' : 'same';
  }
  return out;
}

pageTest('42. workshop mode at 1280×720: the what-if on screen, keys, counts and colours by meaning = native', async ({ page, tid, state, shot, assertCountsEqualNative }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await tid('workshop-toggle').click();
  await page.waitForFunction(() => document.body.classList.contains('workshop'), null, { timeout: 5000 });
  await waitIdle(page);
  await page.waitForTimeout(200);
  // On one screen: sliders (dimensions first), segments, histogram, matrix, switcher.
  const inView = async (id) => {
    const b = await tid(id).boundingBox();
    return b && b.y >= 0 && b.y < 720 && b.x >= 0 && b.x + b.width <= 1281 && b.height > 10;
  };
  for (const id of ['slider-dimension-engagement', 'segment-counts', 'histogram', 'moves-matrix', 'scenario-switcher', 'whatif-auc']) {
    assert.ok(await inView(id), `${id} is on the 1280×720 screen`);
  }
  const order = await page.evaluate(() => [...document.querySelectorAll('#whatif input[type="range"]')].map((e) => e.dataset.kind));
  assert.equal(order[0], 'dimension', 'the dimensions come first');
  assert.ok(!(await tid('slider-indicator-logins').isVisible()), 'indicators folded by dimension');
  const font = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(font >= 16, `large type: ${font} px`);
  await shot('42-workshop-1280x720');

  // Keys: 2 → engagement (weight 3, range 0–10, step 0.5); four times + → 5.
  await page.keyboard.press('2');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'slider-dimension-engagement');
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, { engagement: 5 });
  const changedModel = dearWith({ dimensions: { engagement: 5 } }, 'dear-engagement-5.json');
  const after = nativeScored(changedModel, 'customers-1000.csv');
  await assertCountsEqualNative(after, 'workshop: engagement 5');
  assert.equal((await state()).auc, nativeAuc(changedModel, 'customers-1000.csv'), 'the live AUC = kenko validate');
  // The matrix: baseline → now, as the native tables say.
  const moved = after.records.filter((r, i) => r.segment !== refs.dear.records[i].segment).length;
  assert.equal(num(await tid('moves-total').getAttribute('data-moved'), 'moved'), moved);
  // Colours by meaning: every segment whose count changed is toned as worked out by hand.
  const want = tones(refs.dear, after);
  assert.ok(Object.values(want).includes('good') && Object.values(want).includes('bad'), `a mix of good and bad changes to test: ${JSON.stringify(want)}`);
  for (const [id, tone] of Object.entries(want)) {
    assert.equal(await tid(`segment-delta-${id}`).getAttribute('data-tone'), tone, `the tone of ${id}'s change`);
  }
  // A fall in a worse segment is good news: a card with a minus sign and the good tone exists.
  const signs = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="segment-delta-"]')].map((e) => ({ text: e.textContent, tone: e.dataset.tone })));
  assert.ok(signs.some((x) => x.text.startsWith('\u2212') && x.tone === 'good'), 'a negative change shown as good news');
  assert.ok(signs.some((x) => x.text.startsWith('+') && x.tone === 'bad') || signs.some((x) => x.text.startsWith('\u2212') && x.tone === 'bad'), 'bad news shown');
  // Matrix cells: a move to a worse segment is marked bad.
  const cells = await page.evaluate(() => [...document.querySelectorAll('[data-testid="moves-matrix"] td.moved')].map((td) => td.dataset.tone));
  assert.ok(cells.includes('bad') && cells.includes('good'), `matrix cells toned: ${cells}`);
  await shot('42-workshop-1280x720-moved');

  // The presenter switch hides names (P); the customer table shows none.
  await page.keyboard.press('p');
  await page.waitForFunction(() => document.body.classList.contains('presenter'), null, { timeout: 3000 });
  assert.equal(await tid('workshop-presenter').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => window.kenkoPage.controller.label(0)), '');

  // 0: back to the model; a saved scenario, then N switches to it.
  await page.keyboard.press('0');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, {});
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.body.classList.contains('workshop'), null, { timeout: 3000 });
  await page.keyboard.press('p'); // outside workshop mode keys do nothing
  assert.ok(await page.evaluate(() => document.body.classList.contains('presenter')), 'presenter mode stays until switched off');
  await tid('customer-table').scrollIntoViewIfNeeded();
  await page.waitForTimeout(100);
  const names = await page.evaluate(() => [...document.querySelectorAll('[data-testid="customer-table-cell-label"]')].filter((e) => !e.closest('[hidden]')).slice(0, 20).map((e) => e.textContent));
  assert.ok(names.length > 5 && names.every((x) => x === '(name hidden)'), `names hidden in the table: ${names.slice(0, 3)}`);
  await tid('customer-table-row').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="detail-panel"]').hidden && document.querySelector('[data-testid="detail-title"]').textContent, null, { timeout: 5000 });
  assert.match(await tid('detail-title').innerText(), /^C\d+$/, 'the detail panel names the customer by id only');
  await tid('detail-close').click();
  await page.evaluate(() => window.kenkoPage.controller.setPresenter(false));
  await page.evaluate(() => window.kenkoPage.controller.setWhatIfState({ dimensions: { engagement: 5 } }));
  await waitIdle(page);
  await tid('scenario-name').fill('Engagement ×5');
  await tid('scenario-save').click();
  await page.evaluate(() => window.kenkoPage.controller.resetWhatIf());
  await waitIdle(page);
  await tid('workshop-toggle').click();
  await page.waitForFunction(() => document.body.classList.contains('workshop'), null, { timeout: 3000 });
  await page.keyboard.press('n');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, { engagement: 5 }, 'N switched to the saved scenario');
  assert.equal(await tid('scenario-switch-Engagement ×5').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-row-mean"]'), null, { timeout: 5000 });
  assert.equal(await tid(`compare-row-${dear.segments[0].id}`).getAttribute('data-b'), String(after.counts[dear.segments[0].id] ?? 0), 'the comparison shows the scenario');
  await page.keyboard.press('b');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, {}, 'B back to the model');
  await page.keyboard.press('Escape');
});

pageTest('43. workshop mode at 1920×1080: everything on one screen, charts in large type', async ({ page, tid, shot }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => window.kenkoPage.controller.setWhatIfState({ dimensions: { engagement: 5 } }));
  await waitIdle(page);
  await tid('workshop-toggle').click();
  await page.waitForFunction(() => document.body.classList.contains('workshop'), null, { timeout: 5000 });
  await waitIdle(page);
  await page.waitForTimeout(300);
  for (const id of ['slider-dimension-engagement', 'segment-counts', 'histogram', 'moves-matrix', 'scenario-switcher', 'whatif-auc']) {
    const b = await tid(id).boundingBox();
    assert.ok(b && b.y >= 0 && b.y + Math.min(b.height, 40) <= 1080 && b.x + b.width <= 1921, `${id} on the 1920×1080 screen: ${JSON.stringify(b)}`);
  }
  // The matrix shows every move (no cell cut off on the right).
  const m = await tid('moves-matrix').boundingBox();
  const panel = await page.locator('#moves').boundingBox();
  assert.ok(m.x + m.width <= panel.x + panel.width + 1, 'the matrix fits its panel');
  await shot('43-workshop-1920x1080');
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.kenkoPage.controller.resetWhatIf());
  await waitIdle(page);
});
