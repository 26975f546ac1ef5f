// The single-file page (build-wasm/kenko.html, scripts/build-single.mjs) opened from file:// in
// headless Chromium with every network request blocked (an offline context, and any request
// that is not file:, data: or blob: aborted): it starts, scores the bundled example and the
// Japanese Shift_JIS example as the native program does, scores a file the user picks, draws
// the history's flow chart (a module loaded on demand), and its policy allows no connection.
//
//   node --test tests/browser/single-file.test.mjs     (after scripts/build)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ex, nativeScored, refs, root, tempDir, waitIdle, waitReady } from './harness.mjs';
import { checkRecording, newPage } from './embed-helpers.mjs';

const file = join(root, 'build-wasm', 'kenko.html');
const tmp = tempDir('kenko-single-');
process.on('exit', () => tmp.remove());

test('kenko.html from file:// with the network blocked scores the examples and a picked file', { timeout: 180000 }, async () => {
  assert.ok(existsSync(file), `${file} is missing: run scripts/build`);
  const bytes = statSync(file).size;
  console.log(`kenko.html: ${(bytes / 1024).toFixed(0)} KiB, gzip -9 ${(gzipSync(readFileSync(file), { level: 9 }).length / 1024).toFixed(0)} KiB`);
  const { context, page, rec, close } = await newPage({ offline: true });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  try {
    await page.goto(pathToFileURL(file).href);
    await waitReady(page, 30000);
    let state = await page.evaluate(() => window.kenkoPage.state());
    assert.equal(state.rows, 1000);
    for (const [seg, n] of Object.entries(refs.dear.counts)) assert.equal(state.counts[seg], n, `segment ${seg}`);
    // The engine runs in a worker (a classic blob: worker: file:// pages start no module worker).
    assert.ok(page.workers().length >= 1, 'the engine runs in a worker');
    assert.ok(page.workers().every((w) => w.url().startsWith('blob:')));
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
    assert.match(csp, /connect-src 'none'/);

    // The Japanese example: Shift_JIS, detected.
    await page.locator('[data-testid="lang-switch"]').selectOption('ja');
    await page.locator('[data-testid="example-ja"]').click();
    await waitIdle(page);
    state = await page.evaluate(() => window.kenkoPage.state());
    assert.equal(state.encoding, 'shift_jis');
    for (const [seg, n] of Object.entries(refs.ja.counts)) assert.equal(state.counts[seg], n, `segment ${seg} (ja)`);

    // A file the user picks, with the model in force (the Japanese one's columns differ: the
    // English example first, then the previous snapshot's file as a table).
    await page.locator('[data-testid="example-en"]').click();
    await waitIdle(page);
    await page.locator('[data-testid="file-input"]').setInputFiles(ex('customers-1000-previous.csv'));
    await waitIdle(page);
    state = await page.evaluate(() => window.kenkoPage.state());
    const ref = nativeScored('dear.json', 'customers-1000-previous.csv');
    assert.equal(state.rows, ref.rows.length);
    for (const [seg, n] of Object.entries(ref.counts)) assert.equal(state.counts[seg], n, `segment ${seg} (picked file)`);

    // Modules the page loads only when needed come from the file too: the history's flow chart
    // (d3-sankey, imported when two dated snapshots are in).
    const feb = tmp.path('customers-2024-02.csv');
    const jan = tmp.path('customers-2024-01.csv');
    copyFileSync(ex('customers-1000.csv'), feb);
    copyFileSync(ex('customers-1000-previous.csv'), jan);
    await page.locator('[data-testid="file-input"]').setInputFiles(feb);
    await waitIdle(page);
    await page.locator('[data-testid="history-input"]').setInputFiles(jan);
    await page.waitForFunction(() => document.querySelector('[data-testid="history-flow"] svg path.sankey-link'), null, { timeout: 20000 });
    assert.deepEqual(blocked, [], 'nothing tried the network');
    await checkRecording(rec, { csp: false });
  } finally {
    await close();
  }
});
