// The JS API (build-wasm/site/kenko-api.mjs) under Node, with node:test: its outputs equal the
// native program's on every example and on generated tables, what-if changes equal the native
// program on the changed model, errors are JS Errors with the native messages (and the paths
// and header the page needs), a failed or cancelled read keeps the previous results, and
// neither what-ifs nor engines leak WASM memory. Needs build/kenko and build-wasm/site
// (scripts/build, scripts/build-site).
//
//   node --test tests/js/api.test.mjs
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
const tmp = mkdtempSync(join(tmpdir(), 'kenko-api-'));

after(() => rmSync(tmp, { recursive: true, force: true }));

const native = (args) => execFileSync(kenko, args, { cwd: examples, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
const text = (bytes) => new TextDecoder().decode(bytes);
const example = (name) => readFileSync(join(examples, name));
const exampleText = (name) => readFileSync(join(examples, name), 'utf8');

async function withEngine(fn) {
  const engine = await createEngine();
  try {
    return await fn(engine);
  } finally {
    engine.dispose();
  }
}

const pairs = [
  ['seed-points.json', 'customers-1000.csv'],
  ['dear.json', 'customers-1000.csv'],
  ['dear-ja.json', 'customers-ja-sjis.csv'],
];

for (const [model, table] of pairs) {
  test(`equals the native program: ${model} ${table}`, () => withEngine(async (engine) => {
    engine.setModel(exampleText(model));
    const info = await engine.loadTable(example(table), { chunkSize: 65536 });
    assert.equal(info.rows, 1000);
    assert.equal(text(engine.scoredCsv()), native(['score', '--model', model, table]).toString());
    assert.equal(engine.scoredJson(), native(['score', '--model', model, '--format', 'json', table]).toString());
    assert.equal(engine.summaryText(), native(['summary', '--model', model, table]).toString());
    if (engine.modelInfo().outcome) {
      assert.equal(engine.validationText(), native(['validate', '--model', model, table]).toString());
      assert.deepEqual(engine.validation(), JSON.parse(native(['validate', '--model', model, '--format', 'json', table])));
    }
  }));
}

test('Shift_JIS is detected and named', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear-ja.json'));
  const info = await engine.loadTable(example('customers-ja-sjis.csv'));
  assert.equal(info.encoding, 'shift_jis');
  assert.equal(info.delimiter, ',');
  assert.ok(info.header.includes(engine.modelInfo().idColumn));
  assert.equal(engine.ids().length, 1000);
}));

for (const [rows, seed, lang] of [[20000, 3, 'en'], [5000, 11, 'ja']]) {
  test(`equals the native program on a generated table (${rows} rows, seed ${seed}, ${lang})`, () => withEngine(async (engine) => {
    const file = join(tmp, `gen-${seed}.csv`);
    execFileSync(kenko, ['generate', '--rows', String(rows), '--seed', String(seed), '--lang', lang, '-o', file]);
    const model = lang === 'ja' ? 'dear-ja.json' : 'dear.json';
    engine.setModel(exampleText(model));
    await engine.loadTable(readFileSync(file), { chunkSize: 100003 });
    assert.equal(text(engine.scoredCsv()), native(['score', '--model', model, file]).toString());
    assert.equal(engine.validationText(), native(['validate', '--model', model, file]).toString());
  }));
}

test('every kind of source gives the same table', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  const bytes = example('customers-1000.csv');
  await engine.loadTable(bytes);
  const want = text(engine.scoredCsv());
  const sources = [
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    new Blob([bytes]),
    bytes.toString('utf8'),
    new Blob([bytes]).stream(),
    (async function* () { for (let i = 0; i < bytes.length; i += 777) yield bytes.subarray(i, i + 777); })(),
  ];
  for (const source of sources) {
    await engine.loadTable(source);
    assert.equal(text(engine.scoredCsv()), want);
  }
}));

