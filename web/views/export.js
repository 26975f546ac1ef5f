// Exports: the scored table as CSV (UTF-8 with a BOM and the label column: opens correctly in
// Excel, Japanese included), the model JSON with the what-if changes written in, the current
// what-if as a scenario JSON, and the report (views/report.js) as PDF (through print) or
// Markdown.
import { h, replace, download } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { scenarioJson, fileSafe } from './scenarios.js';

export function createExportView(root, app) {
  const ctl = app.controller;
  const csvBtn = h('button', { type: 'button', class: 'primary', testid: 'export-csv', onclick: () => run(exportCsv) });
  const modelBtn = h('button', { type: 'button', testid: 'export-model', onclick: () => run(exportModel) });
  const scenarioBtn = h('button', { type: 'button', testid: 'export-scenario', onclick: () => run(exportScenario) });
  const reportBtn = h('button', { type: 'button', testid: 'export-report-pdf', onclick: () => app.report?.print() });
  const markdownBtn = h('button', { type: 'button', testid: 'export-report-markdown', onclick: () => app.report?.markdown() });
  const label = h('span', { class: 'field-label' });
  replace(root, label, h('div', { class: 'button-row' }, csvBtn, modelBtn, scenarioBtn, reportBtn, markdownBtn));

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

  function render() {
    label.textContent = t('export.title');
    csvBtn.textContent = t('export.csv');
    modelBtn.textContent = t('export.model');
    scenarioBtn.textContent = t('export.scenario');
    reportBtn.textContent = t('export.reportPdf');
    markdownBtn.textContent = t('export.reportMarkdown');
    const has = !!ctl.results;
    for (const b of [csvBtn, scenarioBtn, reportBtn, markdownBtn]) b.disabled = !has;
    modelBtn.disabled = !ctl.model;
  }
  for (const ev of ['table', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
}
