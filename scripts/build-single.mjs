#!/usr/bin/env node
// Builds kenko.html: the whole page in one file that opens from file:// with no network and no
// server (for a prospect to keep or to mail). From the assembled site (scripts/build-site):
// - the page's ES modules (from main.js) and the engine worker's (from engine-worker.mjs), each
//   kept as it is but for its relative import specifiers, which become placeholders; at run
//   time they are turned into blob: URLs, dependencies first (the module graph has no cycles:
//   this script fails if one appears). Chromium starts no module worker from a file:// page and
//   a classic worker cannot import the page's blob: URLs, so the worker is a classic blob:
//   script that makes blob: URLs of its own modules and imports them;
// - the single-threaded WebAssembly module (kenko.mjs), its .wasm gzipped in base64 inside a
//   small wrapper module (decompressed with DecompressionStream in the worker);
// - the styles (style.css, uPlot's) as <style> elements, the favicon as a data: URL, the
//   bundled examples gzipped in base64 (the page's lib/assets.js serves them);
// - a Content-Security-Policy that allows the inline boot script and styles by hash, blob:
//   scripts and workers, WebAssembly, and no connection anywhere (connect-src 'none').
// Usage: node scripts/build-single.mjs [SITE_DIR] [OUT_FILE]   (defaults: build-wasm/site,
// build-wasm/kenko.html; also copied into the site as kenko.html). Prints the sizes.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = process.argv[2] ?? join(root, 'build-wasm', 'site');
const outFile = process.argv[3] ?? join(root, 'build-wasm', 'kenko.html');

const fail = (msg) => {
  console.error(`scripts/build-single.mjs: ${msg}`);
  process.exit(1);
};
for (const f of ['index.html', 'main.js', 'engine-worker.mjs', 'kenko.mjs', 'kenko.wasm', 'style.css', 'vendor/uPlot.min.css']) {
  if (!existsSync(join(site, f))) fail(`${join(site, f)} is missing (run scripts/build-site)`);
}
const read = (p) => readFileSync(join(site, p));
const b64gz = (bytes) => gzipSync(bytes, { level: 9 }).toString('base64');
const sha256 = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

// Modules the single file leaves out (the threaded engine: a file:// page is never cross-origin
// isolated, so the JS API never loads it): stand-ins that throw if ever called.
const STUBS = {
  'kenko-mt.mjs': "export default () => Promise.reject(new Error('the single-file page has no threaded engine'));\n",
};
// kenko.mjs becomes a wrapper giving the Emscripten factory the inlined .wasm.
const WASM_WRAPPER = 'kenko.mjs';
const EMSCRIPTEN = 'kenko-emscripten.mjs';

// ---- the module graph ------------------------------------------------------------------------
/** @type {Map<string, {index: number, src: string, deps: number[]}>} path (relative to site) → module */
const modules = new Map();
const list = [];

