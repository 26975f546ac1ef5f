// Revenue at risk and fitting with constraints (issue 12, items 4 and 5) in headless Chromium:
// with the model's value_column (dear.json: arr) the value per segment on the cards, the value a
// what-if moves and the value-weighted AUC and lift on the Validate tab equal the native
// program's (`kenko summary`, `kenko validate`, the scored tables); the fit with a locked
// indicator and a dimension's minimum share gives `kenko fit --lock … --min-share …`'s weights
// and held-out AUCs, with and without the constraints side by side.
// Screenshots: tests/out/browser/44-value.png, 45-fit-constraints.png.
//
//   node --test tests/browser/value-fit.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dear, ex, native, refs, dearWith, nativeScored, parseCsv, num, waitIdle, pageTest } from './harness.mjs';

/** `kenko summary`'s value section → {segment id: value}. */
function nativeValues(model) {
  const lines = native(['summary', '--model', model, 'customers-1000.csv']).toString('utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('value ('));
  assert.ok(at > 0, 'kenko summary prints the value section');
  const out = {};
  for (let i = at + 1; i < lines.length && lines[i].startsWith('  '); i++) {
    const m = /^ {2}(\S+)\s+(-?\d+\.\d\d)/.exec(lines[i]);
    if (m && !['total', 'at', 'without'].includes(m[1])) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** `kenko validate`'s value lines → {auc, lifts: [10]}. */
function nativeValueReview(model) {
  const lines = native(['validate', '--model', model, 'customers-1000.csv']).toString('utf8').split('\n');
  const auc = Number(lines.find((l) => l.startsWith('value_auc ')).slice(10));
  const head = lines.indexOf('decile value value_positive value_rate value_lift');
  const lifts = lines.slice(head + 1, head + 11).map((l) => l.split(' ')[4]).map((x) => (x === 'NA' ? null : Number(x)));
  return { auc, lifts };
}

pageTest('44. value at risk: per segment, moved by a what-if, value-weighted AUC and lift = native', async ({ page, tid, slide, gotoTab, shot }) => {
  assert.equal(dear.value_column, 'arr', 'the example model has a value column');
  const cardValues = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="segment-value-"]')]
    .map((e) => [e.dataset.testid.slice('segment-value-'.length), Number(e.dataset.value)])));
  const want = nativeValues('dear.json');
  const got = await cardValues();
  for (const [id, v] of Object.entries(want)) assert.equal(got[id], v, `value of ${id} (kenko summary)`);
  assert.match(await tid('total-value-at-risk').innerText(), /arr at risk/);
  // A what-if: the value per segment follows, and the value moved = the arr of the customers
  // whose segment changed (native scored tables and the table's arr column).
  await slide('slider-dimension-engagement', 5);
  const changed = dearWith({ dimensions: { engagement: 5 } }, 'dear-eng-5-value.json');
  const wantW = nativeValues(changed);
  const gotW = await cardValues();
  for (const [id, v] of Object.entries(wantW)) assert.equal(gotW[id], v, `value of ${id} under the what-if`);
  const [header, ...rows] = parseCsv(readFileSync(ex('customers-1000.csv'), 'utf8'));
  const arr = header.indexOf('arr');
  const after = nativeScored(changed, 'customers-1000.csv');
  let moved = 0;
  after.records.forEach((r, i) => { if (r.segment !== refs.dear.records[i].segment && rows[i][arr] !== '') moved += Number(rows[i][arr]); });
  assert.ok(moved > 0);
  assert.equal(num(await tid('moves-total').getAttribute('data-value-moved'), 'value moved'), moved, 'the value moved by the what-if');
  await shot('44-value');
  // Validate: the value-weighted AUC and lift per decile.
  await gotoTab('validate');
  await waitIdle(page);
  const review = nativeValueReview(changed);
  assert.equal(num(await tid('validate-value-auc').getAttribute('data-auc'), 'value AUC'), review.auc, 'value-weighted AUC = kenko validate');
  for (let d = 1; d <= 10; d++) {
    const lift = await tid(`validate-value-lift-${d}`).getAttribute('data-lift');
    assert.equal(lift === '' ? null : Number(lift), review.lifts[d - 1], `value lift of decile ${d}`);
  }
  assert.ok((await tid('validate-lift').getAttribute('data-value-rates')).split(',').length === 10, 'the lift chart draws the value rates');
  await gotoTab('results');
  await tid('whatif-reset').click();
  await waitIdle(page);
});

pageTest('45. fit with constraints: a locked indicator, a dimension minimum share = kenko fit; AUC with and without', async ({ page, tid, gotoTab, shot }) => {
  await gotoTab('validate');
  await tid('fit-constraints').locator('summary').click();
  await tid('fit-lock-nps').check();
  await tid('fit-min-share-engagement').fill('40');
  await tid('fit-min-share-engagement').dispatchEvent('change');
  await tid('fit-min-indicator-share-key_feature').fill('5');
  await tid('fit-min-indicator-share-key_feature').dispatchEvent('change');
  await tid('fit-propose').click();
  await waitIdle(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="fit-auc-unconstrained"]'), null, { timeout: 20000 });
  const text = native(['fit', '--model', 'dear.json', 'customers-1000.csv', '--lock', 'nps', '--min-share', 'engagement=40',
    '--min-indicator-share', 'key_feature=5']).toString('utf8');
  const line = (k) => text.split('\n').find((l) => l.startsWith(`${k} `))?.slice(k.length + 1);
  assert.equal(num(await tid('fit-auc-after').getAttribute('data-auc'), 'after'), Number(line('heldout_auc_after')));
  assert.equal(num(await tid('fit-auc-before').getAttribute('data-auc'), 'before'), Number(line('heldout_auc_before')));
  assert.equal(num(await tid('fit-auc-unconstrained').getAttribute('data-auc'), 'unconstrained'), Number(line('heldout_auc_unconstrained')));
  for (const l of text.split('\n')) {
    const m = /^(dimension|indicator) (\S+) \S+ -> (\S+)$/.exec(l);
    if (!m) continue;
    assert.equal(Number(await tid(`fit-weight-${m[1]}-${m[2]}`).getAttribute('data-proposed')), Number(m[3]), `${m[1]} ${m[2]}`);
  }
  assert.equal(Number(await tid('fit-weight-dimension-engagement').getAttribute('data-proposed')), 40, 'engagement keeps 40 %');
  // The locked share: nps keeps 6.67 % of the score (its share under the model's weights).
  const share = Number(await tid('fit-weight-indicator-nps').getAttribute('data-score-share'));
  assert.ok(Math.abs(share - 2 / 30) < 1e-4, `nps keeps its share: ${share}`);
  // Constraints that cannot hold: the engine's reason in the banner.
  await tid('fit-min-share-engagement').fill('95');
  await tid('fit-min-share-engagement').dispatchEvent('change');
  await tid('fit-propose').click();
  await waitIdle(page);
  assert.match(await tid('error-message').innerText(), /add up to .*more than 100%/);
  await tid('error-dismiss').click();
  await tid('fit-panel').scrollIntoViewIfNeeded();
  await shot('45-fit-constraints', page, { top: false });
  await gotoTab('results');
});
