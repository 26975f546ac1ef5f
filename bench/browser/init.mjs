// kenko init in the browser: the bare JS API on the main thread of an empty page of the site
// (build-wasm/site, served with its CSP) in headless Debian Chromium, as the page's worker would
// run it: a File of 1,000,000 generated customers with two more columns (30 in all) profiled
// (profileTable), then a model proposed without an outcome and with `churned` (proposeModel).
// Runs 5 times; medians. Then the same in the page itself (unless --no-page): the file opened
// through the file input (scored with the first example's dear.json, which it fits), then the
// builder's "New model from this table" clicked: profileTable and proposeModel in the page's
// engine worker (the builder takes the yes/no column `churned` as the outcome from its name, so
// its proposal fits the weights) and the builder's table drawn; timed inside the page from the
// click to the profile in hand, to the proposal drawn and to the page idle (3 runs, the builder
// closed between them). Figures are appended to bench/out/browser.txt.
//
//   node bench/browser/init.mjs [--rows N] [--runs N] [--data DIR] [--no-page]
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root, kenkoBin, startServer, launch, ensureDir, waitReady, waitIdle } from '../../tests/browser/harness.mjs';

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
  if (!args.includes('--no-page')) {
    const p = await context.newPage();
    p.setDefaultTimeout(600000);
    await p.goto(srv.url);
    await waitReady(p, 60000);
    await p.locator('[data-testid="file-input"]').setInputFiles(file);
    await waitIdle(p, 600000);
    const pageRuns = [];
    for (let i = 0; i < 3; i++) {
      pageRuns.push(await p.evaluate(async () => {
        const page = /** @type {any} */ (window).kenkoPage;
        const ctl = page.controller;
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const t = { profile: null, drawn: null, idle: null };
        const on = () => {
          const b = ctl.builder;
          if (t.profile == null && b.profile) t.profile = performance.now();
        };
        ctl.addEventListener('builder', on);
        const t0 = performance.now();
        document.querySelector('[data-testid="builder-start"]').click();
        for (;;) {
          await frame();
          const b = ctl.builder;
          if (t.drawn == null && b.status === 'ready' && b.proposal && document.querySelector('[data-testid="builder-table"] tbody tr')) t.drawn = performance.now();
          if (t.drawn != null && !page.busy()) { t.idle = performance.now(); break; }
        }
        ctl.removeEventListener('builder', on);
        const out = { profile: t.profile - t0, drawn: t.drawn - t0, idle: t.idle - t0, outcome: ctl.builder.proposal?.outcome?.column ?? null, auc: ctl.builder.proposal?.fit?.heldoutAucAfter ?? null };
        document.querySelector('[data-testid="builder-close"]').click();
        return out;
      }));
      await waitIdle(p, 600000);
    }
    const m = (k) => median(pageRuns.map((x) => x[k])).toFixed(0);
    lines.push(
      `  the page: "New model from this table" on the file (worker; outcome '${pageRuns[0].outcome}' taken from its name, weights fitted, held-out AUC ${pageRuns[0].auc?.toFixed(4)})`,
      `    click → profile in hand                median ${m('profile')} ms   runs ${pageRuns.map((x) => x.profile.toFixed(0)).join(' ')}`,
      `    click → proposal drawn (builder table) median ${m('drawn')} ms   runs ${pageRuns.map((x) => x.drawn.toFixed(0)).join(' ')}`,
      `    click → page idle                      median ${m('idle')} ms`,
    );
  }
  for (const l of lines) console.log(l);
  appendFileSync(join(ensureDir(join(root, 'bench', 'out')), 'browser.txt'), `${lines.join('\n')}\n`);
} finally {
  await browser.close();
  await srv.stop();
}
