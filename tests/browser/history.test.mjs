// History over several snapshots (issue 12, item 6) in headless Chromium: three monthly
// snapshots (files dated by their names, added several at once) and the same months as one
// table split by a date column give `kenko history`'s figures: each period's customers, mean and
// segment counts, the segment flows of the Sankey chart (d3-sankey), the customers whose score
// fell in each of the last two periods (ids, order, streaks), and a customer's score line in its
// detail panel. Screenshots: tests/out/browser/46-history.png, 47-history-detail.png.
//
//   node --test tests/browser/history.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ex, nativeJson, parseCsv, writeTemp, waitIdle, pageTest } from './harness.mjs';

// January: February's customers (the example's month earlier) with 15 % more logins; February:
// customers-1000-previous.csv; March: customers-1000.csv.
const csvLine = (r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
function months() {
  const feb = readFileSync(ex('customers-1000-previous.csv'), 'utf8');
  const [head, ...rows] = parseCsv(feb);
  const i = head.indexOf('logins_per_day');
  const jan = [head, ...rows.map((r) => r.map((c, k) => (k === i && c !== '' ? (Number(c) * 1.15).toFixed(2) : c)))].map(csvLine).join('\n') + '\n';
  return {
    jan: writeTemp('customers-2024-01.csv', jan),
    feb: writeTemp('customers-2024-02.csv', feb),
    mar: writeTemp('customers-2024-03.csv', readFileSync(ex('customers-1000.csv'), 'utf8')),
  };
}

async function pageHistory(page) {
  return page.evaluate(() => ({
    periods: [...document.querySelectorAll('[data-testid^="history-period-"]')].map((e) => ({ label: e.dataset.label, customers: Number(e.dataset.customers) })),
    rows: [...document.querySelectorAll('[data-testid^="history-row-"]')].map((tr) => ({
      mean: Number(tr.dataset.mean), counts: Object.fromEntries([...tr.querySelectorAll('td[data-segment]')].map((td) => [td.dataset.segment, Number(td.dataset.count)])),
    })),
    links: [...document.querySelectorAll('[data-testid="history-flow"] path.sankey-link')].map((p) => `${p.dataset.period}:${p.dataset.from}>${p.dataset.to}=${p.dataset.count}`).sort(),
    deteriorating: Number(document.querySelector('[data-testid="history-deteriorating"]')?.dataset.count),
    fallers: [...document.querySelectorAll('[data-testid="history-faller"]')].map((b) => ({ id: b.dataset.id, streak: Number(b.dataset.streak) })),
  }));
}

function assertHistoryEqual(got, want, what) {
  assert.deepEqual(got.periods, want.periods.map((p) => ({ label: p.label, customers: p.customers })), `${what}: periods`);
  got.rows.forEach((r, i) => {
    assert.equal(r.mean, want.periods[i].mean, `${what}: mean of ${want.periods[i].label}`);
    for (const s of want.periods[i].segments) if (s.id in r.counts) assert.equal(r.counts[s.id], s.count, `${what}: ${want.periods[i].label} ${s.id}`);
  });
  const links = [];
  want.flows.forEach((f, p) => f.counts.forEach((row, a) => row.forEach((c, b) => { if (c) links.push(`${p}:${f.ids[a]}>${f.ids[b]}=${c}`); })));
  assert.deepEqual(got.links, links.sort(), `${what}: the flows drawn`);
  assert.equal(got.deteriorating, want.deteriorating, `${what}: deteriorating`);
  assert.deepEqual(got.fallers, want.customers.slice(0, got.fallers.length).map((c) => ({ id: c.id, streak: c.streak })), `${what}: the customers falling`);
  assert.ok(got.fallers.length >= Math.min(10, want.customers.length));
}

pageTest('46. history from three dated files = kenko history; the score line of a customer', async ({ page, tid, upload, shot, state }) => {
  const m = months();
  await upload('file-input', m.mar);
  assert.equal((await state()).rows, 1000);
  await upload('history-input', [m.feb, m.jan]); // any order: dated by their names
  await page.waitForFunction(() => document.querySelector('[data-testid="history-flow"] svg'), null, { timeout: 10000 });
  const want = nativeJson(['history', '--model', 'dear.json', m.mar, m.jan, m.feb, '--format', 'json']);
  assert.deepEqual(want.periods.map((p) => p.label), ['2024-01', '2024-02', '2024-03']);
  const got = await pageHistory(page);
  assertHistoryEqual(got, want, 'three files');
  await tid('history').scrollIntoViewIfNeeded();
  await shot('46-history', page, { top: false });
  // The first customer falling: its score line in the detail panel.
  await tid('history-faller').first().click();
  await tid('detail-history').waitFor({ state: 'visible', timeout: 5000 });
  const scores = (await tid('detail-history').getAttribute('data-scores')).split(',').map((x) => (x === '' ? null : Number(x)));
  assert.deepEqual(scores, want.customers[0].scores, 'the score line of the first customer falling');
  await shot('47-history-detail', page, { top: false });
  await tid('detail-close').click();
  // A longer streak, then the snapshots removed.
  await tid('history-streak').fill('1');
  await tid('history-streak').dispatchEvent('change');
  await waitIdle(page);
  const one = nativeJson(['history', '--model', 'dear.json', m.mar, m.jan, m.feb, '--format', 'json', '--streak', '1']);
  assert.equal(Number(await tid('history-deteriorating').getAttribute('data-count')), one.deteriorating, 'streak 1');
  await tid('history-clear').click();
  await waitIdle(page);
  assert.equal(await tid('history').getAttribute('data-active'), 'false');
});

pageTest('47. one table of three months split by its date column = kenko history --date-column', async ({ page, tid, upload, state }) => {
  const m = months();
  const parts = [['2024-01-31', m.jan], ['2024-02-29', m.feb], ['2024-03-31', m.mar]].map(([d, f]) => {
    const [head, ...rows] = parseCsv(readFileSync(f, 'utf8'));
    return { head: ['month', ...head], rows: rows.map((r) => [d, ...r]) };
  });
  const all = writeTemp('customers-all-months.csv', [parts[0].head, ...parts.flatMap((p) => p.rows)].map(csvLine).join('\n') + '\n');
  await upload('file-input', all);
  assert.equal((await state()).rows, 954 + 954 + 1000, 'the whole table before the split');
  await tid('history-split-column').selectOption('month');
  await tid('history-split').click();
  await waitIdle(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="history-flow"] svg'), null, { timeout: 10000 });
  assert.equal((await state()).rows, 1000, 'the latest month in hand');
  const want = nativeJson(['history', '--model', 'dear.json', all, '--date-column', 'month', '--format', 'json']);
  assertHistoryEqual(await pageHistory(page), want, 'split by date');
  await tid('history-unsplit').click();
  await waitIdle(page);
  assert.equal((await state()).rows, 2908, 'the split undone');
});
