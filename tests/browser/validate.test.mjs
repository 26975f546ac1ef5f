// The score reviewed against the outcome in headless Chromium (tests/browser/harness.mjs: a
// fresh context and page per test, nothing may leave localhost), every figure against the
// native `kenko` program: the Validate tab (AUC, deciles, segment rates, indicator AUCs = `kenko
// validate --format json`; ROC and lift drawn), the live what-if AUC and the Validate tab after
// weight changes (= `kenko validate` on the changed model), weight fitting (held-out AUCs and
// weights = `kenko fit`; discard; apply scores as the fitted model), thresholds learnt from
// healthy customers (= `kenko learn-bands`; as a what-if and into the model). Screenshots:
// tests/out/browser/10-validate.png, 11-, 12-, 13-, 14-, 15-*.png, 23-learn-thresholds.png.
//
//   node --test tests/browser/validate.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  dear, refs, native, nativeScored, nativeAuc, nativeValidation, dearWith, writeTemp, tmpPath, clone,
  f2, pct, int, auc3, weightText, num, waitIdle, pageTest,
} from './harness.mjs';

const refDear = refs.dear;
const reading = (a) => (a == null ? 'na' : a >= 0.7 ? 'well' : a >= 0.55 ? 'weakly' : a > 0.45 ? 'none' : 'backwards');

/** The Validate tab against `kenko validate --format json` (v): AUC, deciles, segments, indicators, plots. */
async function checkValidateView({ page, gotoTab, checkPlot }, v, what) {
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
    // (then, with the model's value_column, the value-weighted lift: value-fit.test.mjs)
    const vd = v.value?.deciles?.[k];
    assert.deepEqual(r.c.slice(1), [`${f2(d.minScore)} – ${f2(d.maxScore)}`, int(d.customers), int(d.positive), pct(d.rate), f2(d.lift), ...(v.value ? [f2(vd.lift)] : [])],
      `${what}: decile ${d.decile} cells (score range, customers, positive, rate, lift${v.value ? ', value lift' : ''})`);
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

pageTest('9a. Validate tab: AUC, deciles, segment rates, indicator AUCs equal `kenko validate --format json`; ROC and lift drawn', async (k) => {
  const { page, tid, shot, gotoTab, assertCountsEqualNative } = k;
  await assertCountsEqualNative(refDear, 'the first example');
  assert.ok(await tid('tab-validate').isVisible(), 'the Validate tab is shown for a model with an outcome');
  const v = nativeValidation('dear.json', 'customers-1000.csv');
  await checkValidateView(k, v, 'Validate');
  assert.match(await tid('validate-auc-delta').innerText(), /\S/, 'the baseline line');
  await page.locator('[data-testid="validate"] details.decile-details').evaluate((d) => { d.open = true; });
  await shot('10-validate');
  await tid('validate-deciles').scrollIntoViewIfNeeded();
  await shot('11-validate-deciles', page, { top: false });
  await gotoTab('results');
});

pageTest('9b. live AUC: after moving weights the what-if AUC and the Validate tab equal `kenko validate` on the changed model', async (k) => {
  const { page, tid, state, shot, slide, gotoTab, assertCountsEqualNative } = k;
  await assertCountsEqualNative(refDear, 'the first example');
  const base = nativeAuc('dear.json', 'customers-1000.csv');
  await slide('slider-indicator-seat_utilization', 9);
  let file = dearWith({ indicators: { seat_utilization: 9 } }, 'dear-seat9.json');
  let auc = nativeAuc(file, 'customers-1000.csv');
  assert.notEqual(auc, base, 'the change moves the AUC (else the test proves little)');
  const live = tid('whatif-auc');
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
  await checkValidateView(k, nativeValidation(file, 'customers-1000.csv'), 'Validate after the what-if');
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
  const val = (key) => Number(lines.find((l) => l.startsWith(`${key} `)).split(' ')[1]);
  const weights = { dimension: {}, indicator: {} };
  for (const l of lines) {
    const m = /^(dimension|indicator) (\S+) (\S+) -> (\S+)$/.exec(l);
    if (m) weights[m[1]][m[2]] = [Number(m[3]), Number(m[4])];
  }
  const folds = Number(/^folds (\d+)/m.exec(lines.join('\n'))[1]);
  return { before: val('heldout_auc_before'), after: val('heldout_auc_after'), folds, weights };
}

async function proposeFit({ page, tid }) {
  await tid('fit-propose').scrollIntoViewIfNeeded();
  await tid('fit-propose').click();
  await tid('fit-auc-before').waitFor({ state: 'visible', timeout: 20000 });
  await waitIdle(page);
}

pageTest('9c. fit: held-out AUCs and proposed weights equal `kenko fit`; discard keeps the scores; apply scores as the fitted model', async (k) => {
  const { page, tid, state, shot, gotoTab, assertCountsEqualNative } = k;
  await assertCountsEqualNative(refDear, 'the first example');
  const fittedFile = tmpPath('fitted.json');
  const want = nativeFit('dear.json', 'customers-1000.csv', fittedFile);
  const fitted = JSON.parse(readFileSync(fittedFile, 'utf8'));
  await gotoTab('validate');
  await proposeFit(k);
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
  await proposeFit(k);
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

async function checkLearnResult({ page, tid }, want, what) {
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

pageTest('13. learn thresholds: the proposal equals `kenko learn-bands`; as a what-if and into the model it scores as the native program', async (k) => {
  const { page, tid, state, shot, gotoTab, assertCountsEqualNative, backToDear } = k;
  await assertCountsEqualNative(refDear, 'the first example');
  const want = nativeLearn('dear.json', 'customers-1000.csv', 'logins');
  await gotoTab('model');
  await tid('model-indicator-logins').evaluate((el) => { if (el.tagName === 'DETAILS') el.open = true; el.closest('details')?.setAttribute('open', ''); });
  await tid('learn-open-logins').click();
  const panel = tid('learn-panel-logins');
  await panel.waitFor({ state: 'visible', timeout: 5000 });
  await panel.locator('[data-testid="learn-propose"]').click();
  await checkLearnResult(k, want, 'logins by outcome');
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
  await checkLearnResult(k, byPlan, 'logins by plan=Enterprise');
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
