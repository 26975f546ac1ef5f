// Shared by the embedding tests (element, iframe, link, single-file, package): servers started
// with their own headers (scripts/serve.mjs: KENKO_CSP, KENKO_FRAME_ANCESTORS,
// KENKO_NO_ISOLATION), one Chromium per test file, and pages recorded like the harness's
// (requests, console problems, CSP violations) — checked against localhost on any port, since
// these tests use several origins.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { launch, recorder, startServer, site } from './harness.mjs';

/** The strict policy a host page sends in the tests (the issue's): no inline script, no eval. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:";

const servers = [];
let browserPromise = null;
after(async () => {
  if (browserPromise) await (await browserPromise.catch(() => null))?.close().catch(() => {});
  for (const s of servers) await s.stop();
});

/** scripts/serve.mjs on DIR (default: the site) with these environment variables. */
export async function serve(env = {}, dir = site) {
  const saved = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const s = await startServer(dir);
    servers.push(s);
    return s;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export function browser() {
  browserPromise ??= launch();
  return browserPromise;
}

/** A new recorded context and page. → {context, page, rec, close()} */
export async function newPage(options = {}) {
  const context = await (await browser()).newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', ...options });
  const rec = recorder('embed');
  await rec.watchContext(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  rec.watchPage(page);
  return { context, page, rec, close: () => context.close().catch(() => {}) };
}

/** The recording's checks: only local addresses, CSP on every HTML document, no problems. */
export async function checkRecording(rec, { csp = true } = {}) {
  await Promise.all(rec.pending);
  const outside = rec.requests.filter((u) => {
    if (/^(data|blob|file):/.test(u)) return false;
    try { return new URL(u).hostname !== '127.0.0.1'; } catch { return true; }
  });
  assert.deepEqual(outside, [], 'requests beyond this machine');
  if (csp) for (const d of rec.documentResponses) assert.ok(d.headers['content-security-policy'], `CSP on ${d.url}`);
  assert.deepEqual(rec.cspViolations, [], 'securitypolicyviolation events');
  assert.deepEqual(rec.consoleProblems, [], 'console errors, page errors, HTTP errors, CSP reports');
}

/** Resolves with the detail of the next `type` event on the element matched by SELECTOR. */
export function nextEvent(page, selector, type) {
  return page.evaluate(([sel, t]) => new Promise((resolve) => {
    document.querySelector(sel).addEventListener(t, (e) => resolve(JSON.parse(JSON.stringify(/** @type {CustomEvent} */ (e).detail))), { once: true });
  }), [selector, type]);
}
