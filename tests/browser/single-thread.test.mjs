// The page served without cross-origin isolation (no COOP/COEP: what a host that cannot send
// them gives): the JS API falls back to the single-threaded module (kenko.*), and the page
// scores the first example as the native program does.
//
//   node --test tests/browser/single-thread.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';

process.env.KENKO_NO_ISOLATION = '1'; // read by scripts/serve.mjs, started by the harness below
const { pageTest, refs } = await import('./harness.mjs');

pageTest('17. no cross-origin isolation: one thread, the same results', async ({ page, state, assertCountsEqualNative, response }) => {
  assert.equal(response.headers()['cross-origin-embedder-policy'], undefined);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.equal((await state()).threads, 1, 'the page engine runs on one thread');
  await assertCountsEqualNative(refs.dear, 'first example, one thread');
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(!loaded.some((p) => p.includes('kenko-mt')), 'the threaded module is not loaded');
});
