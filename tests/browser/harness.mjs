// Shared by the browser tests (tests/browser/run.mjs) and the browser benchmark
// (bench/browser/run.mjs): assembling the site, the local static server (scripts/serve.mjs, with
// its Content-Security-Policy) on a free port, headless Debian Chromium through playwright-core,
// the native `kenko` program for reference outputs, a small RFC 4180 reader for comparing them,
// and the page's test hooks (window.kenkoPage: ready, busy(), state(); data-testid attributes,
// web/README.md).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const site = join(root, 'build-wasm', 'site');
export const examples = join(root, 'examples');
export const kenkoBin = join(root, 'build', 'kenko');

import { chromium } from 'playwright-core';
export { chromium };

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** scripts/build-site (copies web/, the WASM build and the examples into build-wasm/site). */
export function buildSite() {
  for (const f of ['build-wasm/kenko.wasm', 'build-wasm/kenko.js', 'build/kenko']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run scripts/build first`);
  }
  execFileSync(join(root, 'scripts', 'build-site'), { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(site, 'index.html'))) throw new Error('build-wasm/site/index.html is missing: web/index.html not written yet?');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node scripts/serve.mjs SITE PORT` on a free port; → {url, origin, port, stop()}. */
export async function startServer(dir = site) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), dir, String(port)], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOST: '127.0.0.1' },
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const ok = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10000);
      child.stdout.on('data', (d) => { if (String(d).includes('serving')) { clearTimeout(timer); resolve(true); } });
      child.on('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (ok) {
      const origin = `http://127.0.0.1:${port}`;
      return {
        port, origin, url: `${origin}/`, child,
        stop: () => new Promise((resolve) => {
          if (child.exitCode != null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
    if (child.exitCode == null) child.kill('SIGTERM');
    if (attempt >= 3) throw new Error(`the static server did not start: ${err}`);
  }
}

export function launch(options = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, ...options });
}

/** Runs build/kenko; → stdout as a Buffer (throws with stderr on a non-zero exit). */
export function native(args, { cwd = examples } = {}) {
  try {
    return execFileSync(kenkoBin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (e) {
    throw new Error(`kenko ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

export function tempDir(prefix = 'kenko-browser-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  return { dir: d, path: (name) => join(d, name), remove: () => rmSync(d, { recursive: true, force: true }) };
}

export function ensureDir(d) {
  mkdirSync(d, { recursive: true });
  return d;
}

/** RFC 4180 records of a UTF-8 text (a BOM is dropped); → array of string arrays. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('parseCsv: unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
      continue;
    }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); field = '';
      rows.push(row); row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The native scored table as {header, rows, byId: Map(id → record object), counts: {seg: n}}. */
export function scoredTable(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  const seg = header.indexOf('segment');
  const counts = {};
  const records = rows.map((r) => Object.fromEntries(header.map((hd, k) => [hd, r[k]])));
  for (const r of rows) counts[r[seg]] = (counts[r[seg]] ?? 0) + 1;
  return { header, rows, records, byId: new Map(records.map((r) => [r[header[0]], r])), counts, idColumn: header[0] };
}

/** Native `kenko score` of MODEL on DATA (paths relative to examples/ or absolute) → scoredTable. */
export function nativeScored(model, data) {
  return scoredTable(native(['score', '--model', model, data]).toString('utf8'));
}

// ---- the page's hooks ------------------------------------------------------------------------

/** Resolves when window.kenkoPage exists and its `ready` (a promise or a flag) has resolved. */
export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => !!window.kenkoPage, null, { timeout });
  await page.evaluate(async (ms) => {
    const p = window.kenkoPage;
    const ready = p.ready;
    if (ready && typeof ready.then === 'function') {
      await Promise.race([ready, new Promise((_, rej) => setTimeout(() => rej(new Error('kenkoPage.ready did not resolve')), ms))]);
    } else {
      const t0 = performance.now();
      while (!p.ready) {
        if (performance.now() - t0 > ms) throw new Error('kenkoPage.ready stayed false');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }, timeout);
  await waitIdle(page, timeout);
}

/** Resolves when kenkoPage.busy() has been false for two animation frames in a row. */
export async function waitIdle(page, timeout = 30000) {
  await page.evaluate(async (ms) => {
    const p = window.kenkoPage;
    const t0 = performance.now();
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (;;) {
      if (performance.now() - t0 > ms) throw new Error(`the page stayed busy for ${ms} ms`);
      if (!p.busy()) {
        await frame();
        if (!p.busy()) {
          await frame();
          if (!p.busy()) return;
        }
      } else await new Promise((r) => setTimeout(r, 10));
    }
  }, timeout);
}

/** kenkoPage.state() (whatever the page reports, as JSON). */
export function pageState(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.kenkoPage.state())));
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);