test('results are typed arrays that agree with the scored JSON', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const r = engine.results();
  const info = engine.modelInfo();
  assert.ok(r.score instanceof Float64Array && r.segment instanceof Int32Array);
  assert.equal(r.dimension.length, 1000 * info.dimensions.length);
  assert.equal(r.drivers.length, 3000);
  const rows = JSON.parse(native(['score', '--model', 'dear.json', '--format', 'json', 'customers-1000.csv']));
  const ids = engine.ids();
  for (let i = 0; i < rows.length; i++) {
    const want = rows[i];
    assert.equal(ids.get(i), want[info.idColumn]);
    assert.equal(r.score[i], want.score === null ? NaN : want.score);
    const seg = r.segment[i] >= 0 ? info.segments[r.segment[i]].id : (r.segment[i] === -1 ? 'none' : 'unscored');
    assert.equal(seg, want.segment);
    const drivers = [...r.drivers.subarray(i * 3, i * 3 + 3)].filter((d) => d >= 0).map((d) => info.indicators[d].id);
    assert.deepEqual(drivers, want.drivers);
    const alerts = info.alerts.filter((_, a) => (r.alerts[i * r.alertStride + (a >>> 5)] >>> (a & 31)) & 1).map((a) => a.id);
    assert.deepEqual(alerts, want.alerts);
  }
  const labels = engine.labels();
  assert.equal(labels.length, 1000);
  const s = engine.summary();
  assert.equal(s.customers, 1000);
  assert.equal(s.histogram.reduce((a, b) => a + b, 0), s.scored);
  assert.equal(s.segments.reduce((a, b) => a + b.count, 0), 1000);
  for (const seg of s.segments) {
    const index = seg.id === 'none' ? -1 : seg.id === 'unscored' ? -2 : info.segments.findIndex((x) => x.id === seg.id);
    assert.equal(r.segment.filter((x) => x === index).length, seg.count, seg.id);
  }
  const validation = native(['validate', '--model', 'dear.json', 'customers-1000.csv']).toString();
  assert.equal(`auc ${s.outcome.auc}`.slice(0, 8), validation.split('\n')[0].slice(0, 8));
}));

test('explain: shares add up to the score, values and points as read', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const r = engine.results();
  for (const row of [0, 1, 17, 999]) {
    const e = engine.explain(row);
    assert.equal(e.row, row);
    assert.equal(e.fileRow, row + 2);
    if (Number.isNaN(r.score[row])) continue;
    const sum = e.indicators.reduce((a, x) => a + x.contribution, 0);
    assert.ok(Math.abs(sum - r.score[row]) < 1e-9, `${sum} vs ${r.score[row]}`);
    for (const x of e.indicators) {
      if (x.counts) assert.ok(x.subscore >= 0 && x.subscore <= 100);
      else assert.equal(x.points, null);
    }
  }
  assert.throws(() => engine.explain(1000), /no customer 1000/);
  for (const bad of [-1, 1.5, 2 ** 32, 1e20, Infinity, NaN]) assert.throws(() => engine.explain(bad), /no customer/);
}));

// The model JSON with weights/bounds changed as the what-if simulator would change them.
function changedModel(name, change) {
  const m = JSON.parse(exampleText(name));
  change(m);
  const file = join(tmp, `changed-${name}`);
  writeFileSync(file, JSON.stringify(m));
  return file;
}

