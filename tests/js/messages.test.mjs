// The engine's message codes in JS: every code of the C++ catalogue (src/base/messages.cpp) has
// an English and a Japanese text in web/i18n (the English the catalogue's own template), the
// Japanese texts use only the parameters the code has, and errors and warnings from the JS API
// carry their code and parameters, from which web/i18n/messages.js makes the engine's English
// text again and a Japanese one. Needs build-wasm/site (scripts/build, scripts/build-site).
//
//   node --test tests/js/messages.test.mjs
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The page's modules are .js files that Node (package.json: commonjs) would not read as ES
// modules: copied as .mjs into a temporary directory.
const tmp = mkdtempSync(join(tmpdir(), 'kenko-messages-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
for (const f of ['messages.js', 'messages-en.js', 'messages-ja.js']) {
  const text = readFileSync(join(root, 'web/i18n', f), 'utf8').replace(/from '\.\/(messages-\w+)\.js'/g, "from './$1.mjs'");
  writeFileSync(join(tmp, f.replace(/\.js$/, '.mjs')), text);
}
const load = async (f) => import(pathToFileURL(join(tmp, f)).href);
const en = (await load('messages-en.mjs')).default;
const ja = (await load('messages-ja.mjs')).default;
const { fillTemplate, messageText, errorText, warningText } = await load('messages.mjs');

// The catalogue: code → English template (C++ string literals, adjacent ones joined).
function catalogue() {
  const src = readFileSync(join(root, 'src/base/messages.cpp'), 'utf8');
  const macros = Object.fromEntries([...src.matchAll(/#define (\w+) ("(?:[^"\\]|\\.)*")/g)].map((m) => [m[1], JSON.parse(m[2])]));
  const out = new Map();
  for (const m of src.matchAll(/\{"([a-z_]+\.[a-z_]+)",\s*((?:"(?:[^"\\]|\\.)*"\s*|[A-Z_]+\s*)+)\}/g)) {
    const parts = m[2].match(/"(?:[^"\\]|\\.)*"|[A-Z_]+/g);
    out.set(m[1], parts.map((p) => (p.startsWith('"') ? JSON.parse(p) : macros[p])).join(''));
  }
  return out;
}
const names = (tmpl) => new Set([...tmpl.matchAll(/\{!?(\w+)/g)].map((m) => m[1]));

test('every code of the catalogue has an English and a Japanese text in web/i18n', () => {
  const codes = catalogue();
  assert.ok(codes.size > 80, `only ${codes.size} codes found in src/base/messages.cpp`);
  for (const [code, english] of codes) {
    assert.equal(en.texts[code], english, `messages-en.js: ${code} is not the catalogue's text`);
    assert.equal(typeof ja.texts[code], 'string', `messages-ja.js: no text for ${code}`);
    assert.match(ja.texts[code], /[\u3040-\u30ff\u4e00-\u9fff]/, `messages-ja.js: ${code} is not Japanese`);
    for (const n of names(ja.texts[code])) assert.ok(names(english).has(n), `messages-ja.js: ${code} uses {${n}}, which the code does not have`);
    for (const n of names(english)) {
      if (!['several', 'more'].includes(n)) assert.ok(names(ja.texts[code]).has(n), `messages-ja.js: ${code} leaves out {${n}}`);
    }
  }
  for (const code of [...Object.keys(en.texts), ...Object.keys(ja.texts)]) assert.ok(codes.has(code), `web/i18n has a text for ${code}, which the engine does not use`);
  // Every word table a Japanese text uses exists.
  for (const [code, tmpl] of Object.entries(ja.texts)) {
    for (const m of tmpl.matchAll(/\{\w+\|(\w+)\}/g)) assert.ok(ja.words[m[1]], `${code}: no Japanese word table '${m[1]}'`);
  }
});

test('every code the engine\'s sources use is in the catalogue (model.invalid: the bindings\' own)', () => {
  const codes = catalogue();
  const files = execFileSync('git', ['ls-files', 'src', 'wasm/bindings.cpp'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => /\.(cpp|h)$/.test(f));
  let used = 0;
  for (const f of files) {
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(/"((?:csv|table|mapping|model)\.[a-z_]+)"/g)) {
      used += 1;
      if (m[1] !== 'model.invalid' || !f.startsWith('wasm/')) assert.ok(codes.has(m[1]), `${f}: the code ${m[1]} is not in src/base/messages.cpp`);
    }
  }
  assert.ok(used > 80, `only ${used} codes used`);
});

test('the template syntax: values as given, words, conditionals', () => {
  const words = { type: { string: 'a string' } };
  assert.equal(fillTemplate('must be {type|type}, not {v}', { type: 'string', v: '1e+301' }, words), 'must be a string, not 1e+301');
  assert.equal(fillTemplate('[{a?A={a}{b?, B={b}}}]', { a: '1', b: '2' }), '[A=1, B=2]');
  assert.equal(fillTemplate('[{a?A={a}{b?, B={b}}}]', { b: '2' }), '[]');
  assert.equal(fillTemplate('[{!a?none}{a?{a}}]', { a: '' }), '[none]');
  assert.equal(fillTemplate('{a}', { a: '{b}', b: 'no' }), '{b}');
  // An unknown code: the engine's English words.
  assert.equal(messageText('no.such', { a: '1' }, 'the engine said so', 'ja'), 'the engine said so');
  assert.equal(messageText('table.no_column', { column: 'CES', closest: "'CSAT'" }, '', 'ja'), 'ヘッダーに列「CES」がありません（近い列: \'CSAT\'）');
});

test('errors and warnings from the JS API carry their code and parameters', async (t) => {
  const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
  const engine = await createEngine();
  t.after(() => engine.dispose());
  const model = {
    version: 1, id_column: 'id',
    indicators: [
      { id: 'ces', column: 'CES', rule: { type: 'linear', from: 1, to: 7 } },
      { id: 'plan', column: 'plan', weight: 5, rule: { type: 'category', map: { gold: 10 } } },
    ],
  };
  const { warnings, warningDetails } = engine.setModel(model);
  assert.deepEqual(warningDetails.map((w) => w.code), ['model.weight_scale']);
  assert.equal(warningDetails[0].path, 'indicators[0].weight');
  assert.equal(warningDetails[0].params.points, '100');
  assert.equal(warnings[0], `indicators[0].weight: ${warningDetails[0].message}`);
  assert.equal(messageText(warningDetails[0].code, warningDetails[0].params, '', 'en'), warningDetails[0].message);

  // A table without the model's column.
  const err = await engine.loadTable('id,CES score,plan\n1,5,gold\n').then(() => null, (e) => e);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'KenkoTableError');
  assert.equal(err.code, 'table.no_column');
  assert.deepEqual({ ...err.params }, { column: 'CES', closest: "'CES score'" });
  assert.equal(err.message, "no column 'CES' in the header (closest: 'CES score')");
  assert.equal(messageText(err.code, err.params, '', 'en'), err.message);
  assert.equal(errorText(err), err.message);
  assert.equal(messageText(err.code, err.params, err.message, 'ja'), "ヘッダーに列「CES」がありません（近い列: 'CES score'）");

  // A bad model: KenkoModelError, every problem coded, the path beside.
  const bad = await Promise.resolve().then(() => engine.setModel({ version: 1, id_column: 'id', indicators: [{ id: 'a', colum: 'x', rule: { type: 'linear', from: 1, to: 1 } }] })).then(() => null, (e) => e);
  assert.equal(bad.name, 'KenkoModelError');
  assert.equal(bad.code, 'model.invalid');
  assert.equal(bad.params.count, String(bad.problems.length));
  assert.deepEqual(bad.problems.map((p) => p.code), ['model.unknown_key', 'model.no_source', 'model.linear_same']);
  assert.deepEqual({ ...bad.problems[0].params }, { key: 'colum', closest: 'column' });
  assert.equal(bad.problems[0].path, 'indicators[0].colum');
  for (const p of bad.problems) assert.equal(messageText(p.code, p.params, '', 'en'), p.message);
  assert.equal(errorText(bad), bad.message);

  // Reading warnings: the lines as before, and their codes.
  engine.setModel({ version: 1, id_column: 'id', indicators: [{ id: 'n', column: 'nps', rule: { type: 'linear', from: 0, to: 10 } }] });
  const info = await engine.loadTable('id,nps\n1,5\n2,x\n3\n');
  assert.deepEqual(info.warningDetails.map((w) => w.code), ['table.short_rows', 'table.not_numbers']);
  assert.deepEqual(info.warningDetails.map((w) => w.message), info.warnings);
  assert.deepEqual(info.warningDetails.map((w) => warningText(w)), info.warnings);
  assert.deepEqual({ ...info.warningDetails[1].params }, { column: 'nps', count: '1', rows: '3' });

  // An encoding the engine does not know (from the bindings).
  const enc = await engine.loadTable('id,nps\n1,5\n', { encoding: 'latin9' }).then(() => null, (e) => e);
  assert.equal(enc.code, 'table.unknown_encoding');
  assert.equal(enc.params.encoding, 'latin9');
});
