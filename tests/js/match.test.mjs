// The page's column-name matching (web/lib/match.js) under Node, with node:test: names
// normalised (NFKC, case, spaces, '_', '-', punctuation), known synonyms, the closest header for
// each model column given once (ambiguous ties left to the user), the key of a header set, and
// when a table fits a model so poorly that the builder opens.
//
//   node --test tests/js/match.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The page's modules are ES modules in .js files, which Node (package.json: commonjs) reads as
// CommonJS: the module (it imports nothing) is loaded from a copy named .mjs.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'kenko-match-'));
const copy = join(tmp, 'match.mjs');
writeFileSync(copy, readFileSync(join(root, 'web', 'lib', 'match.js')));
const { normName, matchRank, closestMatches, headerKey, fitsPoorly } = await import(pathToFileURL(copy).href);
rmSync(tmp, { recursive: true, force: true });

test('names are compared normalised: width, case, spaces, _ and -, punctuation', () => {
  for (const x of ['Contract_Type', 'contract-type', 'ＣＯＮＴＲＡＣＴ　ＴＹＰＥ', 'Contract Type', 'contract type?']) {
    assert.equal(normName(x), 'contracttype', x);
  }
  assert.equal(normName('契約 種別'), '契約種別');
  assert.equal(matchRank('Churned?', 'churned'), 0);
});

test('known synonyms, word prefixes and one typo', () => {
  assert.equal(matchRank('Contract', 'Contract Type'), 1);
  assert.equal(matchRank('account_id', 'customerID'), 1);
  assert.equal(matchRank('churned', 'Churn'), 1);
  assert.equal(matchRank('解約', '解約フラグ'), 1);
  assert.equal(matchRank('usage', 'usage_this_month'), 2);
  assert.equal(matchRank('seminar_attended', 'seminar_atended'), 3);
  assert.equal(matchRank('nps', 'arr'), null);
  assert.equal(matchRank('id', 'idle_days'), null, 'a short name is no prefix');
});

test('closest matches: closest pairs first, each header once, ties left to the user', () => {
  const header = ['customerID', 'Contract Type', 'Churn', 'Churn Reason', 'MonthlyCharges'];
  const m = closestMatches(['account_id', 'plan', 'churned', 'monthly_charges'], header);
  assert.deepEqual(Object.fromEntries(m), { account_id: 'customerID', plan: 'Contract Type', churned: 'Churn', monthly_charges: 'MonthlyCharges' });
  // A header already used is not offered again.
  assert.equal(closestMatches(['plan'], ['Contract', 'Contract Type'], ['Contract']).get('plan'), 'Contract Type');
  assert.equal(closestMatches(['churned'], header, ['Churn']).get('churned'), undefined, 'not Churn Reason');
  // Two headers as close: none chosen.
  assert.equal(closestMatches(['usage'], ['usage_a', 'usage_b']).size, 0);
});

test('a header set has one key whatever the order, case or width', () => {
  assert.equal(headerKey(['B', 'a_1']), headerKey(['A-1', 'ｂ']));
  assert.notEqual(headerKey(['a', 'b']), headerKey(['a', 'c']));
});

test('a table fits a model poorly when fewer than half its columns are found', () => {
  assert.equal(fitsPoorly(['a', 'b', 'c', 'd'], ['x', 'y', 'z']), true);
  assert.equal(fitsPoorly(['account_id', 'plan', 'nps', 'arr'], ['customerID', 'Contract', 'NPS']), false);
  assert.equal(fitsPoorly([], ['x']), false);
});
