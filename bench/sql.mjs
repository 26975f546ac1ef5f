// The compiled query at warehouse scale: `kenko generate` customers loaded into DuckDB with
// kenko's load script, scored by `kenko sql` (examples/dear.json: 14 indicators, 4 dimensions,
// 2 percentile ranks, 10 segments, 8 alerts) inside DuckDB, against `kenko score` natively on
// the same CSV; then every DuckDB score is checked against kenko's (full precision, joined by
// id: the number of customers whose score, segment, drivers or alerts differ must be 0).
//
//   node bench/sql.mjs [ROWS]   (default 10,000,000; needs build/kenko: scripts/build)
//
// Files go to bench/out/ (the DuckDB database included: the query may spill to disk there).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
const kenko = join(root, 'build', 'kenko');
const model = join(root, 'examples', 'dear.json');
const rows = Number(process.argv[2] ?? 10_000_000);
mkdirSync(out, { recursive: true });

const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
function timed(label, fn) {
  const t0 = performance.now();
  const result = fn();
  const s = seconds(t0);
  console.log(`${label}: ${s.toFixed(2)} s`);
  return [s, result];
}
async function timedAsync(label, fn) {
  const t0 = performance.now();
  const result = await fn();
  const s = seconds(t0);
  console.log(`${label}: ${s.toFixed(2)} s`);
  return [s, result];
}

console.log(`date ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`machine ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0].model}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const data = join(out, `customers-${rows}.csv`);
if (!existsSync(data)) timed(`kenko generate --rows ${rows}`, () => execFileSync(kenko, ['generate', '--rows', String(rows), '--seed', '1', '-o', data]));
console.log(`table: ${fmt(rows)} customers, ${(statSync(data).size / 1e6).toFixed(0)} MB`);

// Natively: the whole command, reading the CSV and writing the scored CSV.
const scored = join(out, `scored-${rows}.csv`);
const [nativeTwo] = timed('kenko score (two decimals), whole command', () =>
  execFileSync(kenko, ['score', '--model', model, data, '-o', join(out, 'scored-2d.csv')], { stdio: 'ignore' }));
const [nativeFull] = timed('kenko score --full-precision, whole command', () =>
  execFileSync(kenko, ['score', '--model', model, data, '--full-precision', '-o', scored], { stdio: 'ignore' }));
rmSync(join(out, 'scored-2d.csv'), { force: true });

// DuckDB: the load script (kenko reads the CSV, DuckDB COPYs the clean rows), then the query.
const script = join(out, 'sql-load.sql');
timed('kenko sql --load-script (kenko reads the CSV, writes the rows DuckDB copies)', () =>
  execFileSync(kenko, ['sql', '--model', model, '--table', 'customers', '--load-script', data, '-o', script], { stdio: 'ignore' }));
const dbFile = join(out, 'sql-bench.duckdb');
rmSync(dbFile, { force: true });
rmSync(`${dbFile}.wal`, { force: true });
const instance = await DuckDBInstance.create(dbFile);
const db = await instance.connect();
const version = (await db.runAndReadAll('SELECT version()')).getRows()[0][0];
const threads = (await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
console.log(`DuckDB ${version}, ${threads} threads`);
await timedAsync('DuckDB: CREATE TABLE + COPY of the load script', () => db.run(readFileSync(script, 'utf8')));

const query = (full) => execFileSync(kenko, ['sql', '--model', model, '--table', 'customers', ...(full ? ['--full-precision'] : [])], { encoding: 'utf8' }).replace(/;\s*$/, '');
const [sqlFull] = await timedAsync('DuckDB: the compiled query, full precision (CREATE TABLE AS)', () =>
  db.run(`CREATE TABLE scored_full AS ${query(true)}`));
const [sqlTwo] = await timedAsync('DuckDB: the compiled query, two decimals (CREATE TABLE AS)', () =>
  db.run(`CREATE TABLE scored_two AS ${query(false)}`));

// Every customer checked against kenko's own output.
await timedAsync('DuckDB: kenko score --full-precision read back', () =>
  db.run(`CREATE TABLE expected AS SELECT * FROM read_csv('${scored}', header = true, all_varchar = false, auto_detect = true, sample_size = -1)`));
const diff = (await db.runAndReadAll(`
  SELECT count(*) AS customers,
         count(*) FILTER (WHERE e.account_id IS NULL) AS unmatched,
         count(*) FILTER (WHERE s.score IS DISTINCT FROM e.score) AS score,
         count(*) FILTER (WHERE s.segment IS DISTINCT FROM e.segment) AS segment,
         count(*) FILTER (WHERE coalesce(s.drivers, '') IS DISTINCT FROM coalesce(e.drivers, '')) AS drivers,
         count(*) FILTER (WHERE coalesce(s.alerts, '') IS DISTINCT FROM coalesce(e.alerts, '')) AS alerts
  FROM scored_full s LEFT JOIN expected e ON s.account_id = e.account_id`)).getRowObjectsJson()[0];
console.log(`check against kenko score: ${JSON.stringify(diff)}`);
db.closeSync();
rmSync(dbFile, { force: true });
rmSync(script, { force: true });
rmSync(script.replace(/\.sql$/, '.csv'), { force: true });

console.log(`rows/s: kenko score ${fmt(rows / nativeTwo)} (two decimals), ${fmt(rows / nativeFull)} (full precision); ` +
  `DuckDB query ${fmt(rows / sqlFull)} (full precision), ${fmt(rows / sqlTwo)} (two decimals)`);
