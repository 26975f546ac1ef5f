// Workshop mode's validation figures and the report (issue 12, item 3) in headless Chromium
// (tests/browser/harness.mjs: a fresh context and page per test, nothing may leave localhost).
// Workshop mode: large type, the model named, AUC = `kenko validate`, ROC drawn; Escape and the
// exit button leave it. The report: its title, client and notes as typed on the page; each
// weight with its share of the score (= the shares `kenko fit` prints); the segment counts, value
// at risk, AUC and value-weighted AUC (= native); the histogram, ROC and lift charts; the
// scenario comparison of the model against the what-if (B = native counts); the 20 customers
// most at risk (= native); open bounds written plainly. As a PDF on A4 and on Letter (Chromium's
// page.pdf), rendered to images with pdftoppm (tests/out/browser/report-*.png): every page has
// ink and no block of background, at most four pages, every section in pdftotext's text; the
// Markdown export has the same content. Screenshots: 21-workshop.png, 22-print-report.png.
//
//   node --test tests/browser/report.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  dear, refs, outDir, ensureDir, native, nativeScored, nativeAuc, nativeJson, dearWith, weightText, num, waitIdle, pageTest, tmpPath,
} from './harness.mjs';

const refDear = refs.dear;

pageTest('12. workshop mode (large type, Escape leaves) with the validation figures = native', async ({ page, tid, shot, checkPlot, assertCountsEqualNative }) => {
  await assertCountsEqualNative(refDear, 'the first example');
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await fontSize();
  await tid('workshop-toggle').click();
  await page.waitForFunction(() => document.body.classList.contains('workshop'), null, { timeout: 5000 });
  await waitIdle(page);
  assert.equal(await tid('workshop-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok(await tid('workshop-bar').isVisible(), 'the workshop bar');
  assert.ok((await tid('workshop-title').innerText()).includes(dear.name), 'the model named in the workshop bar');
  assert.ok(await fontSize() > normal, `large type: ${await fontSize()} px vs ${normal} px`);
  assert.ok(await tid('segment-counts').isVisible(), 'segment summary shown');
  assert.ok(await tid('whatif').isVisible(), 'the what-if sliders shown');
  assert.ok(!(await tid('customer-table').isVisible()), 'the customer table hidden');
  assert.equal(num(await tid('validate-auc').getAttribute('data-auc'), 'workshop AUC'), nativeAuc('dear.json', 'customers-1000.csv'), 'the AUC in workshop mode');
  await checkPlot('validate-roc', 'workshop');
  await shot('21-workshop');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.body.classList.contains('workshop'), null, { timeout: 5000 });
  assert.equal(await tid('workshop-toggle').getAttribute('aria-pressed'), 'false', 'Escape left workshop mode');
  assert.ok(!(await tid('workshop-bar').isVisible()), 'the bar is gone');
  assert.equal(await fontSize(), normal, 'normal type again');
  await tid('workshop-toggle').click();
  await tid('workshop-exit').click();
  await page.waitForFunction(() => !document.body.classList.contains('workshop'), null, { timeout: 5000 });
});

/** Each indicator's share of the score under MODEL's weights, as `kenko fit` prints them ("6.67%"). */
function nativeShares(model) {
  const text = native(['fit', '--model', model, 'customers-1000.csv', '--lock', dear.indicators[0].id, '--folds', '2']).toString('utf8');
  return Object.fromEntries(text.split('\n').filter((l) => l.startsWith('share ')).map((l) => { const [, id, before] = l.split(' '); return [id, before]; }));
}

/** A PGM (P5) image: {w, h, px}. */
function readPgm(path) {
  const b = readFileSync(path);
  let at = 0;
  const tokens = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(b[at]))) at++;
    let s = '';
    while (!/\s/.test(String.fromCharCode(b[at]))) s += String.fromCharCode(b[at++]);
    tokens.push(s);
  }
  at++;
  const [magic, w, h] = [tokens[0], Number(tokens[1]), Number(tokens[2])];
  assert.equal(magic, 'P5');
  return { w, h, px: b.subarray(at, at + w * h) };
}

