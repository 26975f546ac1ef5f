// Tables and models into the page in headless Chromium (tests/browser/harness.mjs: a fresh
// context and page per test, nothing may leave localhost), each scored as the native `kenko`
// program scores them: seed-points.json through the model editor on customers-1000.csv through
// the file input; dear-ja.json and the Shift_JIS customers-ja-sjis.csv, which fit each other but
// not the model and table in force, in either order; the Shift_JIS table with the bundled
// Japanese example in force (encoding detected and shown, Japanese labels and names); pasted
// tab-separated text (paste event and button). Screenshot: tests/out/browser/03-shift-jis.png.
//
//   node --test tests/browser/upload.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  refs, ex, nativeScored, parseCsv, writeTemp, assertRowsEqualNative, waitIdle, pageTest,
} from './harness.mjs';

const jaName = JSON.parse(readFileSync(ex('dear-ja.json'), 'utf8')).name;

pageTest('2a. upload: seed-points.json + customers-1000.csv equal the native program', async ({
  state, loadModel, upload, assertCountsEqualNative, visibleRows, checkCustomerBySearch, clearSearch,
}) => {
  assert.ok(await loadModel(ex('seed-points.json')), `the model was refused: ${JSON.stringify((await state()).error)}`);
  await upload('file-input', ex('customers-1000.csv'));
  const s = await assertCountsEqualNative(refs.seed, 'seed-points');
  assert.equal(s.model, JSON.parse(readFileSync(ex('seed-points.json'), 'utf8')).name);
  assertRowsEqualNative(await visibleRows(), refs.seed, 'seed-points rows in sight');
  await checkCustomerBySearch('C000640', refs.seed, 'seed-points');
  await clearSearch();
});

/** The page with dear-ja.json on the Shift_JIS table (state S) against the native program. */
async function checkJapanese(k, s) {
  const { page, tid, assertCountsEqualNative, visibleRows, checkCustomerBySearch, clearSearch } = k;
  const refJa = refs.ja;
  await assertCountsEqualNative(refJa, 'dear-ja + Shift_JIS');
  assert.equal(s.encoding, 'shift_jis', 'kenkoPage.state().encoding');
  assert.equal(await tid('encoding-detected').getAttribute('data-encoding'), 'shift_jis');
  assert.match(await tid('encoding-detected').innerText(), /Shift_JIS|シフトJIS|Shift-JIS/i, 'the detected encoding shown');
  const labels = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="segment-count-"] .seg-label')].map((e) => e.textContent));
  assert.ok(labels.some((l) => l.includes('要注意')), `Japanese segment labels render: ${labels.join(' | ')}`);
  const rows = await visibleRows();
  assertRowsEqualNative(rows, refJa, 'Japanese rows in sight');
  const names = rows.map((r) => r.label).join('');
  assert.match(names, /[\u3040-\u30ff\u4e00-\u9fff]/, `Japanese customer names render: ${names.slice(0, 80)}`);
  await checkCustomerBySearch(refJa.records[700][refJa.idColumn], refJa, 'Japanese');
  await clearSearch();
}

pageTest('2b. upload: dear-ja.json (model load control) + customers-ja-sjis.csv (file input) equal the native program', async (k) => {
  const { state, loadModel, upload, dismissError } = k;
  // A model whose columns the table in force lacks, and a table whose columns the model in
  // force lacks (dear.json on customers-1000.csv, English columns): whichever comes first, the
  // page must end with both applied and scored.
  const applied = await loadModel(ex('dear-ja.json'));
  const afterModel = (await state()).error;
  await dismissError();
  await upload('file-input', ex('customers-ja-sjis.csv'));
  let s = await state();
  const afterTable = s.error;
  if (s.model !== jaName || s.error) {
    // The other order: the table first (done just above), then the model.
    await dismissError();
    await loadModel(ex('dear-ja.json'));
    s = await state();
  }
  assert.ok(s.model === jaName && s.file === 'customers-ja-sjis.csv' && !s.error,
    'neither order scores a model and a table that fit each other but not the ones in force: '
    + `model first → ${afterModel ? afterModel.message : 'applied'}${applied ? '' : ' (kept the previous model)'}; `
    + `then table → ${afterTable ? afterTable.message : 'read'}; then model again → ${s.error ? s.error.message : 'applied'}`);
  await checkJapanese(k, s);
});

// The Shift_JIS table through the file input once dear-ja.json is in force (the bundled
// Japanese example puts it there).
pageTest('2c. upload: customers-ja-sjis.csv through the file input with dear-ja.json in force (after the Japanese example)', async (k) => {
  const { page, tid, state, shot, upload, dismissError, assertCountsEqualNative } = k;
  await dismissError();
  await tid('example-ja').click();
  await waitIdle(page);
  await page.waitForFunction((name) => window.kenkoPage.state().model === name, jaName, { timeout: 10000 });
  await waitIdle(page);
  await assertCountsEqualNative(refs.ja, 'Japanese example');
  await upload('file-input', ex('customers-ja-sjis.csv'));
  const s = await state();
  assert.equal(s.error, null, `error: ${JSON.stringify(s.error)}`);
  assert.equal(s.file, 'customers-ja-sjis.csv');
  await checkJapanese(k, s);
  await shot('03-shift-jis');
});

pageTest('8a. paste: tab-separated text scores as the native program scores the same TSV', async ({
  page, tid, state, upload, assertCountsEqualNative, visibleRows,
}) => {
  const src = parseCsv(readFileSync(ex('customers-1000.csv'), 'utf8')).slice(0, 51);
  const tsv = `${src.map((r) => r.join('\t')).join('\n')}\n`;
  const file = writeTemp('pasted.tsv', tsv);
  const ref = nativeScored('dear.json', file);
  // A paste event with tab-separated lines scores at once (no button).
  await tid('paste-area').fill(tsv);
  await tid('paste-area').dispatchEvent('paste');
  await page.waitForFunction(() => window.kenkoPage.state().rows === 50, null, { timeout: 10000 });
  await waitIdle(page);
  assert.match((await state()).file ?? '', /Paste|貼り付け/i, 'the pasted table is named');
  await assertCountsEqualNative(ref, 'pasted');
  assertRowsEqualNative(await visibleRows(), ref, 'pasted rows');
  // The button does the same with text typed or edited in the box.
  const fewer = `${src.slice(0, 21).map((r) => r.join('\t')).join('\n')}\n`;
  await tid('paste-area').fill(fewer);
  await tid('paste-load').click();
  await page.waitForFunction(() => window.kenkoPage.state().rows === 20, null, { timeout: 10000 });
  await waitIdle(page);
  await assertCountsEqualNative(nativeScored('dear.json', writeTemp('pasted20.tsv', fewer)), 'pasted with the button');
  await tid('paste-area').fill('');
  await upload('file-input', ex('customers-1000.csv'));
  await assertCountsEqualNative(refs.dear, 'back to the file');
});
