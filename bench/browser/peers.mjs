// Read + score side by side in one headless Chromium (issue: "as fast as the machine allows"):
// one generated CSV file (ROWS customers × an id and K numeric columns), the same linear model,
// read from a File picked in the page, by kenko's JS API (from the File, from bytes already in
// memory, and in a Worker as the page does it) and by uDSV, Papa Parse and DuckDB-WASM (npm dev
// dependencies). Every run's checksum (the sum of the scores) must equal the reference computed
// here in Node; runs alternate between the contenders; the medians and each peer's time / kenko's
// are printed and appended to bench/out/peers.txt.
//
//   node bench/browser/peers.mjs [--rows 1000000] [--columns 20] [--runs 3] [--only NAME,...]
import { createServer } from 'node:http';
import { appendFileSync, createReadStream, existsSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { root, buildSite, launch, ensureDir, site, freePort } from '../../tests/browser/harness.mjs';
import { peersData } from '../peers-data.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const ROWS = Number(opt('--rows', 1000000));
const K = Number(opt('--columns', 20));
const RUNS = Math.max(1, Number(opt('--runs', 3)));
const ONLY = opt('--only', '');
const dataDir = ensureDir(opt('--data', '/tmp/kenko-bench'));
const outFile = join(ensureDir(join(root, 'bench', 'out')), 'peers.txt');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
// A static server for the bench page: the site, node_modules and the bench page, cross-origin
// isolated (COOP/COEP) so that threaded builds may run.
async function serve() {
  const port = await freePort();
  const mounts = [['/site/', site], ['/node_modules/', join(root, 'node_modules')], ['/', join(root, 'bench', 'browser', 'peers')]];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    let file = join(dir, path.slice(prefix.length));
    if (path.endsWith('/')) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

const median = (xs) => { const a = [...xs].sort((p, q) => p - q); const m = a.length >> 1; return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2; };

if (!args.includes('--no-build-site')) buildSite();
const data = peersData({ rows: ROWS, columns: K, dir: dataDir });
const server = await serve();
const browser = await launch();
const lines = [];
const out = (s = '') => { console.log(s); lines.push(s); };
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  await page.setInputFiles('#file', data.file);
  const warm = await page.evaluate(() => window.benchPeers.warm());
  console.error(`kenko: ${warm.threads} threads (cross-origin isolated: ${warm.isolated})`);
  let names = await page.evaluate(() => window.benchPeers.names);
  if (ONLY) names = names.filter((n) => ONLY.split(',').some((o) => n.includes(o)));
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let run = 0; run < RUNS; run++) {
    // Alternating order: each run starts one contender later.
    const order = names.map((_, i) => names[(i + run) % names.length]);
    for (const name of order) {
      const r = await page.evaluate(([n, k]) => window.benchPeers.run(n, k), [name, K]);
      const rel = Math.abs(r.checksum - data.checksum) / data.checksum;
      const exact = r.checksum === data.checksum;
      if (rel > 1e-12) throw new Error(`${name}: checksum ${r.checksum} ≠ ${data.checksum}`);
      times[name].push(r.ms);
      console.error(`  run ${run + 1} ${name}: ${r.ms.toFixed(0)} ms, checksum ${exact ? 'equal' : `equal to ${rel.toExponential(1)}`}`);
    }
  }
  const version = await browser.version();
  out(`date ${new Date().toISOString().slice(0, 16)}Z  machine ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0].model}  Chromium ${version}`);
  out(`file ${ROWS.toLocaleString('en-US')} rows × id + ${K} numeric columns, ${(data.bytes / 1e6).toFixed(1)} MB; medians of ${RUNS} alternating runs; checksums equal`);
  const kenko = median(times['kenko API, File'] ?? [NaN]);
  for (const n of names) {
    const m = median(times[n]);
    out(`  ${n.padEnd(36)} ${m.toFixed(0).padStart(6)} ms  ${(data.bytes / 1e3 / m).toFixed(0).padStart(4)} MB/s  ×${(m / kenko).toFixed(2)} kenko's File read   runs ${times[n].map((t) => t.toFixed(0)).join(' ')}`);
  }
  const peersOnly = names.filter((n) => !n.startsWith('kenko'));
  if (peersOnly.length && times['kenko API, File']) {
    const fastest = peersOnly.reduce((a, b) => (median(times[a]) < median(times[b]) ? a : b));
    out(`  fastest peer (${fastest}) / kenko (File): ${(median(times[fastest]) / kenko).toFixed(2)}`);
  }
  if (times['kenko API, bytes in memory'] && times['kenko API, File']) {
    out(`  File read over reading from memory: ${(((kenko / median(times['kenko API, bytes in memory'])) - 1) * 100).toFixed(1)} %`);
  }
  appendFileSync(outFile, `${lines.join('\n')}\n\n`);
} finally {
  await browser.close();
  await server.close();
}