test('what-if weights and thresholds equal the native program on the changed model', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const baseline = text(engine.scoredCsv());
  const info = engine.modelInfo();
  const ind = info.indicators[2].id;
  const dim = info.dimensions[1].id;
  const seg = info.segments.find((s) => s.min !== null);
  engine.setWeights({ indicators: { [ind]: 55.5 }, dimensions: { [dim]: 0.25 } });
  engine.setSegmentBounds(seg.id, { min: seg.min + 7.5, max: seg.max });
  const file = changedModel('dear.json', (m) => {
    m.indicators[2].weight = 55.5;
    m.dimensions[1].weight = 0.25;
    m.segments.find((s) => s.id === seg.id).min = seg.min + 7.5;
  });
  assert.equal(text(engine.scoredCsv()), native(['score', '--model', file, 'customers-1000.csv']).toString());
  assert.equal(engine.modelInfo().indicators[2].weight, 55.5);
  const { score, segment } = engine.scores();
  assert.deepEqual(score, engine.results().score);
  assert.deepEqual(segment, engine.results().segment);
  // A bad change changes nothing.
  assert.throws(() => engine.setWeights({ indicators: { [ind]: 1, nope: 2 } }), /no indicator 'nope'/);
  assert.throws(() => engine.setWeights({ indicators: { [ind]: -1 } }), /0 or more/);
  assert.throws(() => engine.setWeights({ indicators: { [ind]: null } }), /must be a number/);
  assert.throws(() => engine.setSegmentBounds(seg.id, { min: '50' }), /must be a number or null/);
  assert.equal(engine.modelInfo().indicators[2].weight, 55.5);
  assert.equal(engine.auc(), engine.summary().outcome.auc);
  // Several bounds at once equal one at a time.
  const bounded = info.segments.filter((x) => x.min !== null).slice(0, 3);
  const many = Object.fromEntries(bounded.map((x) => [x.id, { min: x.min + 1, max: x.max }]));
  engine.setSegmentBounds(many);
  const together = engine.scores().segment;
  for (const x of bounded) engine.setSegmentBounds(x.id, { min: x.min, max: x.max });
  for (const x of bounded) engine.setSegmentBounds(x.id, { min: x.min + 1, max: x.max });
  assert.deepEqual(engine.scores().segment, together);
  assert.throws(() => engine.setSegmentBounds({ nope: { min: 1 } }), /no segment 'nope'/);
  engine.resetWhatIf();
  assert.equal(text(engine.scoredCsv()), baseline);
  assert.equal(engine.auc(), engine.validation().auc);
}));

test('a what-if state in one call: setWhatIf, whatIf, evaluateWhatIf and validation(state) equal the native program on the changed model', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const baseline = text(engine.scoredCsv());
  const info = engine.modelInfo();
  const i = info.indicators.findIndex((x) => x.rule.type === 'bands');
  const seg = info.segments.find((s) => s.min !== null);
  const rule = { type: 'linear', from: 0, to: 3, points: 40 };
  const state = {
    indicators: { [info.indicators[0].id]: 12.5 },
    dimensions: { [info.dimensions[1].id]: 0.5 },
    bounds: { [seg.id]: { min: seg.min + 5, max: seg.max } },
    rules: { [info.indicators[i].id]: rule },
  };
  const file = changedModel('dear.json', (m) => {
    m.indicators[0].weight = 12.5;
    m.dimensions[1].weight = 0.5;
    m.segments.find((s) => s.id === seg.id).min = seg.min + 5;
    m.indicators[i].rule = rule;
  });
  const want = JSON.parse(native(['score', '--model', file, '--format', 'json', 'customers-1000.csv']));
  // Aside: the scores and AUC the state gives, nothing in force changes.
  const aside = engine.evaluateWhatIf(state);
  assert.equal(text(engine.scoredCsv()), baseline);
  assert.deepEqual(engine.whatIf(), { indicators: {}, dimensions: {}, bounds: {}, rules: {} });
  for (let r = 0; r < want.length; r++) {
    assert.equal(aside.score[r], want[r].score === null ? NaN : want[r].score);
    const s = aside.segment[r];
    assert.equal(s >= 0 ? info.segments[s].id : s === -1 ? 'none' : 'unscored', want[r].segment);
  }
  const validation = JSON.parse(native(['validate', '--model', file, '--format', 'json', 'customers-1000.csv']));
  assert.equal(aside.auc, validation.auc);
  assert.deepEqual(engine.validation(state), validation);
  assert.equal(text(engine.scoredCsv()), baseline);
  // In force, in one call; read back.
  engine.setWhatIf(state);
  assert.equal(text(engine.scoredCsv()), native(['score', '--model', file, 'customers-1000.csv']).toString());
  const back = engine.whatIf();
  assert.deepEqual(back.indicators, state.indicators);
  assert.deepEqual(back.bounds, state.bounds);
  assert.deepEqual(Object.keys(back.rules), Object.keys(state.rules));
  // A defaulted weight follows the rule's P (40 here) when the model leaves it to default.
  const written = JSON.parse(exampleText('dear.json')).indicators[i];
  if (written.weight === undefined) assert.equal(engine.weights().indicators[info.indicators[i].id], 40);
  // A bad value anywhere is named and changes nothing.
  assert.throws(() => engine.setWhatIf({ ...state, dimensions: { nope: 1 } }), /what-if.dimensions.nope: no dimension 'nope'/);
  assert.throws(() => engine.setWhatIf({ bounds: { [seg.id]: { min: Infinity } } }), /not a finite number/);
  assert.throws(() => engine.setWhatIf({ rules: { [info.indicators[i].id]: { type: 'linear', from: 1, to: 1 } } }), /what-if.rules/);
  assert.equal(text(engine.scoredCsv()), native(['score', '--model', file, 'customers-1000.csv']).toString());
  // Leaving a value out puts the model's back; {} is the model as loaded.
  engine.setWhatIf({});
  assert.equal(text(engine.scoredCsv()), baseline);
}));

