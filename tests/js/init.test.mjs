// kenko init through the JS API (profileTable, proposeModel) under Node, with node:test: the
// proposed model equals the native `kenko init` one (English, Japanese Shift_JIS, a telco-shaped
// table), a proposal is made again from the profile without reading the table again, the model
// in force and its table stay while a table is profiled, the proposal can be set and scores every
// row, and errors are JS Errors with the native messages. Needs build/kenko and build-wasm/site.
//
//   node --test tests/js/init.test.mjs
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'examples');
const kenko = join(root, 'build', 'kenko');
const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
const tmp = mkdtempSync(join(tmpdir(), 'kenko-init-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const telco = join(tmp, 'telco.csv');
execFileSync('node', [join(root, 'tests', 'data', 'telco-shape.mjs'), telco]);
const generated = join(tmp, 'gen.csv');
execFileSync(kenko, ['generate', '--rows', '3000', '--seed', '7', '-o', generated]);

// The model `kenko init FILE ARGS` writes.
function nativeModel(file, args = []) {
  const out = join(tmp, 'model.json');
  execFileSync(kenko, ['init', file, '-o', out, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
  return JSON.parse(readFileSync(out, 'utf8'));
}

async function withEngine(fn) {
  const engine = await createEngine();
  try {
    return await fn(engine);
  } finally {
    engine.dispose();
  }
}

const cases = [
  ['a generated table with its outcome', generated, { outcome: 'churned' }, ['--outcome', 'churned']],
  ['the Japanese example (Shift_JIS), no outcome', join(examples, 'customers-ja-sjis.csv'), {}, []],
  ['a telco-shaped table, Yes/No outcome', telco, { outcome: 'Churn' }, ['--outcome', 'Churn']],
];
for (const [name, file, options, args] of cases) {
  test(`the proposal equals the native program's: ${name}`, () => withEngine(async (engine) => {
    const profile = await engine.profileTable(readFileSync(file), { chunkSize: 65536 });
    assert.ok(profile.rows > 0);
    const proposal = engine.proposeModel(options);
    assert.deepEqual(proposal.model, nativeModel(file, args));
    assert.equal(proposal.columns.length, profile.columns.length);
    // The proposal scores every row.
    engine.setModel(proposal.model);
    await engine.loadTable(readFileSync(file));
    assert.equal(engine.summary().scored, profile.rows);
  }));
}

test('the profile: kinds, missing rates, quantiles', () => withEngine(async (engine) => {
  const profile = await engine.profileTable(readFileSync(telco));
  assert.equal(profile.rows, 7043);
  assert.equal(profile.encoding, 'utf-8');
  const col = (name) => profile.columns.find((c) => c.name === name);
  assert.equal(col('customerID').kind, 'id');
  assert.equal(col('Contract').kind, 'category');
  assert.deepEqual(col('Contract').values.map((v) => v.text).sort(), ['Month-to-month', 'One year', 'Two year']);
  assert.equal(col('Churn').kind, 'yes/no');
  assert.equal(col('tenure').kind, 'number');
  assert.equal(col('tenure').numberStats.quantiles.length, 11);
  assert.equal(col('Count').constant, true);
  assert.ok(col('Churn Reason').missingRate > 0.7);
  assert.deepEqual(engine.tableProfile(), profile);
}));

test('proposals are made again from the profile: keep, drop, directions', () => withEngine(async (engine) => {
  await engine.profileTable(readFileSync(telco));
  const first = engine.proposeModel({ outcome: 'Churn' });
  const reason = first.columns.find((c) => c.name === 'Churn Reason');
  assert.equal(reason.leak, true);
  assert.equal(reason.include, false);
  assert.match(reason.reason, /probable leak/);
  const tenure = first.columns.find((c) => c.name === 'tenure');
  assert.equal(tenure.direction, 'higher');
  assert.equal(tenure.directionFrom, 'outcome');
  assert.ok(first.fit.heldoutAucAfter > 0.8);
  const shares = first.columns.filter((c) => c.include).reduce((s, c) => s + c.share, 0);
  assert.ok(Math.abs(shares - 1) < 1e-9);

  const second = engine.proposeModel({ outcome: 'Churn', keep: ['Churn Reason'], drop: ['tenure'], fit: false });
  assert.equal(second.columns.find((c) => c.name === 'Churn Reason').include, true);
  assert.equal(second.columns.find((c) => c.name === 'tenure').include, false);
  assert.equal(second.fit, null);

  const third = engine.proposeModel({ directions: { MonthlyCharges: 'lower' } });
  const charges = third.columns.find((c) => c.name === 'MonthlyCharges');
  assert.equal(charges.direction, 'lower');
  assert.equal(charges.directionFrom, 'you');
}));

test('the model and table in force stay while a table is profiled', () => withEngine(async (engine) => {
  engine.setModel(readFileSync(join(examples, 'dear.json'), 'utf8'));
  await engine.loadTable(readFileSync(join(examples, 'customers-1000.csv')));
  const before = engine.results().score;
  await engine.profileTable(readFileSync(telco));
  assert.deepEqual(engine.results().score, before);
  assert.equal(engine.modelInfo().idColumn, 'account_id');
}));

test('errors name what is wrong', () => withEngine(async (engine) => {
  assert.throws(() => engine.proposeModel(), /no table has been read to propose a model from/);
  await assert.rejects(engine.profileTable(''), (e) => e.name === 'KenkoTableError' && /empty/.test(e.message));
  await engine.profileTable(readFileSync(telco));
  assert.throws(() => engine.proposeModel({ outcome: 'Churm' }), /outcome: no column 'Churm' in the table \(closest: 'Churn'/);
  assert.throws(() => engine.proposeModel({ outcome: 'Contract' }), /name the positive texts/);
  assert.throws(() => engine.proposeModel({ outcom: 'Churn' }), /propose options.outcom: unknown option/);
  // A failed read keeps the profile read before.
  await assert.rejects(engine.profileTable('a,b\n1,"2\n'));
  assert.equal(engine.tableProfile().rows, 7043);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(engine.profileTable(readFileSync(telco), { signal: controller.signal }), { name: 'AbortError' });
  engine.clearTableProfile();
  assert.throws(() => engine.tableProfile(), /no table has been read to profile/);
}));