/** The PDF's pages as images: each has ink, none has a block of background (a band of rows of one grey). */
function checkPdf(pdfPath, name) {
  const dir = ensureDir(join(outDir, 'report-pages'));
  for (const f of readdirSync(dir)) if (f.startsWith(`${name}-`)) rmSync(join(dir, f));
  execFileSync('pdftoppm', ['-r', '40', '-gray', pdfPath, join(dir, name)]);
  execFileSync('pdftoppm', ['-r', '60', '-png', pdfPath, join(dir, name)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.pgm')).sort();
  assert.ok(pages.length >= 2 && pages.length <= 4, `${name}: ${pages.length} pages`);
  for (const p of pages) {
    const { w, h, px } = readPgm(join(dir, p));
    let ink = 0;
    for (const v of px) if (v < 200) ink++;
    assert.ok(ink > w * h * 0.01, `${name} ${p}: a page with almost nothing on it (${ink} dark pixels)`);
    // A block of background: 30 rows in a row, each mostly one grey that is not white.
    let run = 0;
    for (let y = 0; y < h; y++) {
      const row = px.subarray(y * w, (y + 1) * w);
      const counts = new Map();
      for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
      const [top, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      run = top < 245 && n > w * 0.8 ? run + 1 : 0;
      assert.ok(run < 30, `${name} ${p}: a block of background (grey ${top}) at row ${y}`);
    }
    rmSync(join(dir, p));
  }
  return execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString('utf8');
}

pageTest('48. the report: title, client, notes, shares, charts, value at risk, comparison, most at risk = native; PDF on A4 and Letter; Markdown', async ({ page, tid, slide, shot }) => {
  await tid('report-title-input').fill('Q3 health review');
  await tid('report-client-input').fill('Acme Corp');
  await tid('report-notes-input').fill('Agreed: engagement weighs more.\nNext review in October.');
  // A what-if: engagement 5, green from 65.
  await slide('slider-dimension-engagement', 5);
  await page.evaluate(() => window.kenkoPage.controller.setWhatIf('min', 'green', 65));
  await waitIdle(page);
  const state = await page.evaluate(() => window.kenkoPage.controller.whatIfState());
  const changed = tmpPath('dear-report.json');
  const m = JSON.parse(JSON.stringify(dear));
  m.dimensions.find((d) => d.id === 'engagement').weight = 5;
  for (const [id, b] of Object.entries(state.bounds)) Object.assign(m.segments.find((s) => s.id === id), { min: b.min ?? undefined, max: b.max ?? undefined });
  for (const s of m.segments) for (const k of ['min', 'max']) if (s[k] === undefined) delete s[k];
  (await import('node:fs')).writeFileSync(changed, JSON.stringify(m));
  const refW = nativeScored(changed, 'customers-1000.csv');

  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await tid('report-pdf').click();
  await page.waitForFunction(() => window.__printed > 0 && document.querySelector('[data-testid="print-report-content"]')?.dataset.built, null, { timeout: 20000 });
  const rep = await page.evaluate(() => {
    const q = (s) => document.querySelector(`[data-testid="${s}"]`);
    const rows = (s) => [...document.querySelectorAll(`[data-testid="${s}"] tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
    return {
      title: q('print-report-content').querySelector('h1')?.textContent ?? '', client: q('report-client')?.textContent ?? '', notes: q('report-notes')?.textContent ?? '',
      weights: rows('report-weights'), segments: rows('report-segments'), validation: q('report-validation')?.textContent ?? '', value: q('report-value')?.textContent ?? '',
      bounds: q('report-bounds')?.textContent ?? '', comparison: rows('report-compare-table'),
      charts: ['histogram', 'roc', 'lift'].map((k) => q(`report-chart-${k}`)?.querySelectorAll('rect, path').length ?? 0),
      risk: [...document.querySelectorAll('[data-testid="report-risk-row"]')].map((tr) => tr.querySelector('.report-id')?.textContent ?? tr.querySelector('strong')?.textContent),
    };
  });
  assert.equal(rep.title, 'Q3 health review');
  assert.match(rep.client, /Acme Corp/);
  assert.match(rep.notes, /engagement weighs more/);
  // Weights: model weight, weight in the report, and each indicator's share before and after.
  const before = nativeShares('dear.json'), after = nativeShares(changed);
  for (const x of dear.indicators) {
    const row = rep.weights.find((r) => r[0] === (x.label || x.id));
    assert.ok(row, `weights row of ${x.id}`);
    assert.deepEqual(row.slice(1), [weightText(x.weight), weightText(x.weight), before[x.id], after[x.id]], `weights row of ${x.id}`);
  }
  const eng = rep.weights.find((r) => r[0] === dear.dimensions.find((d) => d.id === 'engagement').label);
  assert.deepEqual(eng.slice(1, 3), ['3', '5 ●'], 'the changed dimension weight, marked');
  assert.match(rep.bounds, /score ≥ 65 \(model: score ≥ 70\)/, `open bounds written plainly: ${rep.bounds}`);
  // Segments (what-if counts) and the comparison (B = the what-if).
  const segLabel = new Map(dear.segments.map((x) => [x.label || x.id, x.id]));
  const counts = Object.fromEntries(rep.segments.map((r) => [segLabel.get(r[0]) ?? r[0], Number(r[1].replace(/\D/g, ''))]));
  assert.deepEqual(counts, Object.fromEntries(dear.segments.map((x) => [x.id, refW.counts[x.id] ?? 0])), 'report: the segment counts of the what-if');
  for (const r of rep.comparison.filter((x) => segLabel.has(x[0]))) {
    assert.equal(Number(r[1].replace(/\D/g, '')), refDear.counts[segLabel.get(r[0])] ?? 0, `comparison A: ${r[0]}`);
    assert.equal(Number(r[2].replace(/\D/g, '')), refW.counts[segLabel.get(r[0])] ?? 0, `comparison B: ${r[0]}`);
  }
  const auc = nativeAuc(changed, 'customers-1000.csv');
  assert.ok(rep.validation.includes(`AUC ${auc.toFixed(3)}`), `report: the AUC ${auc.toFixed(3)}`);
  const valueAuc = Number(native(['validate', '--model', changed, 'customers-1000.csv']).toString('utf8').split('\n').find((l) => l.startsWith('value_auc ')).slice(10));
  assert.ok(rep.validation.includes(valueAuc.toFixed(3)), `report: the value-weighted AUC ${valueAuc.toFixed(3)}`);
  assert.match(rep.value, /arr at risk: .*\(/, 'the value at risk');
  assert.ok(rep.charts[0] >= 20 && rep.charts[1] >= 2 && rep.charts[2] >= 10, `the charts drawn: ${rep.charts}`);
  const full = nativeJson(['score', '--model', changed, 'customers-1000.csv', '--format', 'json']);
  const lowest = full.map((r, row) => ({ row, id: r[dear.id_column], score: r.score })).filter((r) => r.score != null)
    .sort((a, b) => a.score - b.score || a.row - b.row).slice(0, 20);
  assert.deepEqual(rep.risk, lowest.map((r) => r.id), 'report: the 20 lowest scores');

  // Print media: only the report. PDFs on A4 and Letter, rendered to images and read back.
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await tid('print-report-content').isVisible(), 'the report shows in print media');
    assert.ok(!(await page.locator('main').isVisible()), 'the page itself is hidden in print media');
    await page.screenshot({ path: join(ensureDir(outDir), '22-print-report.png'), fullPage: true });
    for (const format of ['A4', 'Letter']) {
      const pdf = join(ensureDir(outDir), `report-${format}.pdf`);
      await page.pdf({ path: pdf, format, printBackground: true });
      const text = checkPdf(pdf, `report-${format}`);
      for (const want of ['Q3 health review', 'Prepared for Acme Corp', 'engagement weighs more', 'Model weights', 'Share (report)', 'Segment distribution',
        'Charts', 'Scenario comparison', 'Validation against the outcome', 'Customers most at risk', 'arr at risk', lowest[0].id]) {
        assert.ok(text.includes(want), `${format} PDF: '${want}' in its text`);
      }
    }
  } finally {
    await page.emulateMedia({ media: null });
  }
  // Markdown: the same content.
  const [dl] = await Promise.all([page.waitForEvent('download'), tid('report-markdown').click()]);
  const md = readFileSync(await dl.path(), 'utf8');
  assert.match(dl.suggestedFilename(), /-report\.md$/);
  for (const want of ['# Q3 health review', 'Prepared for Acme Corp', '## Model weights', '## Segment distribution', '## Scenario comparison',
    '## Customers most at risk', `AUC ${auc.toFixed(3)}`, ...lowest.slice(0, 5).map((r) => r.id)]) {
    assert.ok(md.includes(want), `Markdown: '${want}'`);
  }
  for (const s of dear.segments) {
    const line = md.split('\n').find((l) => l.startsWith(`| ${s.label || s.id} |`));
    assert.ok(line && line.includes(`| ${(refW.counts[s.id] ?? 0).toLocaleString('en-US')} |`), `Markdown: the count of ${s.id} (${line})`);
  }
  await shot('48-report-panel');
  await tid('whatif-reset').click();
  await waitIdle(page);
});

pageTest('49. the report in Japanese on A4: the same sections, Japanese headings', async ({ page, tid }) => {
  await tid('lang-switch').selectOption('ja');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await tid('report-pdf').click();
  await page.waitForFunction(() => window.__printed > 0 && document.querySelector('[data-testid="print-report-content"]')?.dataset.built, null, { timeout: 20000 });
  const pdf = join(ensureDir(outDir), 'report-ja.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const text = checkPdf(pdf, 'report-ja');
  for (const want of ['モデルの重み', 'セグメントの分布', 'グラフ', '結果に対する検証', 'リスクの高い顧客']) {
    assert.ok(text.replace(/\s+/g, '').includes(want), `Japanese PDF: '${want}'`);
  }
  await tid('lang-switch').selectOption('en');
});