test('loadTable keepPrevious: false frees the table in hand first; a failed read then leaves none', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const first = text(engine.scoredCsv());
  await engine.loadTable(example('customers-1000.csv'), { keepPrevious: false });
  assert.equal(text(engine.scoredCsv()), first, 'a good read after freeing scores the same');
  const memory = engine.wasmMemoryBytes();
  const broken = `${exampleText('customers-1000.csv').split('\n').slice(0, 5).join('\n')}\nC9,"open`;
  await assert.rejects(engine.loadTable(broken, { keepPrevious: false }), /quote/);
  assert.throws(() => engine.results(), /table/i, 'no table after a failed read that freed the previous one');
  await engine.loadTable(example('customers-1000.csv'));
  assert.equal(text(engine.scoredCsv()), first);
  assert.equal(engine.wasmMemoryBytes(), memory, 'freeing first needs no more memory');
}));

test('texts cross as bytes + offsets: ids, labels and their order equal the native program', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear-ja.json'));
  await engine.loadTable(example('customers-ja-sjis.csv'));
  const info = engine.modelInfo();
  const rows = JSON.parse(native(['score', '--model', 'dear-ja.json', '--format', 'json', 'customers-ja-sjis.csv']));
  const ids = engine.ids();
  assert.ok(ids.bytes instanceof Uint8Array && ids.offsets instanceof Uint32Array);
  assert.equal(ids.length, rows.length);
  assert.equal(ids.offsets.length, rows.length + 1);
  for (let r = 0; r < rows.length; r++) assert.equal(ids.get(r), rows[r][info.idColumn]);
  assert.deepEqual([...ids], rows.map((x) => x[info.idColumn]));
  assert.equal(ids.get(-1), '');
  assert.equal(ids.get(rows.length), '');
  const labels = engine.labels();
  assert.ok(labels && labels.length === rows.length);
  // The label column holds Japanese names: decoded exactly (UTF-8 from Shift_JIS).
  assert.ok(labels.toArray().some((x) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(x)), 'Japanese labels');
  // Sorted by code point, ties in row order: the same as sorting the decoded strings by code point.
  const order = engine.textOrder(info.labelColumn);
  const all = labels.toArray();
  const cp = (a, b) => {
    const x = [...a], y = [...b];
    for (let k = 0; k < Math.min(x.length, y.length); k++) {
      const d = x[k].codePointAt(0) - y[k].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  };
  const want = [...all.keys()].sort((a, b) => cp(all[a], all[b]) || a - b);
  assert.deepEqual([...order], want);
  assert.throws(() => engine.texts('nope'), /was not kept as text/);
}));

test('what-if rule change equals the native program on the changed model', () => withEngine(async (engine) => {
  engine.setModel(exampleText('seed-points.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const info = engine.modelInfo();
  const i = info.indicators.findIndex((x) => x.rule.type === 'bands');
  const rule = { type: 'linear', from: 0, to: 3, points: info.indicators[i].maxPoints };
  engine.setRule(info.indicators[i].id, rule);
  const file = changedModel('seed-points.json', (m) => { m.indicators[i].rule = rule; });
  assert.equal(text(engine.scoredCsv()), native(['score', '--model', file, 'customers-1000.csv']).toString());
}));

test('model errors carry every problem with its JSON path; the previous model stays', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const before = text(engine.scoredCsv());
  const bad = JSON.parse(exampleText('dear.json'));
  bad.indicators[0].rulle = bad.indicators[0].rule;
  delete bad.indicators[0].rule;
  bad.indicators[1].weight = -2;
  assert.throws(() => engine.setModel(bad), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'KenkoModelError');
    const paths = e.problems.map((p) => p.path);
    assert.ok(paths.includes('indicators[0].rulle'), paths.join());
    assert.ok(paths.includes('indicators[1].weight'), paths.join());
    return true;
  });
  assert.throws(() => engine.setModel('{"version": 1,'), (e) => e.name === 'KenkoModelError' && /^invalid JSON/.test(e.message));
  assert.equal(text(engine.scoredCsv()), before);
}));

