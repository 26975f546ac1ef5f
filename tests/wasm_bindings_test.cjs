// The embind module (build-wasm/kenko.js) under Node: same scores as the native program, errors
// as JS Errors with the native messages, typed-array results, no heap growth under what-ifs.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const assert = require('assert');

const root = path.resolve(__dirname, '..');
const build = path.join(root, 'build-wasm');
const createKenkoModule = require(path.join(build, 'kenko.js'));

let passed = 0, failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL: ${name}\n  ${e.stack || e}`);
  }
}

function feed(Module, engine, bytes, chunk) {
  engine.beginTable('auto', '');
  for (let i = 0; i < bytes.length; i += chunk) {
    const part = bytes.subarray(i, Math.min(bytes.length, i + chunk));
    const ptr = engine.inputBuffer(part.length);
    Module.HEAPU8.set(part, ptr);
    engine.feedInput(part.length);
  }
  engine.endTable();
}

function native(args) {
  return execFileSync(path.join(root, 'build', 'kenko'), args, { cwd: path.join(root, 'examples'), stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

(async () => {
  const Module = await createKenkoModule({ wasmBinary: fs.readFileSync(path.join(build, 'kenko.wasm')) });
  const examples = path.join(root, 'examples');
  const pairs = [['seed-points.json', 'customers-1000.csv'], ['dear.json', 'customers-1000.csv'], ['dear-ja.json', 'customers-ja-sjis.csv']];

  for (const [model, table] of pairs) {
    await test(`scored CSV equals the native program's: ${model} ${table}`, () => {
      const engine = new Module.Engine();
      try {
        engine.setModel(fs.readFileSync(path.join(examples, model), 'utf8'));
        feed(Module, engine, fs.readFileSync(path.join(examples, table)), 65536 + 7);
        assert.strictEqual(engine.scoredCsv(), native(['score', '--model', model, table]));
        assert.strictEqual(engine.summaryText(), native(['summary', '--model', model, table]));
      } finally {
        engine.delete();
      }
    });
  }

  await test('results cross as typed arrays', () => {
    const engine = new Module.Engine();
    try {
      engine.setModel(fs.readFileSync(path.join(examples, 'dear.json'), 'utf8'));
      feed(Module, engine, fs.readFileSync(path.join(examples, 'customers-1000.csv')), 1 << 20);
      const scores = engine.scores().slice();
      assert.ok(scores instanceof Float64Array);
      assert.strictEqual(scores.length, 1000);
      assert.ok(engine.segments().slice() instanceof Int32Array);
      assert.strictEqual(engine.drivers().length, 3000);
      const csv = native(['score', '--model', 'dear.json', '--format', 'json', 'customers-1000.csv']);
      const rows = JSON.parse(csv);
      for (let i = 0; i < rows.length; i++) {
        const want = rows[i].score === null ? NaN : rows[i].score;
        assert.ok(Object.is(scores[i], want) || scores[i] === want, `row ${i}: ${scores[i]} vs ${want}`);
      }
    } finally {
      engine.delete();
    }
  });

  await test('C++ errors become JS Errors with the same message', () => {
    const engine = new Module.Engine();
    try {
      assert.throws(() => engine.setModel('{"version": 1,'), (e) => e instanceof Error && /^invalid JSON/.test(e.message));
      assert.throws(() => engine.setModel('{"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","rulle":{}}]}'),
        (e) => e instanceof Error && e.message.includes("indicators[0].rulle: unknown key 'rulle' (did you mean 'rule'?)"));
      engine.setModel('{"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}]}');
      assert.throws(() => feed(Module, engine, Buffer.from('id,x\n1,"open\n'), 4),
        (e) => e instanceof Error && e.message === 'row 2, column 2: the quote that opens this field is never closed');
      assert.throws(() => feed(Module, engine, Buffer.from('id,y\n1,2\n'), 100),
        (e) => e instanceof Error && e.message.startsWith("no column 'x' in the header"));
      assert.throws(() => engine.setIndicatorWeight(0, -1), /must be 0 or more/);
    } finally {
      engine.delete();
    }
  });

  await test('what-if: no heap growth after 10,000 weight changes', () => {
    const engine = new Module.Engine();
    try {
      engine.setModel(fs.readFileSync(path.join(examples, 'dear.json'), 'utf8'));
      feed(Module, engine, fs.readFileSync(path.join(examples, 'customers-1000.csv')), 1 << 20);
      const before = engine.scores().slice();
      for (let i = 0; i < 50; i++) { engine.setIndicatorWeight(0, i); engine.scores(); engine.drivers(); }
      const heap = Module.HEAPU8.length;
      for (let i = 0; i < 10000; i++) {
        engine.setIndicatorWeight(i % 3, (i % 17) + 0.5);
        engine.drivers();
      }
      assert.strictEqual(Module.HEAPU8.length, heap);
      engine.resetWhatIf();
      assert.deepStrictEqual(engine.scores().slice(), before);
    } finally {
      engine.delete();
    }
  });

  console.log(`bindings: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
