// The worker engine (dist/kenko-worker.mjs: createWorkerEngine, here in a Node worker_threads
// Worker) against the native program and the in-thread engine: the same scored table, summary,
// explanation and improvement; progress, cancellation, errors with their paths and header, text
// columns, batches, what-ifs, dispose. Needs build/kenko and dist/ (scripts/build).
//
//   node --test tests/js/worker-engine.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'examples');
const { createWorkerEngine, TextColumn } = await import(join(root, 'dist', 'kenko-worker.mjs'));
const { createEngine } = await import(join(root, 'dist', 'kenko-api.mjs'));
const native = (args) => execFileSync(join(root, 'build', 'kenko'), args, { cwd: examples, maxBuffer: 1 << 30 });
const example = (name) => readFileSync(join(examples, name));
const text = (bytes) => new TextDecoder().decode(bytes);

async function withEngine(fn) {
  const engine = await createWorkerEngine();
  try {
    return await fn(engine);
  } finally {
    engine.dispose();
  }
}

for (const [model, table] of [['dear.json', 'customers-1000.csv'], ['dear-ja.json', 'customers-ja-sjis.csv']]) {
  test(`equals the native program and the in-thread engine: ${model} ${table}`, () => withEngine(async (engine) => {
    const { model: info } = await engine.setModel(example(model).toString('utf8'));
    assert.equal(typeof info.idColumn, 'string');
    const bytes = example(table);
    const progress = [];
    const read = await engine.loadTable(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { chunkSize: 65536, onProgress: (p) => progress.push(p) });
    assert.equal(read.rows, 1000);
    assert.ok(progress.length >= 1 && progress.at(-1).rows === 1000, 'progress reported');
    assert.equal(text(await engine.scoredCsv()), native(['score', '--model', model, table]).toString());
    assert.equal(await engine.summaryText(), native(['summary', '--model', model, table]).toString());
    const ids = await engine.ids();
    assert.ok(ids instanceof TextColumn);
    assert.equal(ids.length, 1000);
    const id = ids.get(7);
    const nat = JSON.parse(native(['explain', '--model', model, table, '--id', id, '--format', 'json']));
    const [ex, imp] = await engine.batch([['explain', 7], ['improvement', 7]]);
    assert.deepEqual(ex, nat.customer);
    assert.deepEqual(imp, nat.improvement);
    // The in-thread engine gives the same typed arrays.
    const local = await createEngine();
    try {
      local.setModel(example(model).toString('utf8'));
      await local.loadTable(example(table));
      const [a, b] = [await engine.results(), local.results()];
      assert.deepEqual(a.score, b.score);
      assert.deepEqual(a.segment, b.segment);
      assert.deepEqual(a.drivers, b.drivers);
      assert.deepEqual((await engine.labels())?.toArray(), local.labels()?.toArray());
    } finally {
      local.dispose();
    }
  }));
}

test('a what-if equals the native program on the changed model', () => withEngine(async (engine) => {
  const model = JSON.parse(example('dear.json').toString('utf8'));
  await engine.setModel(model);
  await engine.loadTable(new Blob([example('customers-1000.csv')]));
  await engine.setWhatIf({ indicators: { logins: 9 }, bounds: { green: { min: 60, max: null } } });
  assert.deepEqual(await engine.whatIf(), { indicators: { logins: 9 }, dimensions: {}, bounds: { green: { min: 60, max: null } }, rules: {} });
  const changed = structuredClone(model);
  changed.indicators.find((x) => x.id === 'logins').weight = 9;
  changed.segments.find((x) => x.id === 'green').min = 60;
  const dir = join(root, 'tests', 'out');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'worker-engine-whatif.json');
  writeFileSync(file, JSON.stringify(changed));
  assert.equal(text(await engine.scoredCsv()), native(['score', '--model', file, 'customers-1000.csv']).toString());
}));

test('errors cross the worker with their name, paths and header; the engine keeps working', () => withEngine(async (engine) => {
  const bad = JSON.parse(example('dear.json').toString('utf8'));
  bad.indicators[2].rule = { type: 'nope' };
  await assert.rejects(engine.setModel(bad), (e) => e.name === 'KenkoModelError' && e.problems.some((p) => p.path === 'indicators[2].rule.type'));
  await engine.setModel(example('dear.json').toString('utf8'));
  await assert.rejects(engine.loadTable('a,b\n1,2\n'), (e) => e.name === 'KenkoTableError' && e.header.join() === 'a,b');
  await assert.rejects(engine.loadTable(async function* () { yield new Uint8Array(1); }()), TypeError);
  const info = await engine.loadTable(example('customers-1000.csv').toString('utf8'));
  assert.equal(info.rows, 1000);
}));

test('a read is cancelled by its signal and keeps the previous table', () => withEngine(async (engine) => {
  await engine.setModel(example('dear.json').toString('utf8'));
  await engine.loadTable(example('customers-1000.csv'));
  const big = Buffer.concat([example('customers-1000.csv'), ...Array.from({ length: 60 }, () => example('customers-1000.csv').subarray(example('customers-1000.csv').indexOf(10) + 1))]);
  const controller = new AbortController();
  const p = engine.loadTable(new Blob([big]), { chunkSize: 65536, signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(p, (e) => e.name === 'AbortError');
  assert.equal((await engine.results()).rows, 1000);
}));

test('dispose stops the worker: later calls reject', async () => {
  const engine = await createWorkerEngine({ threads: false });
  assert.equal(await engine.threads(), 1);
  engine.dispose();
  await assert.rejects(engine.modelInfo(), /disposed/);
});

test('the history, SQL and model-proposal operations cross the worker as the in-thread engine gives them', () => withEngine(async (engine) => {
  const local = await createEngine();
  try {
    const model = example('dear.json').toString('utf8');
    for (const e of [engine, local]) {
      await e.setModel(model);
      await e.loadTable(example('customers-1000.csv'));
      await e.setTableLabel('2024-02');
      await e.loadSnapshot(example('customers-1000-previous.csv'), { label: '2024-01' });
    }
    assert.deepEqual((await engine.snapshots()).map((s) => [s.label, s.info.rows]), local.snapshots().map((s) => [s.label, s.info.rows]));
    assert.deepEqual(await engine.history({ streak: 1 }), local.history({ streak: 1 }));
    assert.equal(await engine.sql({ dialect: 'postgres' }), local.sql({ dialect: 'postgres' }));
    assert.equal(await engine.sql({ dialect: 'postgres' }), native(['sql', '--model', 'dear.json', '--table', 'customers', '--dialect', 'postgres']).toString());
    const progress = [];
    const profile = await engine.profileTable(new Blob([example('customers-1000.csv')]), { chunkSize: 65536, onProgress: (p) => progress.push(p) });
    assert.deepEqual(profile, await local.profileTable(example('customers-1000.csv'), { chunkSize: 65536 }));
    assert.ok(progress.length >= 1, 'progress reported');
    const options = { outcome: 'churned', fit: false };
    assert.deepEqual(await engine.proposeModel(options), local.proposeModel(options));
    await engine.clearTableProfile();
    await assert.rejects(engine.tableProfile());
  } finally {
    local.dispose();
  }
}));