// Relative specifiers: static imports and re-exports (`from './x.js'`, `import './x.js'`) and
// dynamic imports of a literal (`import('./x.js')`, `import('./x.js').then(...)`, but not JSDoc's
// `import('./x.js').Type`: a type's name starts with a capital).
const SPECIFIER = /(\bfrom\s*|\bimport\s*)(['"])(\.{1,2}\/[^'"\n]+)\2|\bimport\s*\(\s*(['"])(\.{1,2}\/[^'"\n]+)\4\s*\)(?!\s*\.\s*[A-Z])/g;

function addModule(path, stack = []) {
  if (modules.has(path)) {
    if (stack.includes(path)) fail(`an import cycle: ${[...stack, path].join(' → ')}`);
    return modules.get(path).index;
  }
  const entry = { index: list.length, src: '', deps: [] };
  modules.set(path, entry);
  list.push(entry);
  let src;
  if (STUBS[path]) src = STUBS[path];
  else if (path === WASM_WRAPPER) src = wasmWrapper();
  else if (path === EMSCRIPTEN) src = read('kenko.mjs').toString('utf8');
  else if (!existsSync(join(site, path))) fail(`${path} (imported by ${stack.at(-1)}) is not in the site`);
  else src = read(path).toString('utf8');
  const here = [...stack, path];
  entry.src = src.replace(SPECIFIER, (m, kw, q, spec, q2, dynSpec) => {
    const s = spec ?? dynSpec;
    const target = normalize(join(dirname(path), s)).replace(/\\/g, '/');
    if (target.startsWith('..')) fail(`${path} imports ${s}, outside the site`);
    const dep = addModule(target, here);
    if (!entry.deps.includes(dep)) entry.deps.push(dep);
    const placeholder = `"@kenko-module:${dep}@"`;
    return spec != null ? `${kw}${placeholder}` : `import(${placeholder})`;
  });
  return entry.index;
}

function wasmWrapper() {
  return `// kenko.wasm, inlined (gzip, base64) by scripts/build-single.mjs.
import factory from './${EMSCRIPTEN}';
const WASM = '${b64gz(read('kenko.wasm'))}';
let bytes = null;
async function wasm() {
  if (!bytes) {
    const raw = Uint8Array.from(atob(WASM), (c) => c.charCodeAt(0));
    bytes = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  }
  return bytes;
}
export default async function createKenkoModule(settings = {}) {
  return factory({ ...settings, locateFile: (name) => name, wasmBinary: await wasm() });
}
`;
}

const page = addModule('main.js');
const worker = addModule('engine-worker.mjs');
const client = modules.get('engine-client.mjs')?.index ?? fail('engine-client.mjs is not imported by the page');
const assets = modules.get('lib/assets.js')?.index ?? fail('lib/assets.js is not imported by the page');

// ---- the examples the page opens (main.js's EXAMPLES) -----------------------------------------
const mainSrc = read('main.js').toString('utf8');
const examplePaths = [...new Set([...mainSrc.matchAll(/'(examples\/[^']+\.(?:json|csv))'/g)].map((m) => m[1]))];
if (!examplePaths.length) fail('no examples found in main.js');
const examples = Object.fromEntries(examplePaths.map((p) => [p, b64gz(read(p))]));

// ---- the boot script (inline, allowed by its hash) --------------------------------------------
// Runs in the page and, as text, in the worker: blob: URLs for a module and its dependencies.
function moduleUrls(mods, entry, urls = []) {
  const visit = (n) => {
    if (urls[n]) return urls[n];
    for (const d of mods[n].deps) visit(d);
    const src = mods[n].src.replace(/"@kenko-module:(\d+)@"/g, (_, d) => JSON.stringify(urls[Number(d)]));
    urls[n] = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    return urls[n];
  };
  visit(entry);
  return urls;
}

// The worker's classic script: its modules' blob: URLs, then engine-worker.mjs; messages that
// come meanwhile wait for it. A failure is thrown outside the promise so the page's worker
// `error` handler hears it.
function workerMain(mods, entry) {
  const early = [];
  self.onmessage = (e) => early.push(e);
  import(moduleUrls(mods, entry)[entry]).then(() => {
    for (const e of early) self.onmessage(e);
  }, (err) => setTimeout(() => { throw err; }));
}

const boot = `(() => {
'use strict';
${moduleUrls.toString()}
${workerMain.toString()}
const gunzip = async (b64) => new Blob([await new Response(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()]);
const data = JSON.parse(document.getElementById('kenko-modules').textContent);
const urls = moduleUrls(data.modules, data.page);
const workerSource = '"use strict";' + moduleUrls.toString() + workerMain.toString() + 'workerMain(' + JSON.stringify(data.modules) + ',' + data.worker + ');';
let workerUrl = null;
(async () => {
  const client = await import(urls[data.client]);
  client.setWorkerStarter(() => new Worker(workerUrl ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })), { name: 'kenko-engine' }));
  const assets = await import(urls[data.assets]);
  assets.setAssets(new Map(Object.entries(data.examples).map(([path, b64]) => [path, () => gunzip(b64)])));
  await import(urls[data.page]);
})().catch((err) => {
  document.body.prepend(Object.assign(document.createElement('p'), { className: 'banner error', textContent: 'kenko could not start: ' + err.message }));
  throw err;
});
})();`;

// ---- the HTML ---------------------------------------------------------------------------------
const html = read('index.html').toString('utf8');
const body = /<body[^>]*>[\s\S]*<\/body>/i.exec(html)?.[0] ?? fail('index.html has no <body>');
const title = /<title>[\s\S]*?<\/title>/i.exec(html)?.[0] ?? '<title>kenko</title>';
const styles = [read('vendor/uPlot.min.css').toString('utf8'), read('style.css').toString('utf8')];
const favicon = existsSync(join(site, 'favicon.svg')) ? `data:image/svg+xml;base64,${read('favicon.svg').toString('base64')}` : null;
// No "</" in the data block can end it early: "<" is written as \u003c in the JSON.
const dataJson = JSON.stringify({ modules: list.map(({ src, deps }) => ({ src, deps })), page, worker, client, assets, examples }).replace(/</g, '\\u003c');
const csp = [
  "default-src 'none'",
  `script-src ${sha256(boot)} blob: 'wasm-unsafe-eval'`,
  'worker-src blob:',
  "connect-src 'none'",
  'img-src data: blob:',
  `style-src ${styles.map(sha256).join(' ')}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const out = `<!doctype html>
<!-- kenko: customer health scores, the whole page in one file. It opens from disk with no
     network: the table is read and scored on this computer; nothing is uploaded (its
     Content-Security-Policy allows no connection). Built by scripts/build-single.mjs. -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
${title}
${favicon ? `<link rel="icon" href="${favicon}" type="image/svg+xml">` : ''}
${styles.map((s) => `<style>${s}</style>`).join('\n')}
<script type="application/json" id="kenko-modules">${dataJson}</script>
<script>${boot}</script>
</head>
${body}
</html>
`;
writeFileSync(outFile, out);
copyFileSync(outFile, join(site, 'kenko.html'));
const bytes = Buffer.byteLength(out);
const gz = gzipSync(out, { level: 9 }).length;
console.log(`scripts/build-single.mjs: ${relative(process.cwd(), outFile)}: ${list.length} modules, ${(bytes / 1024).toFixed(0)} KiB (gzip -9: ${(gz / 1024).toFixed(0)} KiB)`);