test('table errors name the row and column, carry the header, and keep the previous results', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const before = text(engine.scoredCsv());
  await assert.rejects(engine.loadTable('account_id,x\n1,"open\n'), (e) => {
    assert.equal(e.name, 'KenkoTableError');
    assert.match(e.message, /no column '/);
    assert.deepEqual(e.header, ['account_id', 'x']);
    return true;
  });
  const header = text(example('customers-1000.csv')).split('\n')[0];
  await assert.rejects(engine.loadTable(`${header}\n1,"open\n`), (e) => e.message.includes('the quote that opens this field is never closed'));
  await assert.rejects(engine.loadTable(new Uint8Array([0, 1, 2, 0xff, 0xfe, 0, 0, 9])), (e) => e instanceof Error && e.message.length > 0);
  assert.equal(text(engine.scoredCsv()), before);
  assert.equal(engine.results().rows, 1000);
}));

test('loose matching and the user\'s column map read renamed columns', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  const bytes = text(example('customers-1000.csv'));
  await engine.loadTable(bytes);
  const want = text(engine.scoredCsv());
  const [header, ...rest] = bytes.split('\n');
  const names = header.split(',');
  const renamed = names.map((n, i) => (i === 1 ? 'Renamed Column' : n.toUpperCase().replace(/_/g, ' ')));
  const csv = [renamed.join(','), ...rest].join('\n');
  const used = engine.modelInfo().columns;
  if (used.includes(names[1])) {
    await assert.rejects(engine.loadTable(csv, { matchColumns: 'loose' }), (e) => e.header.length === names.length);
  }
  const info = await engine.loadTable(csv, { matchColumns: 'loose', columnMap: { [names[1]]: 'Renamed Column' } });
  assert.ok(info.columns.some((c) => c.header !== c.model));
  assert.equal(text(engine.scoredCsv()), want);
}));

test('a cancelled read throws AbortError and keeps the previous table', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const before = text(engine.scoredCsv());
  const controller = new AbortController();
  let progressCalls = 0;
  await assert.rejects(engine.loadTable(example('customers-1000.csv'), {
    chunkSize: 65536,
    signal: controller.signal,
    onProgress: (p) => { progressCalls++; assert.ok(p.bytes > 0 && p.totalBytes > 0); controller.abort(); },
  }), (e) => e.name === 'AbortError');
  assert.equal(progressCalls, 1);
  assert.equal(text(engine.scoredCsv()), before);
  await engine.loadTable(example('customers-1000.csv'));  // usable afterwards
}));

test('export: BOM and label column', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const csv = engine.scoredCsv({ bom: true, label: true });
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const info = engine.modelInfo();
  assert.ok(text(csv.subarray(3)).startsWith(`${info.idColumn},${info.labelColumn},score,`));
}));

test('no WASM memory growth after 10,000 what-ifs and 200 engines', async () => {
  const engine = await createEngine();
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const info = engine.modelInfo();
  const before = engine.scores();
  for (let i = 0; i < 100; i++) { engine.setWeights({ indicators: { [info.indicators[0].id]: i } }); engine.scores(); }
  const heapBefore = engine.wasmMemoryBytes();
  for (let i = 0; i < 10000; i++) {
    engine.setWeights({ indicators: { [info.indicators[i % 3].id]: (i % 17) + 0.5 } });
    engine.setSegmentBounds(info.segments[0].id, { min: 60 + (i % 20), max: info.segments[0].max });
    engine.scores();
  }
  for (let i = 0; i < 200; i++) {
    const other = await createEngine();
    other.setModel(exampleText('dear.json'));
    await other.loadTable(example('customers-1000.csv'));
    other.results();
    other.dispose();
  }
  assert.equal(engine.wasmMemoryBytes(), heapBefore);
  engine.resetWhatIf();
  assert.deepEqual(engine.scores(), before);
  engine.dispose();
  assert.throws(() => engine.results(), /disposed/);
  // Disposing during a read cancels it and frees the engine.
  const reading = await createEngine();
  reading.setModel(exampleText('dear.json'));
  const pending = reading.loadTable(example('customers-1000.csv'), { chunkSize: 65536 });
  reading.dispose();
  await assert.rejects(pending, (e) => e.name === 'AbortError');
  assert.throws(() => reading.results(), /disposed/);
  const fresh = await createEngine();
  assert.throws(() => fresh.fitWeights(), /no table has been read/);
  fresh.dispose();
});

