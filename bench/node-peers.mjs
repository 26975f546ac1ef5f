// Read + score outside the browser, on the file of bench/peers-data.mjs (ROWS × an id and K
// numeric columns, a linear model): `kenko summary` natively and as WebAssembly under Node
// (whole processes), uDSV and Papa Parse under Node (the file read, parsed to typed columns and
// scored, in this process), and a fast C++ CSV reader (build/peer_fccp, Debian's libfccp-dev).
// Each contender's mean or checksum is checked against the reference; runs alternate; medians
// and ratios to kenko are printed and appended to bench/out/peers.txt.
//
//   node bench/node-peers.mjs [--rows 1000000] [--runs 3]
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peersData, peersModel } from './peers-data.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const ROWS = Number(opt('--rows', 1000000));
const K = 20;
const RUNS = Math.max(1, Number(opt('--runs', 3)));
const dir = '/tmp/kenko-bench';
execFileSync('mkdir', ['-p', dir]);
const data = peersData({ rows: ROWS, columns: K, dir });
const modelFile = join(dir, `peers-model-${K}.json`);
writeFileSync(modelFile, peersModel(K));
const mean = data.checksum / ROWS;

const { inferSchema, initParser } = await import(join(root, 'node_modules/udsv/dist/uDSV.mjs'));
const Papa = (await import(join(root, 'node_modules/papaparse/papaparse.js'))).default;

function scoreRow(values) {
  let num = 0;
  let den = 0;
  for (let k = 0; k < K; k++) {
    const v = values(k);
    if (v !== v) continue;
    const t = Math.min(1, Math.max(0, (v - 0) / (100 - 0)));
    num += 100 * ((100 * (100 * t)) / 100);
    den += 100;
  }
  return den > 0 ? num / den : NaN;
}
const sumOf = (scores) => scores.reduce((a, s) => (s === s ? a + s : a), 0);

const time = (fn) => { const t0 = process.hrtime.bigint(); const r = fn(); return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r }; };
const kenkoMean = (out) => Number(/^mean\s+([\d.]+)/m.exec(out)[1]);

const contenders = {
  'kenko summary, native': () => {
    const { ms, r } = time(() => execFileSync(join(root, 'build/kenko'), ['summary', '--model', modelFile, data.file]).toString());
    if (Math.abs(kenkoMean(r) - mean) > 0.005) throw new Error(`kenko mean ${kenkoMean(r)} ≠ ${mean}`);
    return ms;
  },
  'kenko summary, native, one thread': () => {
    const { ms, r } = time(() => execFileSync(join(root, 'build/kenko'), ['summary', '--threads', '1', '--model', modelFile, data.file]).toString());
    if (Math.abs(kenkoMean(r) - mean) > 0.005) throw new Error(`kenko mean ${kenkoMean(r)} ≠ ${mean}`);
    return ms;
  },
  'kenko summary, WebAssembly CLI (Node)': () => {
    const { ms, r } = time(() => execFileSync(process.execPath, ['--no-experimental-fetch', join(root, 'build-wasm/kenko-cli.cjs'), 'summary', '--model', modelFile, data.file]).toString());
    if (Math.abs(kenkoMean(r) - mean) > 0.005) throw new Error(`kenko (WASM) mean ${kenkoMean(r)} ≠ ${mean}`);
    return ms;
  },
  'uDSV (Node)': () => {
    const { ms, r } = time(() => {
      const text = readFileSync(data.file, 'utf8');
      const cols = initParser(inferSchema(text)).typedCols(text);
      const n = cols[0].length;
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = scoreRow((k) => { const v = cols[k + 1][i]; return v == null ? NaN : v; });
      return sumOf(scores);
    });
    if (r !== data.checksum) throw new Error(`uDSV checksum ${r} ≠ ${data.checksum}`);
    return ms;
  },
  'Papa Parse (Node)': () => {
    const { ms, r } = time(() => {
      const text = readFileSync(data.file, 'utf8');
      const rows = Papa.parse(text, { fastMode: true, dynamicTyping: true, skipEmptyLines: true }).data;
      const scores = new Float64Array(rows.length - 1);
      for (let i = 1; i < rows.length; i++) scores[i - 1] = scoreRow((k) => { const v = rows[i][k + 1]; return typeof v === 'number' ? v : NaN; });
      return sumOf(scores);
    });
    if (r !== data.checksum) throw new Error(`Papa Parse checksum ${r} ≠ ${data.checksum}`);
    return ms;
  },
};
if (existsSync(join(root, 'build/peer_fccp'))) {
  contenders['fast-cpp-csv-parser (native)'] = () => {
    const { ms, r } = time(() => execFileSync(join(root, 'build/peer_fccp'), [data.file]).toString());
    const sum = Number(/fccp_checksum (\S+)/.exec(r)[1]);
    if (sum !== data.checksum) throw new Error(`fccp checksum ${sum} ≠ ${data.checksum}`);
    return ms;
  };
}

const names = Object.keys(contenders);
const times = Object.fromEntries(names.map((n) => [n, []]));
for (let run = 0; run < RUNS; run++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + run) % names.length];
    times[name].push(contenders[name]());
    console.error(`  run ${run + 1} ${name}: ${times[name].at(-1).toFixed(0)} ms`);
  }
}
const median = (xs) => { const a = [...xs].sort((p, q) => p - q); const m = a.length >> 1; return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2; };
const lines = [];
const out = (s) => { console.log(s); lines.push(s); };
out(`date ${new Date().toISOString().slice(0, 16)}Z  machine ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0].model}  Node ${process.version}`);
out(`file ${ROWS.toLocaleString('en-US')} rows × id + ${K} numeric columns, ${(data.bytes / 1e6).toFixed(1)} MB; medians of ${RUNS} alternating runs; results checked`);
const base = median(times['kenko summary, native']);
const wasm = median(times['kenko summary, WebAssembly CLI (Node)']);
for (const n of names) out(`  ${n.padEnd(40)} ${median(times[n]).toFixed(0).padStart(6)} ms   runs ${times[n].map((t) => t.toFixed(0)).join(' ')}`);
const udsv = median(times['uDSV (Node)']);
out(`  uDSV (Node) / kenko native: ${(udsv / base).toFixed(2)}   uDSV (Node) / kenko WebAssembly CLI: ${(udsv / wasm).toFixed(2)}`);
appendFileSync(join(root, 'bench', 'out', 'peers.txt'), `${lines.join('\n')}\n\n`);
