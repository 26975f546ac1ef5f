// The page embedded in another origin's page and driven by postMessage (web/embed.js), and the
// page opened from a `#model=` link (web/lib/link.js), in headless Chromium, against the native
// program:
// - a host page (examples/embed/iframe.html, origin A) frames the page (origin B, which lets A
//   frame it and allows A in the fragment), sends a model and a table (an ArrayBuffer,
//   transferred), gets the results: the scored table byte for byte, the counts; a frame of a
//   third origin (C) sending the page a model is ignored and gets no answer;
// - `#model=…&whatif=…` opens that model with no table; a table then scores as the native
//   program on the model with the what-if written in; the page's "link to this model" round-trips.
//
//   node --test tests/browser/iframe.test.mjs     (after scripts/build)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ex, native, nativeScored, tempDir, waitIdle, waitReady } from './harness.mjs';
import { checkRecording, newPage, serve } from './embed-helpers.mjs';
import { deflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = tempDir('kenko-iframe-');
process.on('exit', () => tmp.remove());
const LOCAL = 'http://127.0.0.1:*';

// The link format (docs/EMBED.md), written independently of the page's lib/link.js: the JSON
// compressed with raw deflate, in base64url without padding.
const packJson = async (value) => deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');

test('the page in a cross-origin iframe, driven by postMessage; a foreign origin is ignored', { timeout: 180000 }, async () => {
  // A: the host (not isolated: it frames other origins); B: kenko, framable by local pages; C: foreign.
  const host = await serve({ KENKO_NO_ISOLATION: '1', KENKO_CSP: `default-src 'self'; script-src 'self'; frame-src ${LOCAL}; connect-src 'self'` });
  const kenko = await serve({ KENKO_FRAME_ANCESTORS: `'self' ${LOCAL}` });
  const foreign = await serve({ KENKO_NO_ISOLATION: '1', KENKO_FRAME_ANCESTORS: LOCAL }, join(here, 'fixtures'));
  const { page, rec, close } = await newPage();
  try {
    await page.goto(`${host.url}embed/iframe.html?kenko=${encodeURIComponent(`${kenko.url}index.html`)}`);
    await page.evaluate(() => window.kenkoHost.ready);
    const frame = page.frame({ name: 'kenko' });
    assert.equal(new URL(frame.url()).origin, kenko.origin);
    assert.deepEqual(await frame.evaluate(() => window.kenkoPage.embed.origins), [host.origin]);

    // A model, a table (bytes transferred), the results.
    const seed = JSON.parse(readFileSync(ex('seed-points.json'), 'utf8'));
    const loaded = await page.evaluate((model) => window.kenkoHost.send('load-model', { model }), seed);
    assert.equal(loaded.name, seed.name);
    const table = readFileSync(ex('customers-1000.csv')).toString('base64');
    const read = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
      const r = await window.kenkoHost.send('load-table', { data, name: 'customers.csv' }, [data]);
      return { ...r, detached: data.byteLength === 0 };
    }, table);
    assert.equal(read.rows, 1000);
    assert.ok(read.detached, 'the ArrayBuffer was transferred');
    const results = await page.evaluate(async () => {
      const r = await window.kenkoHost.send('get-results');
      return { ...r, scoredCsv: new TextDecoder().decode(r.scoredCsv), score: Array.from(r.score), segment: Array.from(r.segment) };
    });
    assert.equal(results.model, seed.name);
    assert.equal(results.scoredCsv, native(['score', '--model', 'seed-points.json', 'customers-1000.csv']).toString('utf8'));
    const ref = nativeScored('seed-points.json', 'customers-1000.csv');
    for (const [seg, n] of Object.entries(ref.counts)) assert.equal(results.counts[seg], n, `segment ${seg}`);
    assert.equal(results.score.length, 1000);
    assert.equal(results.segments[results.segment[0]], ref.records[0].segment);

    // A request the page cannot do: an error answer, nothing changes.
    const bad = await page.evaluate(() => window.kenkoHost.send('load-table', { data: 'nope,x\n1,2\n' }).then(() => null, (e) => ({ name: e.name, message: e.message, header: e.header })));
    assert.equal(bad.name, 'KenkoTableError');
    assert.deepEqual(bad.header, ['nope', 'x']);

    // A frame of another origin (C) tells the page to load another model: ignored, no answer.
    await page.evaluate((src) => new Promise((resolve) => {
      const f = document.createElement('iframe');
      f.name = 'foreign';
      f.src = src;
      f.onload = resolve;
      document.body.append(f);
    }), `${foreign.url}foreign.html`);
    const other = page.frame({ name: 'foreign' });
    assert.equal(new URL(other.url()).origin, foreign.origin);
    const dear = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
    const answers = await other.evaluate(async (model) => {
      const got = [];
      window.addEventListener('message', (e) => got.push(e.data));
      parent.frames.kenko.postMessage({ kenko: 1, id: 1, type: 'load-model', model }, '*');
      parent.frames.kenko.postMessage({ kenko: 1, id: 2, type: 'get-results' }, '*');
      await new Promise((r) => setTimeout(r, 1000));
      return got;
    }, dear);
    assert.deepEqual(answers, [], 'no answer to a foreign origin');
    assert.equal((await frame.evaluate(() => window.kenkoPage.embed.messages)).ignored, 2);
    assert.equal(await frame.evaluate(() => window.kenkoPage.state().model), seed.name, 'the model did not change');
    const again = await page.evaluate(() => window.kenkoHost.send('get-results').then((r) => r.model));
    assert.equal(again, seed.name);
    await checkRecording(rec);
  } finally {
    await close();
  }
});

