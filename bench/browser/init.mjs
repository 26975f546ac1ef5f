// kenko init in the browser: the bare JS API on the main thread of an empty page of the site
// (build-wasm/site, served with its CSP) in headless Debian Chromium, as the page's worker would
// run it: a File of 1,000,000 generated customers with two more columns (30 in all) profiled
// (profileTable), then a model proposed without an outcome and with `churned` (proposeModel).
// Runs 5 times; medians. Figures are appended to bench/out/browser.txt.
//
//   node bench/browser/init.mjs [--rows N] [--runs N] [--data DIR]
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root, kenkoBin, startServer, launch, ensureDir } from '../../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const ROWS = Number(opt('--rows', 1000000));
const RUNS = Math.max(3, Number(opt('--runs', 5)));
const dataDir = ensureDir(opt('--data', '/tmp/kenko-bench'));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// The generated table with a region (a category) and a signup date: 30 columns.
async function table30(rows) {
  const f = join(dataDir, `customers-${rows}-30.csv`);
  if (existsSync(f)) return f;
  const base = join(dataDir, `customers-${rows}.csv`);
  if (!existsSync(base)) execFileSync(kenkoBin, ['generate', '--rows', String(rows), '--seed', '1', '-o', base]);
  const out = createWriteStream(f);
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(base) })) {
    const pad = (x) => String(x).padStart(2, '0');
    out.write(n === 0 ? `${line},region,signup_date\n`
      : `${line},${regions[n % 5]},2024-${pad((n % 12) + 1)}-${pad((n % 28) + 1)}\n`);
    n++;
  }
  await new Promise((resolve) => out.end(resolve));
  return f;
}

const file = await table30(ROWS);
const srv = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(600000);
  await page.goto(`${srv.origin}/examples/dear.json`);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  });
  await page.locator('#bench-file').setInputFiles(file);
  const r = await page.evaluate(async (runs) => {
    const { createEngine } = await import('/kenko-api.mjs');
    const f = document.getElementById('bench-file').files[0];
    const profile = [], plain = [], outcome = [], score = [];
    let auc = null, columns = 0, memory = 0;
    const model = await (await fetch('/examples/dear.json')).text();
    for (let i = 0; i < runs; i++) {
      const engine = await createEngine();
      // For scale: the same file read and scored with the example model.
      engine.setModel(model);
      let t0 = performance.now();
      await engine.loadTable(f);
      score.push(performance.now() - t0);
      t0 = performance.now();
      const p = await engine.profileTable(f);
      profile.push(performance.now() - t0);
      columns = p.columns.length;
      t0 = performance.now();
      engine.proposeModel({});
      plain.push(performance.now() - t0);
      t0 = performance.now();
      auc = engine.proposeModel({ outcome: 'churned' }).fit?.heldoutAucAfter;
      outcome.push(performance.now() - t0);
      memory = engine.wasmMemoryBytes();
      engine.dispose();
    }
    return { profile, plain, outcome, score, auc, columns, memory };
  }, RUNS);
  const total = r.profile.map((x, i) => x + r.plain[i]);
  const totalOutcome = r.profile.map((x, i) => x + r.outcome[i]);
  const lines = [
    `\n== kenko init in Chromium (bare JS API, main thread): ${ROWS} rows × ${r.columns} columns, ${new Date().toISOString()}`,
    `   machine ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, WASM memory ${(r.memory / (1 << 20)).toFixed(0)} MiB`,
    `  for scale: loadTable with dear.json      median ${median(r.score).toFixed(0)} ms   runs ${r.score.map((x) => x.toFixed(0)).join(' ')}`,
    `  profileTable                            median ${median(r.profile).toFixed(0)} ms   runs ${r.profile.map((x) => x.toFixed(0)).join(' ')}`,
    `  proposeModel({})                        median ${median(r.plain).toFixed(1)} ms`,
    `  proposeModel({outcome}) (fit)           median ${median(r.outcome).toFixed(0)} ms   held-out AUC ${r.auc?.toFixed(4)}`,
    `  profile + propose, no outcome           median ${median(total).toFixed(0)} ms   (target < 1500 ms)`,
    `  profile + propose with the outcome      median ${median(totalOutcome).toFixed(0)} ms`,
  ];
  for (const l of lines) console.log(l);
  appendFileSync(join(ensureDir(join(root, 'bench', 'out')), 'browser.txt'), `${lines.join('\n')}\n`);
} finally {
  await browser.close();
  await srv.stop();
}
