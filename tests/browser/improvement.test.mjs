// The improvement a customer needs, in the detail panel, in headless Chromium
// (tests/browser/harness.mjs: a fresh context and page per test, nothing may leave localhost):
// its steps and result equal `kenko explain --format json` (found or not, with the engine's
// reason), the best segment says so in English and Japanese, and with a what-if change in force
// it is searched on the changed scores. Screenshots: tests/out/browser/19-improvement.png,
// 20-improvement-best-ja.png.
//
//   node --test tests/browser/improvement.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { refs, nativeJson, dearWith, f2, num, waitIdle, pageTest } from './harness.mjs';

/** Opens the detail panel of a customer found by search; waits for its improvement section. */
async function openCustomer({ page, tid }, id) {
  await tid('table-search').fill(id);
  const row = page.locator('[data-testid="customer-table-row"]:not([hidden])', { has: page.locator(`[data-testid="customer-table-cell-id"]:text-is("${id}")`) });
  await row.waitFor({ state: 'visible', timeout: 5000 });
  await row.click();
  await tid('detail-panel').waitFor({ state: 'visible' });
  await page.waitForFunction((x) => document.querySelector('[data-testid="detail-id"]')?.textContent === x
    && document.querySelector('[data-testid="detail-improvement"]'), id, { timeout: 5000 });
  await waitIdle(page);
}

async function closeCustomer({ page, tid }) {
  await page.keyboard.press('Escape');
  await tid('detail-panel').waitFor({ state: 'hidden', timeout: 5000 });
}

/** Opens a customer's detail; its improvement section against `kenko explain --format json` on MODEL; → the native improvement. */
async function checkImprovement(k, id, model, screenshot = null) {
  const { page, tid, shot } = k;
  const imp = nativeJson(['explain', '--model', model, 'customers-1000.csv', '--id', id, '--format', 'json']).improvement;
  await openCustomer(k, id);
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

pageTest('11. improvement: steps and result equal `kenko explain --format json`; the best segment says so (English and Japanese)', async (k) => {
  const { page, tid, shot, slide, clearSearch, assertCountsEqualNative } = k;
  await assertCountsEqualNative(refs.dear, 'the first example');
  const ids = ['C000001', 'C000003', 'C000008', 'C000002'];
  let best = null;
  for (const id of ids) {
    const imp = await checkImprovement(k, id, 'dear.json', id === 'C000001' ? '19-improvement' : null);
    if (!imp.found && imp.reasonCode === 'bestSegment') best = { id, imp };
    await closeCustomer(k);
  }
  assert.ok(best, 'a customer of the native program already in the best segment (C000002)');
  await closeCustomer(k).catch(() => {});
  await openCustomer(k, best.id);
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
  await closeCustomer(k);
  // With a what-if change in force the improvement is searched on the changed scores.
  await slide('slider-indicator-logins', 0);
  const changed = dearWith({ indicators: { logins: 0 } }, 'dear-logins-0.json');
  const before = nativeJson(['explain', '--model', 'dear.json', 'customers-1000.csv', '--id', 'C000001', '--format', 'json']).improvement;
  const imp = await checkImprovement(k, 'C000001', changed);
  assert.notDeepEqual(imp.steps.map((x) => x.indicator), before.steps.map((x) => x.indicator), 'the what-if changes the answer (else the test proves little)');
  await closeCustomer(k);
  await tid('whatif-reset').click();
  await waitIdle(page);
  await clearSearch();
});