test('a #model= link opens its model and what-if; a table then scores as the native program', { timeout: 180000 }, async () => {
  const server = await serve({});
  const { page, rec, close } = await newPage();
  try {
    const model = JSON.parse(readFileSync(ex('dear.json'), 'utf8'));
    model.name = 'DEAR, shared by a link';
    model.indicators.find((x) => x.id === 'nps').weight = 6;
    const whatIf = { indicators: { logins: 9 }, dimensions: { roi: 4 }, bounds: { 'green-high-touch': { min: 75, max: null } } };
    const link = `${server.url}?from=link#model=${await packJson(model)}&whatif=${await packJson(whatIf)}`;
    await page.goto(link);
    await waitReady(page);
    let state = await page.evaluate(() => window.kenkoPage.state());
    assert.equal(state.model, model.name);
    assert.equal(state.rows, 0, 'a link carries no table');
    assert.deepEqual(state.whatIf.indicators, whatIf.indicators);

    await page.locator('[data-testid="file-input"]').setInputFiles(ex('customers-1000.csv'));
    await waitIdle(page);
    state = await page.evaluate(() => window.kenkoPage.state());
    assert.equal(state.rows, 1000);
    assert.equal(state.model, model.name);
    // The native program on the model with the what-if written in.
    const written = structuredClone(model);
    written.indicators.find((x) => x.id === 'logins').weight = 9;
    written.dimensions.find((x) => x.id === 'roi').weight = 4;
    const seg = written.segments.find((x) => x.id === 'green-high-touch');
    assert.ok(seg, 'dear.json has green-high-touch');
    seg.min = 75;
    delete seg.max;
    const file = tmp.path('linked.json');
    writeFileSync(file, JSON.stringify(written));
    const ref = nativeScored(file, 'customers-1000.csv');
    for (const [s, n] of Object.entries(ref.counts)) assert.equal(state.counts[s], n, `segment ${s}`);

    // The page's own link: the model in force and the what-if, never the table.
    await page.locator('[data-testid="share-link"]').click();
    await page.locator('[data-testid="share-url"]').waitFor({ state: 'visible' });
    const url = await page.locator('[data-testid="share-url"]').inputValue();
    assert.match(url, /#model=[\w-]+&whatif=[\w-]+$/);
    assert.ok(url.length < 8000, `link of ${url.length} characters`);
    const second = await newPage();
    try {
      await second.page.goto(url.replace('?from=link', '?from=share'));
      await waitReady(second.page);
      const s2 = await second.page.evaluate(() => window.kenkoPage.state());
      assert.equal(s2.model, model.name);
      assert.equal(s2.rows, 0);
      assert.deepEqual(s2.whatIf, state.whatIf);
      await checkRecording(second.rec);
    } finally {
      await second.close();
    }

    // A link cut short: an error naming the link (and no example: the page waits for a good one).
    await page.goto(`${server.url}?from=broken#model=${(await packJson(model)).slice(0, 40)}`);
    await page.locator('[data-testid="error-banner"]').waitFor({ state: 'visible' });
    assert.match(await page.locator('[data-testid="error-banner"]').textContent(), /link/i);
    await checkRecording(rec);
  } finally {
    await close();
  }
});