test('trends equal kenko score --previous', () => withEngine(async (engine) => {
  const previous = join(tmp, 'previous.csv');
  execFileSync(kenko, ['generate', '--rows', '1000', '--seed', '43', '-o', previous]);
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  assert.equal(engine.hasPreviousTable(), false);
  const info = await engine.loadPreviousTable(readFileSync(previous));
  assert.equal(info.rows, 1000);
  assert.equal(engine.tableInfo().rows, 1000);
  const t = engine.trends();
  assert.equal(t.matched, 1000);
  const want = JSON.parse(native(['score', '--model', 'dear.json', '--format', 'json', '--previous', previous, 'customers-1000.csv']));
  const model = engine.modelInfo();
  let deteriorating = 0;
  for (let i = 0; i < want.length; i++) {
    assert.equal(t.scorePrev[i], want[i].score_prev ?? NaN);
    assert.equal(t.scoreChange[i], want[i].score_change ?? NaN);
    const seg = t.segmentPrev[i];
    assert.equal(seg >= 0 ? model.segments[seg].id : seg === -1 ? 'none' : seg === -2 ? 'unscored' : null, want[i].segment_prev);
    assert.equal(t.changeDriver[i] >= 0 ? model.indicators[t.changeDriver[i]].id : null, want[i].change_driver);
    assert.equal(Boolean(t.deteriorating[i]), want[i].deteriorating);
    deteriorating += t.deteriorating[i];
  }
  assert.equal(t.deterioratingCount, deteriorating);
  // What-ifs apply to both snapshots.
  engine.setWeights({ indicators: { [model.indicators[0].id]: 0 } });
  const moved = engine.trends();
  assert.notDeepEqual(moved.scorePrev, t.scorePrev);
  engine.clearPreviousTable();
  assert.throws(() => engine.trends(), /no previous snapshot/);
}));

test('fitWeights equals kenko fit, and applied weights score as the fitted model', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const fit = engine.fitWeights();
  const fitted = join(tmp, 'fitted.json');
  const printed = native(['fit', '--model', 'dear.json', 'customers-1000.csv', '-o', fitted]).toString();
  assert.ok(printed.startsWith(`heldout_auc_before ${fit.heldoutAucBefore}\nheldout_auc_after ${fit.heldoutAucAfter}\n`), printed);
  assert.ok(fit.heldoutAucAfter >= fit.heldoutAucBefore);
  const weights = (list) => Object.fromEntries(list.map((x) => [x.id, x.weight]));
  engine.setWeights({ indicators: weights(fit.indicators), dimensions: weights(fit.dimensions) });
  assert.equal(text(engine.scoredCsv()), native(['score', '--model', fitted, 'customers-1000.csv']).toString());
}));

test('proposeBands equals kenko learn-bands', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'), { keepColumns: ['plan'] });
  for (const [indicator, healthy, args] of [
    ['logins', {}, []],
    ['recency', {}, []],
    ['logins', { column: 'plan', values: ['Enterprise', 'pro'] }, ['--healthy', 'plan=Enterprise,pro']],
  ]) {
    const p = engine.proposeBands(indicator, healthy);
    const printed = native(['learn-bands', '--model', 'dear.json', 'customers-1000.csv', '--indicator', indicator, ...args]).toString().split('\n');
    assert.deepEqual(p.rule, JSON.parse(printed[0]));
    assert.equal(printed[1], `healthy ${p.healthy} with a value ${p.healthyWithValue}`);
    p.reach.forEach((r, k) => assert.equal(printed[3 + k], `${r.threshold} ${r.healthyShare} ${r.allShare}`));
  }
  assert.throws(() => engine.proposeBands('nps'), /only bands and linear rules/);
  assert.throws(() => engine.fitWeights({ folds: 2.5 }), /whole number/);
  engine.setRule('logins', engine.proposeBands('logins').rule);
}));

