// Workshop mode and the printed report in headless Chromium (tests/browser/harness.mjs: a fresh
// context and page per test, nothing may leave localhost): workshop mode (large type, the model
// named, segment summary and AUC = `kenko validate`, ROC drawn; Escape and the exit button leave
// it); the report built by the print button (model name, weights, segment counts, AUC, the 20
// customers most at risk = the native `kenko` program), only the report in print media, one or
// two A4 pages as a PDF (tests/out/browser/report.pdf), and with a what-if change in force its
// weights (marked), counts and AUC. Screenshots: tests/out/browser/21-workshop.png,
// 22-print-report.png.
//
//   node --test tests/browser/report.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dear, refs, outDir, ensureDir, nativeScored, nativeAuc, nativeJson, dearWith, weightText, num, waitIdle, pageTest,
} from './harness.mjs';

const refDear = refs.dear;

pageTest('12. workshop mode (large type, Escape leaves) and the printed report (model, weights, counts, AUC, 20 most at risk; PDF)', async ({ page, tid, shot, slide, checkPlot, assertCountsEqualNative }) => {
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

  // The report: the print button (window.print stubbed: it would open the dialog) builds it.
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await tid('print-report').click();
  await page.waitForFunction(() => window.__printed > 0 && document.querySelector('[data-testid="print-report-content"]')?.dataset.built, null, { timeout: 10000 });
  const rep = await page.evaluate(() => {
    const q = (s) => document.querySelector(`[data-testid="${s}"]`);
    const rows = (s) => [...document.querySelectorAll(`[data-testid="${s}"] tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
    return {
      title: q('print-report-content').querySelector('h1')?.textContent ?? '',
      weights: rows('report-weights'), segments: rows('report-segments'), validation: q('report-validation')?.textContent ?? '',
      risk: [...document.querySelectorAll('[data-testid="report-risk-row"]')].map((tr) => ({
        row: Number(tr.dataset.row), id: tr.querySelector('.report-id')?.textContent ?? tr.querySelector('strong')?.textContent, score: tr.children[2]?.textContent,
      })),
    };
  });
  assert.ok(rep.title.includes(dear.name), `the model name in the report title: ${rep.title}`);
  const wantWeights = [];
  for (const d of dear.dimensions) {
    wantWeights.push([d.label || d.id, weightText(d.weight), weightText(d.weight)]);
    for (const x of dear.indicators.filter((i) => i.dimension === d.id)) wantWeights.push([x.label || x.id, weightText(x.weight), weightText(x.weight)]);
  }
  assert.deepEqual(rep.weights, wantWeights, 'report: the weights (dimensions, their indicators)');
  const segLabel = new Map(dear.segments.map((x) => [x.label || x.id, x.id]));
  const counts = Object.fromEntries(rep.segments.map((r) => [segLabel.get(r[0]) ?? r[0], Number(r[1].replace(/\D/g, ''))]));
  const wantCounts = Object.fromEntries(dear.segments.map((x) => [x.id, refDear.counts[x.id] ?? 0]));
  assert.deepEqual(counts, wantCounts, 'report: the segment counts');
  const auc = nativeAuc('dear.json', 'customers-1000.csv');
  assert.ok(rep.validation.includes(`AUC ${auc.toFixed(3)}`), `report: the AUC ${auc.toFixed(3)}`);
  const full = nativeJson(['score', '--model', 'dear.json', 'customers-1000.csv', '--format', 'json']);
  const lowest = full.map((r, row) => ({ row, id: r[dear.id_column], score: r.score })).filter((r) => r.score != null)
    .sort((a, b) => a.score - b.score || a.row - b.row).slice(0, 20);
  assert.deepEqual(rep.risk.map((r) => r.id), lowest.map((r) => r.id), 'report: the 20 lowest scores (ids, ties in input order)');
  assert.deepEqual(rep.risk.map((r) => r.row), lowest.map((r) => r.row), 'report: the 20 lowest scores (rows)');
  assert.deepEqual(rep.risk.map((r) => r.score), lowest.map((r) => refDear.records[r.row].score), 'report: their scores (as kenko score prints them)');
  // Print media: only the report shows; as a PDF it takes one or two pages.
  await page.emulateMedia({ media: 'print' });
  try {
    assert.ok(await tid('print-report-content').isVisible(), 'the report shows in print media');
    assert.ok(!(await page.locator('main').isVisible()), 'the page itself is hidden in print media');
    await page.screenshot({ path: join(ensureDir(outDir), '22-print-report.png'), fullPage: true });
    const pdfPath = join(ensureDir(outDir), 'report.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    const pdf = readFileSync(pdfPath).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 2, `the report takes ${pages} A4 pages`);
  } finally {
    await page.emulateMedia({ media: null });
  }
  assert.ok(await page.locator('main').isVisible(), 'the page is back on screen');
  // With a what-if change in force the report shows the weights used (marked), their counts and AUC.
  await slide('slider-indicator-logins', 6);
  const changed = dearWith({ indicators: { logins: 6 } }, 'dear-logins-6.json');
  const refW = nativeScored(changed, 'customers-1000.csv');
  await page.evaluate(() => { window.__printed = 0; });
  await tid('print-report').click();
  await page.waitForFunction(() => window.__printed > 0, null, { timeout: 10000 });
  const w = await page.evaluate(() => ({
    weights: [...document.querySelectorAll('[data-testid="report-weights"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    segments: [...document.querySelectorAll('[data-testid="report-segments"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
    validation: document.querySelector('[data-testid="report-validation"]')?.textContent ?? '',
  }));
  const logins = dear.indicators.find((x) => x.id === 'logins');
  assert.deepEqual(w.weights.find((r) => r[0] === logins.label), [logins.label, weightText(logins.weight), '6 ●'], 'report: the changed weight, marked');
  assert.equal(w.weights.filter((r) => r[2].includes('●')).length, 1, 'report: only the changed weight is marked');
  const countsW = Object.fromEntries(w.segments.map((r) => [segLabel.get(r[0]) ?? r[0], Number(r[1].replace(/\D/g, ''))]));
  assert.deepEqual(countsW, Object.fromEntries(dear.segments.map((x) => [x.id, refW.counts[x.id] ?? 0])), 'report: the segment counts of the what-if');
  const aucW = nativeAuc(changed, 'customers-1000.csv');
  assert.ok(w.validation.includes(`AUC ${aucW.toFixed(3)}`), `report: the what-if AUC ${aucW.toFixed(3)}`);
  await tid('whatif-reset').click();
  await waitIdle(page);
});
