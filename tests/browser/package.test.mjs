// kenko's npm package as a user gets it: `npm pack` (package.json's files: dist/ from
// scripts/build-package), `npm install --offline` of the tarball into a fresh project, then
// - Node: `import 'kenko'` (createEngine) and `'kenko/worker'` (createWorkerEngine) score a table
//   as the native program does;
// - TypeScript: the typed example (examples/embed/typed/example.ts) checks against the installed
//   package's declarations, found through its "exports" (tsc --noEmit, strict);
// - Chromium: a page served from the project imports the API, the worker engine and the element
//   from node_modules/kenko/dist (cross-origin isolated: the threaded module) and scores the
//   same as the native program.
//
//   node --test tests/browser/package.test.mjs     (after scripts/build)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ex, native, root, tempDir } from './harness.mjs';
import { checkRecording, newPage, serve } from './embed-helpers.mjs';

const tmp = tempDir('kenko-package-');
process.on('exit', () => tmp.remove());
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack → install into a fresh project → Node, tsc and Chromium score as the native program', { timeout: 180000 }, async () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp.dir], root))[0];
  const tarball = join(tmp.dir, packed.filename);
  const files = packed.files.map((f) => f.path);
  for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'docs/EMBED.md', 'dist/kenko-api.mjs', 'dist/kenko-api.d.mts', 'dist/kenko.wasm',
    'dist/kenko-mt.wasm', 'dist/kenko-worker.mjs', 'dist/engine-worker.mjs', 'dist/kenko-score.mjs', 'dist/kenko.html']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.ok(!files.some((f) => /^(src|tests|web|build)\//.test(f)), 'only built files and docs');
  console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`);

  const project = join(tmp.dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-fresh-project', private: true, type: 'module' }));
  npm(['install', '--offline', '--ignore-scripts', tarball], project);
  assert.equal(JSON.parse(readFileSync(join(project, 'node_modules', 'kenko', 'package.json'), 'utf8')).version, pkg.version);
  for (const f of ['dear.json', 'customers-1000.csv']) copyFileSync(ex(f), join(project, f));
  const expected = native(['score', '--model', 'dear.json', 'customers-1000.csv']).toString('utf8');

  // Node: the package's entry points by name.
  writeFileSync(join(project, 'score.mjs'), `
import { readFileSync } from 'node:fs';
import { createEngine } from 'kenko';
import { createWorkerEngine } from 'kenko/worker';
const model = readFileSync('dear.json', 'utf8');
const table = readFileSync('customers-1000.csv');
const engine = await createEngine();
engine.setModel(model);
await engine.loadTable(table);
const inThread = new TextDecoder().decode(engine.scoredCsv());
const worker = await createWorkerEngine();
await worker.setModel(model);
await worker.loadTable(new Blob([table]));
const inWorker = new TextDecoder().decode(await worker.scoredCsv());
worker.dispose();
process.stdout.write(JSON.stringify({ inThread, inWorker }));
`);
  const node = JSON.parse(execFileSync(process.execPath, ['score.mjs'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 }));
  assert.equal(node.inThread, expected, 'createEngine in Node');
  assert.equal(node.inWorker, expected, 'createWorkerEngine in Node');

  // TypeScript: the typed example against the installed declarations (no paths: "exports").
  copyFileSync(join(root, 'examples', 'embed', 'typed', 'example.ts'), join(project, 'example.ts'));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2023', 'dom', 'dom.iterable'], strict: true, noEmit: true, types: [] },
    files: ['example.ts'],
  }));
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', project], { cwd: project, encoding: 'utf8' });

  // Chromium: a page served from the project, importing from node_modules/kenko/dist.
  writeFileSync(join(project, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>kenko from npm</title>
<script type="module" src="page.mjs"></script></head><body>
<kenko-score id="el" mode="table" model="dear.json"></kenko-score></body></html>`);
  writeFileSync(join(project, 'page.mjs'), `
import { createEngine } from './node_modules/kenko/dist/kenko-api.mjs';
import { createWorkerEngine } from './node_modules/kenko/dist/kenko-worker.mjs';
import './node_modules/kenko/dist/kenko-score.mjs';
window.run = async () => {
  const [model, table] = await Promise.all([fetch('dear.json').then((r) => r.text()), fetch('customers-1000.csv').then((r) => r.blob())]);
  const engine = await createEngine();
  engine.setModel(model);
  await engine.loadTable(table);
  const worker = await createWorkerEngine();
  await worker.setModel(model);
  await worker.loadTable(table);
  const el = document.getElementById('el');
  await customElements.whenDefined('kenko-score');
  const scored = new Promise((resolve) => el.addEventListener('kenko-scored', resolve, { once: true }));
  await new Promise((r) => setTimeout(r, 0));
  await el.loadTable(table, { name: 'customers-1000.csv' });
  await scored;
  const dec = (b) => new TextDecoder().decode(b);
  return { threads: engine.threads(), workerThreads: await worker.threads(), isolated: crossOriginIsolated,
    inThread: dec(engine.scoredCsv()), inWorker: dec(await worker.scoredCsv()), element: dec(await (await el.engine).scoredCsv()) };
};
`);
  assert.ok(existsSync(join(project, 'node_modules', 'kenko', 'dist', 'kenko-mt.mjs')));
  const server = await serve({}, project);
  const { page, rec, close } = await newPage();
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.run === 'function');
    const got = await page.evaluate(() => window.run());
    assert.ok(got.isolated, 'cross-origin isolated');
    assert.ok(got.threads > 1 || got.workerThreads >= 1, `threads ${got.threads}/${got.workerThreads}`);
    assert.equal(got.inThread, expected, 'createEngine in Chromium');
    assert.equal(got.inWorker, expected, 'createWorkerEngine in Chromium');
    assert.equal(got.element, expected, '<kenko-score> in Chromium');
    await checkRecording(rec);
  } finally {
    await close();
  }
});
