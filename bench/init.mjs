// kenko init through the JS API (WebAssembly under Node), as the page would run it: the file
// read by slices from a Blob (as a dropped File is), profiled (profileTable), then a model
// proposed without an outcome and with OUTCOME (proposeModel; weights fitted on a sample of
// 10,000). Usage: node bench/init.mjs DATA.csv [OUTCOME]   (best of 3; one line per figure)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
const [data, outcome] = process.argv.slice(2);
const file = new Blob([readFileSync(data)]);

let best = { profile: Infinity, propose: Infinity, outcome: Infinity };
let profile, plain, fitted;
for (let run = 0; run < 3; run++) {
  const engine = await createEngine();
  const t0 = performance.now();
  profile = await engine.profileTable(file);
  const t1 = performance.now();
  plain = engine.proposeModel({});
  const t2 = performance.now();
  best.profile = Math.min(best.profile, t1 - t0);
  best.propose = Math.min(best.propose, t2 - t1);
  if (outcome) {
    const t3 = performance.now();
    fitted = engine.proposeModel({ outcome });
    best.outcome = Math.min(best.outcome, performance.now() - t3);
  }
  if (run === 2) console.log(`init_wasm_memory_mb ${(engine.wasmMemoryBytes() / (1 << 20)).toFixed(1)}`);
  engine.dispose();
}
console.log(`init_rows ${profile.rows}`);
console.log(`init_columns ${profile.columns.length}`);
console.log(`init_indicators ${plain.model.indicators.length}`);
console.log(`init_profile_ms ${best.profile.toFixed(1)}`);
console.log(`init_propose_ms ${best.propose.toFixed(1)}`);
console.log(`init_total_ms ${(best.profile + best.propose).toFixed(1)}`);
if (outcome) {
  console.log(`init_propose_outcome_ms ${best.outcome.toFixed(1)}`);
  console.log(`init_total_outcome_ms ${(best.profile + best.outcome).toFixed(1)}`);
  console.log(`init_heldout_auc ${fitted.fit?.heldoutAucAfter?.toFixed(4)}`);
}
