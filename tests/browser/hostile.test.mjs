// Hostile input in the page (issue 13): the Scored CSV export is spreadsheet-safe, a model too
// large for the form opens as JSON without holding the page and is refused with its limit, a
// segment colour like url(...) never becomes CSS (and no request leaves: pageTest checks every
// request), and running out of memory is explained in the UI's language.
//
//   node --test tests/browser/hostile.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pageTest, parseCsv, writeTemp } from './harness.mjs';

// The example table's id, label and NPS columns (the model applies to the table in hand first).
const plainModel = (extra = {}) => JSON.stringify({
  version: 1, name: 'hostile', id_column: 'account_id', label_column: 'account_name',
  indicators: [{ id: 'a', column: 'nps', rule: { type: 'linear', from: 0, to: 10 } }], ...extra });

pageTest('the Scored CSV export writes formula-like cells as text, numbers as numbers', async ({ page, tid, upload, loadModel, state }) => {
  assert.ok(await loadModel(writeTemp('hostile.json', plainModel())), `the model was refused: ${JSON.stringify((await state()).error)}`);
  await upload('file-input', writeTemp('hostile.csv',
    'account_id,account_name,nps\n=HYPERLINK("http://example.invalid/x"),@SUM(A1),5\n-3,+81 3 1234,2\nok,plain,7\n'));
  assert.equal((await state()).rows, 3);
  const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-csv').click()]);
  const rows = parseCsv(readFileSync(await dl.path()).toString('utf8').replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0].slice(0, 3), ['account_id', 'account_name', 'score']);
  assert.deepEqual(rows[1].slice(0, 3), ['\'=HYPERLINK("http://example.invalid/x")', '\'@SUM(A1)', '50.00']);
  assert.deepEqual(rows[2].slice(0, 3), ['-3', '\'+81 3 1234', '20.00'], 'a number stays a number');
  assert.deepEqual(rows[3].slice(0, 3), ['ok', 'plain', '70.00']);
});

pageTest('a model too large for the form opens as JSON at once and is refused with its limit', async ({ page, tid, gotoTab, errorText }) => {
  const bands = Array.from({ length: 100000 }, (_, i) => ({ min: i, max: i + 1, points: i % 7 }));
  const file = writeTemp('bands.json', JSON.stringify({ version: 1, id_column: 'id',
    indicators: [{ id: 'a', column: 'v', rule: { type: 'bands', bands } }] }));
  await gotoTab('model');
  const start = Date.now();
  await tid('model-file-input').setInputFiles(file);
  await page.waitForFunction(() => /too many for the form/.test(document.querySelector('[data-testid="model-form-note"]')?.textContent ?? ''), null, { timeout: 10000 });
  assert.ok(await tid('model-json').isVisible(), 'shown as JSON');
  assert.ok(await tid('model-form').isHidden(), 'the form is hidden');
  assert.equal(await page.locator('[data-testid="model-form"] [data-path*="bands[1000]"]').count(), 0, 'no form was built for it');
  // The main thread answers at once.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => res(null))));
  assert.ok(Date.now() - t0 < 2000, 'the page answers');
  await tid('model-apply').click();
  const text = await errorText();
  assert.match(text, /indicators\[0\]\.rule\.bands: holds 100000 bands; at most 1000 are allowed/);
  assert.ok(Date.now() - start < 20000, `opened and refused in ${Date.now() - start} ms`);
});

pageTest('a segment colour like url(...) never becomes CSS; the engine refuses it with its path', async ({ page, tid, gotoTab, errorText }) => {
  const file = writeTemp('color.json', plainModel({ segments: [
    { id: 'bad', label: 'Bad', max: 40, color: 'url(http://example.invalid/track.png)' },
    { id: 'red;background:url(x)', label: 'X', color: 'red;background:url(http://example.invalid/y)' },
    { id: 'ok', label: 'OK', color: 'teal' }] }));
  await gotoTab('model');
  await tid('model-file-input').setInputFiles(file);
  await page.waitForFunction(() => /\S/.test(document.querySelector('[data-testid="model-status"]')?.textContent ?? ''), null, { timeout: 5000 });
  const backgrounds = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="model-segment-"] .legend-swatch')]
    .map((s) => /** @type {HTMLElement} */ (s).style.cssText));
  assert.equal(backgrounds.length, 3);
  assert.equal(backgrounds[0], '', 'url(...) is not set');
  assert.equal(backgrounds[1], '', 'a declaration list is not set');
  assert.match(backgrounds[2], /background-color: teal/);
  await tid('model-apply').click();
  assert.match(await errorText(), /segments\[0\]\.color: must be a colour as #rgb, #rrggbb or a CSS colour name/);
});

pageTest('out of memory is explained in the UI language with the size and what to do', async ({ page }) => {
  const texts = await page.evaluate(async () => {
    const { createErrorBanner } = await import('./views/errors.js');
    const { setLang } = await import('./i18n/index.js');
    const root = document.createElement('div');
    document.body.append(root);
    const banner = createErrorBanner(root);
    const err = Object.assign(new Error('out of memory'), { name: 'KenkoOutOfMemory' });
    banner.show(err, { size: 3_200_000_000 });
    const en = root.textContent;
    setLang('ja');
    const ja = root.textContent;
    setLang('en');
    root.remove();
    return { en, ja };
  });
  assert.match(texts.en, /too large for this browser's memory/);
  assert.match(texts.en, /command line/);
  assert.match(texts.en, /2\.98 GiB/, "the size");
  assert.doesNotMatch(texts.en, /bad_alloc/);
  assert.match(texts.ja, /メモリに収まりません/);
});
