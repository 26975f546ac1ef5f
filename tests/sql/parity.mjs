// The SQL parity suite for one engine (tests/sql/{duckdb,postgres,sqlite}.test.mjs run it):
// every table is created and filled by `kenko sql --load-script`, every model compiled by
// `kenko sql`, and each result must equal `kenko score` on the same CSV: with
// --full-precision every number within 1e-9 (the suite reports how many are equal to the bit),
// the two-decimal numbers equal to kenko's text, and ids, segments, drivers and alerts
// identical. Cases: the example models and tables, the Japanese model and Shift_JIS table, a
// model whose every name and text holds ' " ; -- Japanese and emoji, generated models (every
// rule type, missing values, dimensions, segments with `when`, alerts) on a generated table,
// the trend form on two snapshots, and a 100,000-row table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.mjs';
import { duckdb, postgres, postgresAvailable, sqlite } from './engines.mjs';
import { generateModel, valuePools } from './model-gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'examples');
const kenko = process.env.KENKO ?? join(root, 'build', 'kenko');
export const kGeneratedModels = 50;

function run(args) {
  const r = spawnSync(kenko, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kenko ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const TEXT_COLUMNS = new Set(['segment', 'drivers', 'alerts', 'segment_prev', 'change_driver']);

// Compares an engine's result with kenko's CSV (and, for `deteriorating`, its JSON). Returns
// { numbers, exact, maxDiff }; fails with the first mismatches.
function compare(expectedCsv, got, { full, idColumn, label, json }) {
  const [header, ...rows] = parseCsv(expectedCsv);
  const index = new Map(got.columns.map((c, i) => [c, i]));
  const want = json ? [...header, 'deteriorating'] : header;
  for (const c of want) assert.ok(index.has(c), `${label}: no column ${c} in ${got.columns.join(', ')}`);
  assert.equal(got.columns.length, want.length, `${label}: columns ${got.columns.join(', ')}`);
  const idAt = index.get(idColumn);
  const byId = new Map(got.rows.map((row) => [String(row[idAt] ?? ''), row]));
  assert.equal(byId.size, got.rows.length, `${label}: ids must be unique in the test tables`);
  assert.equal(got.rows.length, rows.length, `${label}: rows`);
  const deteriorating = json ? new Map(JSON.parse(json).map((o) => [o[idColumn], o.deteriorating])) : null;
  const bad = [];
  let numbers = 0, exact = 0, maxDiff = 0;
  for (const row of rows) {
    const id = row[0];
    const g = byId.get(id);
    if (!g) {
      bad.push(`${id}: missing`);
      continue;
    }
    header.forEach((c, j) => {
      const e = row[j];
      const v = g[index.get(c)];
      if (j === 0 || TEXT_COLUMNS.has(c)) {
        if (String(v ?? '') !== e) bad.push(`${id} ${c}: ${JSON.stringify(v)} ≠ ${JSON.stringify(e)}`);
        return;
      }
      if (e === '' || v === null || v === undefined) {
        if (!(e === '' && (v === null || v === undefined))) bad.push(`${id} ${c}: ${v} ≠ '${e}'`);
        return;
      }
      const x = Number(e), y = Number(v);
      numbers++;
      const d = Math.abs(x - y);
      maxDiff = Math.max(maxDiff, d);
      if (x === y) exact++;
      if (full ? !(d <= 1e-9) : x !== y) bad.push(`${id} ${c}: ${v} ≠ ${e}`);
    });
    if (deteriorating) {
      const v = g[index.get('deteriorating')];
      const b = v === true || v === 1 || v === 't';
      if (b !== deteriorating.get(id)) bad.push(`${id} deteriorating: ${v} ≠ ${deteriorating.get(id)}`);
    }
  }
  assert.deepEqual(bad.slice(0, 8), [], `${label}: ${bad.length} differences`);
  return { numbers, exact, maxDiff };
}

export function parityTests(dialect) {
  const skip = dialect === 'postgres' && !postgresAvailable() ? 'PGHOST is not set: run it through tests/sql/with-postgres.sh' : false;
  describe(`kenko sql on ${dialect} equals kenko score`, { skip }, () => {
    const tmp = mkdtempSync(join(tmpdir(), `kenko-sql-${dialect}-`));
    let engine;
    let tables = 0;
    const totals = { numbers: 0, exact: 0, maxDiff: 0 };

    before(async () => {
      engine = dialect === 'duckdb' ? await duckdb() : dialect === 'sqlite' ? await sqlite(tmp) : await postgres(tmp);
    });
    after(async () => {
      await engine?.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    const file = (name, text) => {
      const path = join(tmp, name);
      writeFileSync(path, text);
      return path;
    };
    // Creates a table from `data` with the model's load script; returns its name.
    async function load(model, data) {
      const table = `t${tables++}`;
      const script = join(tmp, `${table}.sql`);
      run(['sql', '--model', model, '--table', table, '--dialect', dialect, '--load-script', data, '-o', script]);
      await engine.exec(readFileSync(script, 'utf8'));
      return table;
    }
    async function check(model, data, { previous, label, precisions = [true, false], idColumn }) {
      const table = await load(model, data);
      const before = previous ? await load(model, previous) : null;
      const id = idColumn ?? JSON.parse(readFileSync(model, 'utf8')).id_column;
      const out = [];
      for (const full of precisions) {
        const scoreArgs = ['score', '--model', model, data, ...(previous ? ['--previous', previous] : [])];
        const expected = run([...scoreArgs, ...(full ? ['--full-precision'] : [])]);
        const json = previous ? run([...scoreArgs, '--format', 'json']) : null;
        const sql = run(['sql', '--model', model, '--table', table, '--dialect', dialect,
          ...(before ? ['--previous-table', before] : []), ...(full ? ['--full-precision'] : [])]);
        const got = await engine.query(sql);
        const r = compare(expected, got, { full, idColumn: id, label: `${label}${full ? ' (full precision)' : ''}`, json });
        if (full) {
          totals.numbers += r.numbers;
          totals.exact += r.exact;
          totals.maxDiff = Math.max(totals.maxDiff, r.maxDiff);
        }
        out.push(r);
      }
      return out;
    }

    test('the example models and tables, and the trend form on two snapshots', async () => {
      const data = join(examples, 'customers-1000.csv');
      for (const m of ['seed-points.json', 'dear.json']) {
        await check(join(examples, m), data, { label: m });
      }
      await check(join(examples, 'dear.json'), data, {
        previous: join(examples, 'customers-1000-previous.csv'), label: 'dear.json --previous',
      });
    });

    test('the Japanese model on the Shift_JIS table', async () => {
      await check(join(examples, 'dear-ja.json'), join(examples, 'customers-ja-sjis.csv'), { label: 'dear-ja.json' });
    });

    test(`a model whose every name and text holds ' " ; -- Japanese and emoji`, async () => {
      const { model, csv } = hostile();
      await check(file('hostile.json', JSON.stringify(model)), file('hostile.csv', csv), { label: 'hostile names' });
    });

    test('two decimals round the exact double as printf does (halves to even, near-halves by the exact value)', async () => {
      // Sub-scores 100 × points / 100 whose × 100 is a half exactly (0.125 → 12.5 → "0.12") or
      // only after rounding (0.015 → 1.5, below it → "0.01"; 0.005 → 0.5, above it → "0.01").
      const points = [100, 0.005, 0.015, 0.025, 0.045, 0.055, 0.065, 0.075, 0.085, 0.095, 0.105, 0.115, 0.135,
        0.125, 0.375, 0.625, 0.875, 1.125, 1.375, 2.675, 1.005, 0.285, 8.345, 99.995, 12.345, 45.675, 0];
      const map = Object.fromEntries(points.map((p, i) => [`k${i}`, p]));
      const model = { version: 1, id_column: 'id', indicators: [{ id: 'x', column: 'k', rule: { type: 'category', map } }] };
      const csv = `id,k\n${points.map((_, i) => `r${i},k${i}`).join('\n')}\n`;
      await check(file('halves.json', JSON.stringify(model)), file('halves.csv', csv), { label: 'halves' });
    });

    test(`${kGeneratedModels} generated models on a generated table (and the trend form on every fifth)`, async (t) => {
      const data = join(tmp, 'generated.csv');
      const previous = join(tmp, 'generated-previous.csv');
      run(['generate', '--rows', '2000', '--seed', '11', '-o', data]);
      run(['generate', '--rows', '2000', '--seed', '11', '--month-earlier', '-o', previous]);
      const pools = valuePools(parseCsv(readFileSync(data, 'utf8')));
      for (let seed = 1; seed <= kGeneratedModels; seed++) {
        const model = file(`generated-${seed}.json`, JSON.stringify(generateModel(seed, pools), null, 1));
        execFileSync(kenko, ['check-model', model], { stdio: 'pipe' });
        // (Two decimals on every other model: their rounding is the same code for every value.)
        await check(model, data, { label: `generated model ${seed}`, precisions: seed % 2 ? [true, false] : [true] });
        if (seed % 5 === 0) {
          await check(model, data, { previous, label: `generated model ${seed} --previous`, precisions: [true] });
        }
      }
      t.diagnostic(`${totals.numbers} numbers compared at full precision so far, ${totals.exact} equal to the bit, largest difference ${totals.maxDiff}`);
    });

    test('100,000 rows', async (t) => {
      const data = join(tmp, 'big.csv');
      run(['generate', '--rows', '100000', '--seed', '5', '-o', data]);
      const [r] = await check(join(examples, 'dear.json'), data, { label: 'dear.json, 100,000 rows', precisions: [true] });
      assert.ok(r.numbers > 1_000_000);
      t.diagnostic(`all: ${totals.numbers} numbers at full precision, ${totals.exact} equal to the bit, largest difference ${totals.maxDiff}`);
    });
  });
}

// A model and table whose every name and text (columns, ids, category texts, `in` lists,
// segment, alert, dimension and indicator ids, the table's cells) holds a quote, a double
// quote, a semicolon, a comment, Japanese and an emoji: SQL must quote them, never paste them.
export function hostile() {
  const nasty = (s) => `${s}'"; --日本😀`;
  const id = nasty('id');
  const num = nasty('n'), other = nasty('m'), yes = nasty('y'), cat = nasty('c');
  const model = {
    version: 1,
    name: nasty('model */ --\nname'),
    id_column: id,
    dimensions: [{ id: nasty('d1'), label: nasty('D') }, { id: nasty('d2'), label: 'x', weight: 2 }],
    indicators: [
      { id: nasty('a'), column: num, dimension: nasty('d1'), rule: { type: 'bands', bands: [{ min: 10, points: 100 }, { min: 5, points: 40 }, { points: 5 }] } },
      { id: nasty('b'), ratio: [num, other], dimension: nasty('d1'), rule: { type: 'linear', from: 0, to: 2 } },
      { id: nasty('c'), column: yes, dimension: nasty('d2'), rule: { type: 'boolean', points: 30 } },
      { id: nasty('e'), column: cat, dimension: nasty('d2'), weight: 2, rule: { type: 'category', map: { [nasty('x')]: 100, [nasty('Y')]: 50, "'; DROP TABLE t; --": 10 }, else: 0 } },
      { id: nasty('f'), change: [num, other], dimension: nasty('d2'), rule: { type: 'percentile' } },
    ],
    segments: [
      { id: nasty('top'), label: nasty('T'), min: 70, when: [{ field: `column.${cat}`, in: [nasty('x'), nasty('y')] }] },
      { id: nasty('mid'), label: 'M', min: 40, when: [{ field: `indicator.${nasty('c')}`, min: 50 }] },
      { id: nasty('low'), label: 'L' },
    ],
    alerts: [
      { id: nasty('al1'), label: nasty('A'), when: [{ field: `dimension.${nasty('d1')}`, max: 50 }, { field: `column.${num}`, min: 3 }] },
      { id: nasty('al2'), label: 'B', when: [{ field: `column.${yes}` }] },
    ],
  };
  const cell = (s) => `"${String(s).replaceAll('"', '""')}"`;
  const lines = [[id, num, other, yes, cat].map(cell).join(',')];
  const cats = [nasty('x'), ` ${nasty('X')}\u3000`, nasty('y'), "'; DROP TABLE t; --", 'other', '', 'NA'];
  const yesNo = ['yes', ' No ', 'はい', '×', 'maybe', '', '-'];
  for (let r = 0; r < 60; r++) {
    lines.push([
      cell(`${r}${nasty('')}`),
      r % 7 === 3 ? '' : String((r * 37) % 13),
      r % 11 === 4 ? 'NA' : String((r * 5) % 7),
      cell(yesNo[r % yesNo.length]),
      cell(cats[r % cats.length]),
    ].join(','));
  }
  return { model, csv: `${lines.join('\n')}\n` };
}
