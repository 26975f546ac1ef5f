// The JS API's additions of issue 12 under Node (build-wasm/site/kenko-api.mjs), against the
// native program: history() over snapshots read with loadSnapshot (and over one table split with
// loadTable's splitByDate) equals `kenko history --format json`; fitWeights with constraints
// equals `kenko fit --lock … --min-share …`; values() is the model's value column; bad
// constraints throw the engine's message and change nothing.
//
//   node --test tests/js/history-fit.test.mjs
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'examples');
const kenko = join(root, 'build', 'kenko');
const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
const tmp = mkdtempSync(join(tmpdir(), 'kenko-api-12-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const native = (args) => execFileSync(kenko, args, { cwd: examples, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 }).toString('utf8');
const example = (name) => readFileSync(join(examples, name));

test('history(): loadSnapshot and splitByDate give kenko history', async () => {
  const jan = join(tmp, 'customers-2024-01.csv'), feb = join(tmp, 'customers-2024-02.csv');
  writeFileSync(jan, example('customers-1000-previous.csv'));
  writeFileSync(feb, example('customers-1000.csv'));
  const want = JSON.parse(native(['history', '--model', 'dear.json', jan, feb, '--format', 'json', '--streak', '1']));
  const engine = await createEngine();
  try {
    engine.setModel(example('dear.json').toString());
    await engine.loadTable(example('customers-1000.csv'));
    engine.setTableLabel('2024-02');
    const info = await engine.loadSnapshot(example('customers-1000-previous.csv'), { label: '2024-01' });
    assert.equal(info.rows, 954);
    assert.deepEqual(engine.snapshots().map((s) => s.label), ['2024-01']);
    const h = engine.history({ streak: 1 });
    const { customers, ...rest } = want;
    assert.deepEqual({ periods: h.periods, flows: h.flows, rows: h.rows, streak: h.streak, minDrop: h.minDrop, deteriorating: h.deteriorating },
      { periods: rest.periods, flows: rest.flows, rows: rest.rows, streak: rest.streak, minDrop: rest.minDrop, deteriorating: rest.deteriorating });
    for (const c of customers) {
      assert.equal(h.streakOf[c.row], c.streak, `streak of ${c.id}`);
      c.scores.forEach((s, p) => assert.equal(h.score[p * h.rows + c.row], s ?? NaN, `score of ${c.id} in period ${p}`));
    }
    // One table of both months, split by its date column.
    const lines = (name, date) => example(name).toString().trim().split('\n').map((l, i) => (i ? `${date},${l}` : `month,${l}`));
    const both = [...lines('customers-1000-previous.csv', '2024-01'), ...lines('customers-1000.csv', '2024-02').slice(1)].join('\n');
    const split = await engine.loadTable(both, { splitByDate: 'month' });
    assert.deepEqual(split.periods, ['2024-01', '2024-02']);
    assert.equal(split.rows, 1000);
    const h2 = engine.history({ streak: 1 });
    assert.deepEqual(h2.periods.map((p) => [p.label, p.customers, p.mean]), want.periods.map((p) => [p.label, p.customers, p.mean]));
    assert.deepEqual(h2.flows.map((f) => f.counts), want.flows.map((f) => f.counts));
    engine.clearSnapshots();
    assert.throws(() => engine.history(), /no earlier snapshot/);
  } finally {
    engine.dispose();
  }
});

test('fitWeights({constraints}) gives kenko fit with the same constraints; values()', async () => {
  const text = native(['fit', '--model', 'dear.json', 'customers-1000.csv', '--lock', 'nps', '--min-share', 'engagement=40', '--max-share', 'roi=15']);
  const line = (k) => Number(text.split('\n').find((l) => l.startsWith(`${k} `)).slice(k.length + 1));
  const engine = await createEngine();
  try {
    engine.setModel(example('dear.json').toString());
    await engine.loadTable(example('customers-1000.csv'));
    const f = engine.fitWeights({ constraints: { lock: ['nps'], dimensions: { engagement: { min_share: 40 }, roi: { max_share: 15 } } } });
    assert.equal(f.constrained, true);
    assert.equal(f.heldoutAucAfter, line('heldout_auc_after'));
    assert.equal(f.heldoutAucUnconstrained, line('heldout_auc_unconstrained'));
    for (const l of text.split('\n')) {
      const m = /^(dimension|indicator) (\S+) \S+ -> (\S+)$/.exec(l);
      if (m) assert.equal((m[1] === 'dimension' ? f.dimensions : f.indicators).find((x) => x.id === m[2]).weight, Number(m[3]), l);
    }
    assert.deepEqual(f.locked.map((x) => x.id), ['nps']);
    assert.ok(Math.abs(f.shares[f.indicators.findIndex((x) => x.id === 'nps')] - f.locked[0].share) < 5e-5);
    assert.throws(() => engine.fitWeights({ constraints: { dimensions: { engagement: { min_share: 80 }, roi: { min_share: 30 } } } }), /add up to 110%/);
    // values(): the arr column, row by row.
    const v = engine.values();
    const rows = example('customers-1000.csv').toString().trim().split('\n').map((l) => l.split(','));
    const arr = rows[0].indexOf('arr');
    assert.equal(v.length, 1000);
    assert.equal(v[0], Number(rows[1][arr]));
    assert.equal(engine.summary().value.total, v.reduce((a, x) => (x === x ? a + x : a), 0));
  } finally {
    engine.dispose();
  }
});
