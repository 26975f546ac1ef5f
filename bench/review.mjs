// Reviewing the score against the outcome at scale, through the JS API (WebAssembly under
// Node): validation() and fitWeights() on a generated table with bench/model-20.json.
// Usage: node bench/review.mjs DATA.csv   (prints one line per figure, median of 3)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
const data = process.argv[2];
const engine = await createEngine();
engine.setModel(readFileSync(join(root, 'bench', 'model-20.json'), 'utf8'));
await engine.loadTable(readFileSync(data));
const rows = engine.results().rows;

function median(fn, runs = 3) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(runs / 2)], result];
}

const [validateMs, v] = median(() => engine.validation());
const [fitMs, fit] = median(() => engine.fitWeights());
const [trendMs] = median(() => engine.summary());
console.log(`review_rows ${rows}`);
console.log(`review_validation_ms ${validateMs.toFixed(1)} (auc ${v.auc.toFixed(4)})`);
console.log(`review_fit_ms ${fitMs.toFixed(1)} (held-out auc ${fit.heldoutAucBefore.toFixed(4)} -> ${fit.heldoutAucAfter.toFixed(4)})`);
console.log(`review_summary_ms ${trendMs.toFixed(1)}`);
engine.dispose();
