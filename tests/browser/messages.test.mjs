// Engine messages in the Japanese UI, in headless Chromium (tests/browser/harness.mjs: a fresh
// context and page per test, nothing may leave localhost): a table without a model column and a
// bad model are told in Japanese, by their code and parameters (names and numbers as given),
// and the previous results stay; the reading warnings are in Japanese too. Screenshot: tests/out/browser/messages-ja.png.
//
//   node --test tests/browser/messages.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ex, writeTemp, pageTest } from './harness.mjs';

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

pageTest('messages: a missing column and a bad model in Japanese; the results stay', async ({
  page, state, shot, upload, errorText, dismissError, loadModel, gotoTab, tid,
}) => {
  assert.equal((await state()).lang, 'ja', 'a ja-JP browser starts in Japanese');
  const before = await state();

  // A table without the model's column logins_per_day.
  const text = readFileSync(ex('customers-1000.csv'), 'utf8').replace(/^(.*?)logins_per_day/, '$1daily_logins');
  await upload('file-input', writeTemp('renamed-ja.csv', text));
  const msg = await errorText();
  assert.match(msg, /ヘッダーに列「logins_per_day」がありません/, `the column, in Japanese: ${msg}`);
  assert.doesNotMatch(msg, /no column|in the header/, `no English engine words: ${msg}`);
  await shot('messages-ja');
  let now = await state();
  assert.deepEqual(now.counts, before.counts, 'counts kept');
  assert.equal(now.file, before.file);
  await dismissError();

  // A bad model: a segment colour that is none, and a reserved segment id.
  const model = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
  model.segments = [{ id: 'none', label: 'Keine', color: 'blurple', min: 50 }, { id: 'rest', label: 'Rest' }];
  const path = writeTemp('bad-model-ja.json', JSON.stringify(model));
  assert.equal(await loadModel(path), false, 'the bad model is refused');
  const bad = await errorText();
  assert.match(bad, /segments\[0\]\.color: #rgb、#rrggbb、または CSS の色名（'teal' など）にしてください（'blurple' ではなく）/, `the problem in Japanese: ${bad}`);
  assert.match(bad, /segments\[0\]\.id: 「none」はセグメントに入らない顧客のために予約されています/, bad);
  assert.doesNotMatch(bad, /must be a colour|is reserved/, `no English engine words: ${bad}`);
  now = await state();
  assert.deepEqual(now.counts, before.counts, 'counts kept');
  assert.equal(now.model, before.model, 'the model kept');
  // The model editor lists the same problems in Japanese.
  await gotoTab('model');
  const problems = await tid('model-problems').innerText();
  assert.match(problems, japanese);
  assert.match(problems, /'blurple' ではなく/, problems);
  await tid('model-revert').click();
  await gotoTab('results');
  await dismissError();

  // The reading warnings too: a cell that is not a number, a short row.
  const lines = readFileSync(ex('customers-1000.csv'), 'utf8').split('\n');
  lines[3] = lines[3].replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1n/a');
  lines[5] = lines[5].split(',').slice(0, 10).join(',');
  await upload('file-input', writeTemp('warnings-ja.csv', lines.join('\n')));
  const warned = await tid('table-warnings').textContent();
  assert.match(warned, /ヘッダーよりフィールドが少ない行（足りないフィールドは欠損扱い）: 1 行（6 行目）/, warned);
  assert.match(warned, /列「arr」: 数値でないセル（欠損扱い）: 1 件（4 行目）/, warned);
}, { locale: 'ja-JP' });
