// The Japanese UI in headless Chromium (tests/browser/harness.mjs: a fresh context and page per
// test, nothing may leave localhost): the language switch sets the document's lang and Japanese
// strings without changing the results (= the native `kenko` program), and a ja-JP browser
// starts in Japanese. Screenshots: tests/out/browser/08-japanese-ui.png, 09-japanese-locale.png.
//
//   node --test tests/browser/i18n.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { refs, byTestId, waitReady, pageTest } from './harness.mjs';

pageTest('6. Japanese UI: the switch, document lang, Japanese strings; ja-JP locale at start', async ({
  page, tid, state, shot, server, newContext, newPage, assertCountsEqualNative,
}) => {
  await tid('lang-switch').selectOption('ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja', null, { timeout: 5000 });
  const tab = await tid('tab-results').innerText();
  assert.match(tab, /[\u3040-\u30ff\u4e00-\u9fff]/, `tab in Japanese: ${tab}`);
  const body = await page.locator('main').innerText();
  assert.match(body, /顧客/, 'Japanese strings in the page');
  assert.equal((await state()).lang, 'ja');
  await assertCountsEqualNative(refs.dear, 'after the language switch');
  await shot('08-japanese-ui');
  await tid('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });

  const ja = await newContext({ locale: 'ja-JP' });
  const p = await newPage(ja, 'ja');
  try {
    await p.goto(server.url);
    await waitReady(p);
    assert.equal(await p.evaluate(() => document.documentElement.lang), 'ja', 'lang with the ja-JP locale');
    assert.equal(await p.evaluate(() => window.kenkoPage.state().lang), 'ja');
    assert.match(await byTestId(p, 'tab-results').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/);
    await shot('09-japanese-locale', p);
  } finally {
    await ja.close();
  }
});
