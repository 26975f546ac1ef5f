// Replacing a table too large to hold beside the one in hand: the page frees the table in hand
// before the read (JS API loadTable's keepPrevious: false) and, when the new read fails, reads
// the previous file again, so the previous results stay and stay live (a what-if on them equals
// the native program). The memory budget is lowered through a test hook so that every read of
// this test takes that path.
//
//   node --test tests/browser/memory.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dear, dearWith, ex, nativeScored, pageTest, refs, waitIdle, writeTemp } from './harness.mjs';

pageTest('18. a table too large to hold twice: freed first; a failed read reads the previous file again, results kept and live', async ({
  page, state, upload, errorText, dismissError, assertCountsEqualNative, slide,
}) => {
  await page.evaluate(() => window.kenkoPage.setMemoryBudget(1));
  const before = await state();
  const lines = readFileSync(ex('customers-1000.csv'), 'utf8').split('\n').slice(0, 40);
  lines.push('C009999,"Broken Co,Starter,4170,12');
  await upload('file-input', writeTemp('broken-large.csv', lines.join('\n')));
  assert.match(await errorText(), /quote/i);
  await dismissError();
  await waitIdle(page);
  const after = await state();
  assert.deepEqual(after.counts, before.counts, 'counts kept');
  assert.equal(after.file, before.file);
  // The engine has the previous table again: a what-if scores it as the native program does.
  const ind = dear.indicators[0].id;
  const top = Number(await page.locator(`[data-testid="slider-indicator-${ind}"]`).getAttribute('max'));
  const w = Math.floor(top * 0.6);
  await slide(`slider-indicator-${ind}`, w);
  await assertCountsEqualNative(nativeScored(dearWith({ indicators: { [ind]: w } }, 'memory-w.json'), 'customers-1000.csv'), 'what-if after the failed read');
  await page.locator('[data-testid="whatif-reset"]').click();
  await waitIdle(page);
  // A good file read the same way (freed first) scores as the native program.
  await upload('file-input', ex('customers-1000.csv'));
  await assertCountsEqualNative(refs.dear, 'a table read after freeing the previous one');
});
