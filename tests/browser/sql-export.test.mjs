// Export → "SQL for your warehouse" in headless Chromium (tests/browser/harness.mjs): after an
// indicator weight and a segment threshold are moved, the page's SQL for each dialect is
// byte for byte what `kenko sql` writes for the model the page exports with the same what-if
// changes (Export → Model JSON), for a qualified table name.
//
//   node --test tests/browser/sql-export.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { native, pageTest } from './harness.mjs';

pageTest('export: the page\'s SQL for the warehouse equals kenko sql on the what-if model', async ({ page, tid, slide }) => {
  await slide('slider-indicator-logins', 6);
  await slide('slider-segment-min-green', 65);
  const [modelDownload] = await Promise.all([page.waitForEvent('download'), tid('export-model').click()]);
  const model = await modelDownload.path();
  const exported = JSON.parse(readFileSync(model, 'utf8'));
  assert.equal(exported.indicators.find((x) => x.id === 'logins').weight, 6, 'the exported model has the what-if weight');
  await tid('export-sql-table').fill('analytics.customers');
  for (const dialect of ['postgres', 'sqlite', 'duckdb']) {
    await tid('export-sql-dialect').selectOption(dialect);
    const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-sql').click()]);
    assert.match(dl.suggestedFilename(), new RegExp(`-whatif\\.${dialect}\\.sql$`));
    const got = readFileSync(await dl.path(), 'utf8');
    const want = native(['sql', '--model', model, '--table', 'analytics.customers', '--dialect', dialect]).toString('utf8');
    assert.equal(got, want, `${dialect}: the page's SQL = kenko sql on the exported model`);
    assert.ok(got.includes('FROM "analytics"."customers"'), `${dialect}: reads the table named`);
    const six = { postgres: "CAST('6' AS DOUBLE PRECISION)", sqlite: '6.0', duckdb: "CAST('6' AS DOUBLE)" }[dialect];
    assert.ok(got.includes(`${six} * `), `${dialect}: the what-if weight 6 is in the SQL`);
  }
});
