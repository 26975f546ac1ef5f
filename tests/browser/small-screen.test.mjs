// Small screens and the keyboard (issue 12, item 7) in headless Chromium: at 390 px wide nothing
// of the results is cut (no element past the right edge, the page does not scroll sideways;
// segment cards, AUC, alert chips and the histogram inside the screen) and the counts are the
// native program's; a skip link takes the keyboard to the customer table; each what-if slider
// is one Tab stop (its number field by Enter, back by Escape; Delete puts the model's value
// back); arrow keys step a twentieth of the slider's range; every Tab stop is visible (no
// hidden file input takes the focus). Screenshots: tests/out/browser/40-small-390-*.png.
//
//   node --test tests/browser/small-screen.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { refs, dearWith, nativeScored, waitIdle, pageTest } from './harness.mjs';

pageTest('40. 390 px: the results readable, nothing cut, the native counts', async ({ page, tid, shot, assertCountsEqualNative }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await waitIdle(page);
  await page.waitForTimeout(200); // the charts follow their boxes
  await assertCountsEqualNative(refs.dear, 'at 390 px');
  const cut = await page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('main *, header *')) {
      if (el.closest('[hidden], .table-scroll, .vt-scroll, .history-flow, .tabs, .skip-link, .visually-hidden, details:not([open]) > :not(summary)')) continue;
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > W + 1 || r.left < -1)) out.push(`${el.tagName.toLowerCase()}.${el.className} [${el.dataset.testid ?? ''}] ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return { W, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 10) };
  });
  assert.equal(cut.scrollWidth, cut.W, `the page scrolls sideways at 390 px (${cut.scrollWidth} px wide)`);
  assert.deepEqual(cut.out, [], 'elements past the screen edge at 390 px');
  for (const id of ['segment-counts', 'total-auc', 'alert-counts', 'histogram', 'whatif-auc']) {
    const box = await tid(id).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 391, `${id} inside the 390 px screen: ${JSON.stringify(box)}`);
  }
  await shot('40-small-390-summary');
  await tid('histogram').scrollIntoViewIfNeeded();
  await shot('40-small-390-histogram', page, { top: false });
  await tid('whatif').scrollIntoViewIfNeeded();
  await shot('40-small-390-whatif', page, { top: false });
});

pageTest('41. keyboard: skip link to the table, one Tab stop per slider, arrow steps fit the range, no invisible focus', async ({ page, tid, state }) => {
  // The skip links are the first Tab stops; the second one lands on the customer table.
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'skip-results');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'skip-table');
  assert.ok(await tid('skip-table').isVisible(), 'the skip link shows when it has the focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'customers-title' || location.hash === '#customers-title', null, { timeout: 3000 });
  // From the tab bar to the customer table's search: far fewer stops than the 131 of before
  // (3 per slider), and every stop is visible.
  await tid('tab-results').focus();
  let presses = 0;
  const invisible = [];
  for (; presses < 200; presses++) {
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return { testid: el.dataset.testid ?? '', tag: el.tagName, w: r.width, h: r.height, hidden: style.visibility === 'hidden' || style.opacity === '0' || el.classList.contains('visually-hidden') };
    });
    if (presses > 0 && (f.w < 2 || f.h < 2 || f.hidden)) invisible.push(`${f.tag} ${f.testid}`);
    if (f.testid === 'table-search') break;
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(invisible, [], 'Tab stops that cannot be seen');
  const sliders = await page.locator('#whatif input[type="range"]').count();
  assert.ok(presses < 131 && presses <= sliders + 40, `${presses} Tab presses from the tab bar to the table (${sliders} sliders)`);
  const numberStops = await page.evaluate(() => [...document.querySelectorAll('#whatif input[type="number"], #whatif button.icon-button')].filter((e) => e.tabIndex >= 0).length);
  assert.equal(numberStops, 0, 'the number fields and reset buttons are not Tab stops');
  for (const id of ['file-input', 'model-file-input', 'scenario-import', 'previous-input', 'history-input']) {
    assert.equal(await tid(id).getAttribute('tabindex'), '-1', `the hidden file input ${id} takes no focus`);
  }

  // Arrow keys step a twentieth of the range: engagement (weight 3, range 0–10) by 0.5.
  const slider = tid('slider-dimension-engagement');
  await slider.focus();
  assert.equal(await slider.getAttribute('max'), '10');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, { engagement: 4 }, 'two arrow steps of 0.5');
  await page.keyboard.press('PageUp');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, { engagement: 6.5 }, 'Page Up: five steps');
  const ref = nativeScored(dearWith({ dimensions: { engagement: 6.5 } }, 'dear-eng-6.5.json'), 'customers-1000.csv');
  const counts = (await state()).counts;
  for (const [id, n] of Object.entries(ref.counts)) assert.equal(counts[id], n, `count of ${id} after the keyboard what-if`);
  // Enter: the number field; a value typed, Enter: back on the slider with it in force.
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'slider-dimension-engagement-value');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await waitIdle(page);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'slider-dimension-engagement');
  assert.deepEqual((await state()).whatIf.dimensions, { engagement: 2 });
  // Delete: the model's value back.
  await page.keyboard.press('Delete');
  await waitIdle(page);
  assert.deepEqual((await state()).whatIf.dimensions, {});
  // A segment bound steps by one point.
  const bound = tid('slider-segment-min-green');
  await bound.focus();
  await page.keyboard.press('ArrowLeft');
  await waitIdle(page);
  assert.equal((await state()).whatIf.bounds.green.min, 69);
  await tid('whatif-reset').click();
  await waitIdle(page);
});
