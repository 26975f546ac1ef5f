// The engine on threads in Chromium. The page is served cross-origin isolated (COOP/COEP:
// scripts/serve.mjs), so the JS API picks the threaded module (kenko-mt.*, Emscripten pthreads);
// its results must be the native program's byte for byte for any thread count (1, 2, 3, 8), on
// a table large enough to be split into several parts, and the page itself runs on threads.
// (tests/browser/single-thread.test.mjs: the same page without isolation, on one thread.)
//
//   node --test tests/browser/threads.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { native, pageTest, tmpPath } from './harness.mjs';

const ROWS = 200000;

pageTest('16. threads: 1, 2, 3 and 8 threads give the native program\'s bytes (scores, summary, validation); the page runs on threads', async ({ page }) => {
  const data = tmpPath('threads.csv');
  native(['generate', '--rows', String(ROWS), '--seed', '11', '-o', data]);
  const model = readFileSync(new URL('../../examples/dear.json', import.meta.url), 'utf8');
  const want = {
    csv: native(['score', '--model', 'dear.json', data]).toString('utf8'),
    summary: native(['summary', '--model', 'dear.json', data]).toString('utf8'),
    validation: native(['validate', '--model', 'dear.json', data]).toString('utf8'),
  };
  await page.route('**/__threads-test.csv', (route) => route.fulfill({ path: data, contentType: 'text/csv' }));
  const isolated = await page.evaluate(() => crossOriginIsolated);
  assert.equal(isolated, true, 'the page is cross-origin isolated');
  for (const threads of [1, 2, 3, 8]) {
    const got = await page.evaluate(async ([n, modelText]) => {
      const { createEngine } = await import('./kenko-api.mjs');
      const engine = await createEngine({ threads: n });
      try {
        engine.setModel(modelText);
        const file = await (await fetch('./__threads-test.csv')).blob();
        await engine.loadTable(file, { chunkSize: 1 << 20 });
        return {
          threads: engine.threads(),
          csv: new TextDecoder().decode(engine.scoredCsv()),
          summary: engine.summaryText(),
          validation: engine.validationText(),
        };
      } finally {
        engine.dispose();
      }
    }, [threads, model]);
    assert.equal(got.threads, threads, `the engine runs on ${threads} threads`);
    assert.ok(got.csv === want.csv, `${threads} threads: the scored CSV equals kenko score`);
    assert.equal(got.summary, want.summary, `${threads} threads: kenko summary`);
    assert.equal(got.validation, want.validation, `${threads} threads: kenko validate`);
  }
  // The page's own engine (in its worker) runs on the machine's threads.
  const pageThreads = await page.evaluate(() => window.kenkoPage.state().threads);
  assert.ok(pageThreads >= 1, `kenkoPage.state().threads = ${pageThreads}`);
  assert.equal(pageThreads, Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency)));
});
