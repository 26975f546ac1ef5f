// The largest table the page's engine can read, and replace, in 4 GiB of WebAssembly memory:
// the JS API under Node (the page's single-threaded module), generated tables of growing size
// read from a Blob by slices (as the page reads a File), each read twice with keepPrevious:
// false (the page's path for a file too large to hold twice). Prints, per size, the file size,
// the WASM memory after each read and the bytes of memory per byte of file, or the error.
//
//   node bench/memory.mjs [ROWS,ROWS,...]   (default 2000000,6000000,10000000,12000000)
import { execFileSync } from 'node:child_process';
import { existsSync, openAsBlob, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createEngine } = await import(join(root, 'build-wasm', 'site', 'kenko-api.mjs'));
const { readFileSync } = await import('node:fs');
const sizes = (process.argv[2] ?? '2000000,6000000,10000000,12000000').split(',').map(Number);
const model = readFileSync(join(root, 'examples', 'dear.json'), 'utf8');
const mib = (b) => `${(b / 1048576).toFixed(0)} MiB`;
for (const rows of sizes) {
  const file = `/tmp/kenko-bench/memory-${rows}.csv`;
  if (!existsSync(file)) {
    execFileSync('mkdir', ['-p', '/tmp/kenko-bench']);
    execFileSync(join(root, 'build', 'kenko'), ['generate', '--rows', String(rows), '--seed', '1', '-o', file]);
  }
  const bytes = statSync(file).size;
  const engine = await createEngine();
  engine.setModel(model);
  const line = [`rows ${rows}`, `file ${mib(bytes)}`];
  try {
    for (const round of [1, 2]) {
      const t0 = performance.now();
      await engine.loadTable(await openAsBlob(file), { keepPrevious: false });
      const heap = engine.wasmMemoryBytes();
      line.push(`read ${round}: ${((performance.now() - t0) / 1000).toFixed(1)} s, memory ${mib(heap)} (${(heap / bytes).toFixed(2)} bytes a file byte)`);
    }
  } catch (e) {
    line.push(`failed: ${e.name}: ${e.message}`);
  }
  console.log(line.join('  '));
  engine.dispose();
}