test('improvement equals kenko explain, and follows what-ifs', () => withEngine(async (engine) => {
  engine.setModel(exampleText('dear.json'));
  await engine.loadTable(example('customers-1000.csv'));
  const ids = engine.ids();
  for (const row of [0, 1, 16, 499, 998]) {
    const want = JSON.parse(native(['explain', '--model', 'dear.json', 'customers-1000.csv', '--id', ids.get(row), '--format', 'json']));
    assert.deepEqual(engine.improvement(row), want.improvement);
    assert.deepEqual(engine.explain(row), want.customer);
  }
  const before = engine.improvement(0);
  engine.setSegmentBounds(engine.modelInfo().segments.at(-1).id, { min: 99 });
  assert.notDeepEqual(engine.improvement(0), before);
  assert.throws(() => engine.improvement(1000), /out of range|no customer/);
  assert.throws(() => engine.improvement(2 ** 32 + 1), /no customer/);
}));

// Issue 13: hostile input.
test('weights the model could not take are refused by setWeights with the model checker\'s words; nothing changes', () => withEngine(async (engine) => {
  const model = (w) => JSON.stringify({ version: 1, id_column: 'id', indicators: [
    { id: 'a', column: 'v', weight: w, rule: { type: 'linear', from: 0, to: 10 } },
    { id: 'b', column: 'v', weight: w, rule: { type: 'linear', from: 0, to: 10 } }] });
  assert.throws(() => engine.setModel(model(1e307)), (err) =>
    err.problems?.[0]?.path === 'indicators[0].weight' && /must be at most 1e300/.test(err.problems[0].message));
  engine.setModel(model(1));
  await engine.loadTable(new TextEncoder().encode('id,v\nr1,5\n'));
  const before = text(engine.scoredCsv());
  assert.throws(() => engine.setWeights({ indicators: { a: 1e307 } }),
    /what-if\.indicators\.a: must be at most 1e300 \(a larger weight would overflow the score's sums\)/);
  assert.throws(() => engine.setWeights({ indicators: { b: 5e-324 } }), /must be 0 or at least 1e-300/);
  assert.equal(text(engine.scoredCsv()), before);
  engine.setWeights({ indicators: { a: 1e300, b: 1e300 } });
  assert.equal(text(engine.scoredCsv()), before);
}));

test('scoredCsv({excelSafe: true}): formula-like text cells get a \', numbers stay numbers', () => withEngine(async (engine) => {
  engine.setModel(JSON.stringify({ version: 1, id_column: 'id', indicators: [
    { id: 'a', column: 'v', rule: { type: 'linear', from: 0, to: 10 } }] }));
  await engine.loadTable(new TextEncoder().encode('id,v\n=1+1,5\n-3,2\n@x,1\n'));
  assert.equal(text(engine.scoredCsv({ excelSafe: true })),
    "id,score,segment,coverage,ind.a,drivers,alerts\n'=1+1,50.00,yellow,1.00,50.00,a,\n-3,20.00,red,1.00,20.00,a,\n'@x,10.00,red,1.00,10.00,a,\n");
  assert.match(text(engine.scoredCsv()), /^id,.*\n=1\+1,50\.00/);
}));

test('a table wider than 65,536 columns is refused at once; the previous table stays', () => withEngine(async (engine) => {
  engine.setModel(JSON.stringify({ version: 1, id_column: 'id', indicators: [
    { id: 'a', column: 'v', rule: { type: 'linear', from: 0, to: 10 } }] }));
  await engine.loadTable(new TextEncoder().encode('id,v\nr1,5\n'));
  const wide = new TextEncoder().encode(`id,v${','.repeat(3_000_000)}\nr1,5\n`);
  await assert.rejects(engine.loadTable(wide), /row 1 has more than 65536 fields \(columns\)/);
  assert.match(text(engine.scoredCsv()), /r1,50\.00/);
}));
