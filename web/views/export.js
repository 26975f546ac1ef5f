// Exports: the scored table as CSV (UTF-8 with a BOM and the label column: opens correctly in
// Excel, Japanese included), the model JSON with the what-if changes written in, the current
// what-if as a scenario JSON, the engine's summary report, the report (views/report.js) as
// PDF (through print) or Markdown, and the model in force (what-if included) as one SQL query
// for DuckDB, PostgreSQL or SQLite (docs/SQL.md).
import { h, replace, download } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { scenarioJson, fileSafe } from './scenarios.js';

export function createExportView(root, app) {
  const ctl = app.controller;
  const csvBtn = h('button', { type: 'button', class: 'primary', testid: 'export-csv', onclick: () => run(exportCsv) });
  const modelBtn = h('button', { type: 'button', testid: 'export-model', onclick: () => run(exportModel) });
  const scenarioBtn = h('button', { type: 'button', testid: 'export-scenario', onclick: () => run(exportScenario) });
  const summaryBtn = h('button', { type: 'button', testid: 'export-summary', onclick: () => run(exportSummary) });
  const sqlBtn = h('button', { type: 'button', testid: 'export-sql', onclick: () => run(exportSql) });
  const dialect = h('select', { testid: 'export-sql-dialect' },
    ...[['duckdb', 'DuckDB'], ['postgres', 'PostgreSQL'], ['sqlite', 'SQLite']].map(([v, name]) => h('option', { value: v }, name)));
  const table = h('input', { type: 'text', value: 'customers', size: 14, spellcheck: 'false', testid: 'export-sql-table' });
  const reportBtn = h('button', { type: 'button', testid: 'export-report-pdf', onclick: () => app.report?.print() });
  const markdownBtn = h('button', { type: 'button', testid: 'export-report-markdown', onclick: () => app.report?.markdown() });
  const label = h('span', { class: 'field-label' });
  replace(root, label, h('div', { class: 'button-row' }, csvBtn, modelBtn, scenarioBtn, summaryBtn),
    h('div', { class: 'button-row' }, reportBtn, markdownBtn),
    h('div', { class: 'button-row' }, dialect, table, sqlBtn));

  const base = () => fileSafe((ctl.source?.name ?? 'kenko').replace(/\.(csv|tsv|txt)$/i, ''));

  async function run(fn) {
    try {
      await fn();
    } catch (err) {
      app.showError(err);
    }
  }

  async function exportCsv() {
    const bytes = await ctl.scoredCsv();
    download(new Blob([bytes], { type: 'text/csv;charset=utf-8' }), `${base()}-scored.csv`);
  }
  function exportModel() {
    const m = ctl.modelWithWhatIf();
    download(`${JSON.stringify(m, null, 2)}\n`, `${fileSafe(m.name ?? 'model')}${ctl.hasWhatIf() ? '-whatif' : ''}.json`, 'application/json');
  }
  function exportScenario() {
    const s = { name: t('scenarios.current'), model: ctl.model.info.name ?? '', savedAt: new Date().toISOString(), state: ctl.whatIfState() };
    download(scenarioJson(s), `${base()}.scenario.json`, 'application/json');
  }
  async function exportSql() {
    const text = await ctl.client.sql({ dialect: dialect.value, table: table.value.trim() || 'customers' });
    download(text, `${fileSafe(ctl.model.info.name ?? 'model')}${ctl.hasWhatIf() ? '-whatif' : ''}.${dialect.value}.sql`, 'application/sql;charset=utf-8');
  }
  async function exportSummary() {
    const text = await ctl.client.summaryText();
    download(text, `${base()}-summary.txt`, 'text/plain;charset=utf-8');
  }

  function render() {
    label.textContent = t('export.title');
    csvBtn.textContent = t('export.csv');
    modelBtn.textContent = t('export.model');
    scenarioBtn.textContent = t('export.scenario');
    summaryBtn.textContent = t('export.summary');
    sqlBtn.textContent = t('export.sql');
    dialect.title = t('export.sqlDialect');
    dialect.setAttribute('aria-label', t('export.sqlDialect'));
    table.title = t('export.sqlTable');
    table.setAttribute('aria-label', t('export.sqlTable'));
    reportBtn.textContent = t('export.reportPdf');
    markdownBtn.textContent = t('export.reportMarkdown');
    const has = !!ctl.results;
    for (const b of [csvBtn, scenarioBtn, reportBtn, markdownBtn]) b.disabled = !has;
    modelBtn.disabled = !ctl.model;
    sqlBtn.disabled = !ctl.model;
  }
  for (const ev of ['table', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
}
