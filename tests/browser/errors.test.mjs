// Bad input in headless Chromium (tests/browser/harness.mjs: a fresh context and page per test,
// nothing may leave localhost, and no console error: a bad file is a message, not a crash):
// an unterminated quote names its row and column, a binary blob gives a readable error, a
// missing model column is named and offered for mapping (mapped, the table scores as the
// native `kenko` program scores the original), a bad weight in the model editor is shown at its
// field; each time the previous results stay. Screenshots: tests/out/browser/05-error-
// unterminated.png, 06-missing-column-mapping.png, 07-model-field-error.png.
//
//   node --test tests/browser/errors.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { refs, ex, writeTemp, waitIdle, pageTest } from './harness.mjs';

pageTest('5a. malformed: unterminated quote → error with row/column, previous results kept', async ({
  state, shot, upload, errorText, dismissError,
}) => {
  const before = await state();
  const lines = readFileSync(ex('customers-1000.csv'), 'utf8').split('\n').slice(0, 21);
  lines.push('C009999,"Broken Co,Starter,4170,12,7,0.48,10,25.4,0,421,406,3,1,0,no,2,yes,7,3,2,56,1,42.8,3,no,29,0\n');
  await upload('file-input', writeTemp('unterminated.csv', lines.join('\n')));
  const msg = await errorText();
  assert.match(msg, /row 22/i, `the message names the row: ${msg}`);
  assert.match(msg, /column 2/i, `the message names the column: ${msg}`);
  assert.match(msg, /quote/i, msg);
  await shot('05-error-unterminated');
  const after = await state();
  assert.deepEqual(after.counts, before.counts, 'counts kept');
  assert.equal(after.rows, before.rows);
  assert.equal(after.file, before.file);
  await dismissError();
});

pageTest('5b. malformed: binary blob → readable error, previous results kept', async ({ state, upload, errorText, dismissError }) => {
  const before = await state();
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 0);
  await upload('file-input', writeTemp('blob.csv', bytes));
  const msg = await errorText();
  assert.match(msg, /UTF-8|binary|NUL|encoding|text/i, `readable: ${msg}`);
  const after = await state();
  assert.deepEqual(after.counts, before.counts, 'counts kept');
  assert.equal(after.rows, before.rows);
  await dismissError();
});

pageTest('5c. malformed: a model column missing → names it, offers the mapping; mapped it scores', async ({
  page, tid, state, shot, upload, errorText, assertCountsEqualNative,
}) => {
  const before = await state();
  const text = readFileSync(ex('customers-1000.csv'), 'utf8').replace(/^(.*?)logins_per_day/, '$1daily_logins');
  await upload('file-input', writeTemp('renamed.csv', text));
  const msg = await errorText();
  assert.match(msg, /logins_per_day/, `the message names the column: ${msg}`);
  assert.deepEqual((await state()).counts, before.counts, 'counts kept');
  const select = tid('mapping-select-logins_per_day');
  await select.waitFor({ state: 'visible', timeout: 5000 });
  await shot('06-missing-column-mapping');
  await select.selectOption('daily_logins');
  await tid('mapping-apply').click();
  await waitIdle(page);
  const s = await assertCountsEqualNative(refs.dear, 'mapped column');
  assert.equal(s.error, null);
  assert.equal(s.file, 'renamed.csv');
  assert.ok(!(await tid('error-banner').isVisible()), 'the error banner is gone');
  // And a good file loads afterwards.
  await upload('file-input', ex('customers-1000.csv'));
  await assertCountsEqualNative(refs.dear, 'good file after errors');
});

pageTest('8b. model editor: a bad weight is shown at its field; the results stay', async ({
  page, tid, state, shot, gotoTab, dismissError,
}) => {
  const before = await state();
  await gotoTab('model');
  const field = page.locator('[data-testid="model-form"] input[data-path="indicators[0].weight"]');
  await field.evaluate((el) => el.closest('details')?.setAttribute('open', ''));
  await field.fill('-1');
  await field.press('Tab');
  await tid('model-apply').click();
  await waitIdle(page);
  const err = page.locator('[data-testid="field-error"][data-path="indicators[0].weight"], [data-testid="field-error"][data-error-path="indicators[0].weight"]');
  await err.waitFor({ state: 'visible', timeout: 5000 });
  const text = await err.innerText();
  assert.ok(text.length > 5, `the message at the field: ${text}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.scrollIntoViewIfNeeded();
  await shot('07-model-field-error', page, { top: false });
  assert.deepEqual((await state()).counts, before.counts, 'results kept');
  assert.equal((await state()).model, before.model);
  await tid('model-revert').click();
  await gotoTab('results');
  await dismissError();
});
