// Wiring: the controller (engine worker + state), the views, the language switch, the first
// example, and the test hooks on window.kenkoPage (documented in README.md).
import { Controller } from './controller.js';
import { t, getLang, setLang, translateStatic, onLangChange } from './i18n/index.js';
import { $, $$ } from './lib/dom.js';
import { createErrorBanner } from './views/errors.js';
import { createOpenView } from './views/open.js';
import { createMappingView } from './views/mapping.js';
import { createSummaryView } from './views/summary.js';
import { createHistogramView } from './views/histogram.js';
import { createDimensionsView } from './views/dimensions.js';
import { createCustomerTable } from './views/customer-table.js';
import { createDetailPanel } from './views/detail-panel.js';
import { createWhatIfView } from './views/whatif.js';
import { createScenariosView } from './views/scenarios.js';
import { createExportView } from './views/export.js';
import { createModelEditor } from './views/model-editor.js';
import { createValidateView } from './views/validate.js';
import { createTrendsView } from './views/trends.js';
import { createWorkshopView } from './views/workshop.js';
import { createReportView } from './views/report.js';
import { createShareView } from './views/share.js';
import { allowedOrigins, openLinkedModel, startMessaging } from './embed.js';
import { fetchAsset } from './lib/assets.js';
import { createHistoryView } from './views/history.js';
import { createBuilderView } from './views/builder.js';
import { createMemoryView } from './views/memory.js';

const EXAMPLES = {
  en: { model: 'examples/dear.json', table: 'examples/customers-1000.csv' },
  ja: { model: 'examples/dear-ja.json', table: 'examples/customers-ja-sjis.csv' },
  seed: { model: 'examples/seed-points.json', table: 'examples/customers-1000.csv' },
};

const controller = new Controller();
const banner = createErrorBanner($('#error-banner'));
/** @type {{controller: Controller, events: EventTarget, table: any, showError: (err: any) => void, scenarios?: any, report?: any}} */
const app = {
  controller,
  events: new EventTarget(),
  table: null,
  showError: (err) => banner.show(err),
};

controller.addEventListener('error', (/** @type {CustomEvent} */ e) => banner.show(e.detail.error, e.detail));
controller.addEventListener('table', () => { controller.lastError = null; banner.clear(); });
controller.addEventListener('busy', () => {
  document.body.classList.toggle('busy', controller.busy());
  document.body.setAttribute('aria-busy', controller.busy() ? 'true' : 'false');
});

// Busy from the click: the fetches count as work, so a test (or a user) waiting for the page
// to settle never sees the previous table's counts under the new model's name.
function loadExample(which) {
  return controller.track(fetchAndLoadExample(which));
}

async function fetchAndLoadExample(which) {
  const ex = EXAMPLES[which];
  const [modelRes, tableRes] = await Promise.all([fetchAsset(ex.model), fetchAsset(ex.table)]);
  if (!modelRes.ok || !tableRes.ok) throw new Error(t('error.exampleMissing', { path: !modelRes.ok ? ex.model : ex.table }));
  const [modelText, blob] = await Promise.all([modelRes.text(), tableRes.blob()]);
  const name = ex.table.split('/').pop();
  controller.memory.ignore(modelText); // an example's model is not the user's: never remembered
  return controller.load({ modelText, source: { data: blob, name, size: blob.size, example: true }, options: { encoding: 'auto', columnMap: {} } });
}

// Language switch.
const langSwitch = /** @type {HTMLSelectElement} */ ($('#lang-switch'));
langSwitch.value = getLang();
langSwitch.addEventListener('change', () => setLang(langSwitch.value));
onLangChange((l) => { langSwitch.value = l; document.title = t('app.title'); });
document.documentElement.lang = getLang();
document.title = t('app.title');
translateStatic();

// Tabs: results / validate (models with an outcome) / model.
const tabs = $$('[role="tab"][data-tab]');
const visibleTabs = () => tabs.filter((x) => !x.hidden);
function selectTab(name) {
  for (const tab of tabs) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
  }
  app.events.dispatchEvent(new CustomEvent('tab', { detail: { name } }));
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  tab.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const shown = visibleTabs();
    const i = shown.indexOf(tab);
    const next = shown[(i + (e.key === 'ArrowRight' ? 1 : shown.length - 1)) % shown.length];
    next.focus();
    selectTab(next.dataset.tab);
  });
}
selectTab('results');
controller.addEventListener('error', (/** @type {CustomEvent} */ e) => { if (e.detail.error?.name === 'KenkoModelError' && $('#tab-model').hidden === false) selectTab('model'); });

createOpenView($('#open-body'), app, { onExample: (w) => loadExample(w).catch((err) => banner.show(err)) });
createMappingView($('#mapping'), app);
createBuilderView($('#builder'), $('#builder-bar'), app);
const memoryView = createMemoryView($('#memory'), app);
createExportView($('#export'), app);
const detail = createDetailPanel($('#detail'), app);
app.table = createCustomerTable($('#customers'), app, { onOpen: (row) => detail.open(row) });
createSummaryView($('#summary'), app);
createHistogramView($('#histogram'), app);
createDimensionsView($('#dimensions'), app);
createWhatIfView($('#whatif'), $('#moves'), app);
app.scenarios = createScenariosView($('#scenarios'), app);
createModelEditor($('#model-editor'), app);
createValidateView($('#tab-validate'), app);
createTrendsView($('#trends'), app, { onOpen: (row) => detail.open(row) });
createHistoryView($('#history'), app, { onOpen: (row) => detail.open(row) });
createWorkshopView($('#workshop-bar'), $('#workshop-toggle'), app);
app.report = createReportView($('#report'), $('#report-panel'), $('#print-report'), app);
createShareView($('#export'), app);

// The Validate tab exists only for a model with an outcome.
function syncValidateTab() {
  const tab = $('#tab-validate-button');
  const show = controller.hasOutcome;
  tab.hidden = !show;
  if (!show && tab.getAttribute('aria-selected') === 'true') selectTab('results');
}
for (const ev of ['model', 'table']) controller.addEventListener(ev, syncValidateTab);

// Test hooks (README.md): ready, busy(), scoresShown(), pending(), state().
let resolveReady, rejectReady;
// When the scores of the table read last were first on screen (counts, histogram, table): the
// figure a reader waits for; the texts, summary and validation follow (busy() until they do).
let shown = { at: null, rows: 0 };
let shownBefore = shown;
controller.addEventListener('loadstart', () => { shownBefore = shown; shown = { at: null, rows: 0 }; });
// A failed or cancelled read leaves the previous scores on screen.
controller.addEventListener('loadend', () => { if (shown.at == null && controller.results) shown = shownBefore; });
controller.addEventListener('shown', (/** @type {CustomEvent} */ e) => {
  shown = { at: performance.now(), rows: e.detail.rows };
  window.dispatchEvent(new CustomEvent('kenko:scores-shown', { detail: { ...shown } }));
});
const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
/** @type {any} */ (window).kenkoPage = {
  ready,
  busy: () => controller.busy(),
  scoresShown: () => shown.at != null,
  scoresShownAt: () => shown.at,
  pending: () => ({ texts: controller.isPending('texts'), summary: controller.isPending('summary'),
    validation: controller.isPending('validation'), trends: controller.isPending('trends') }),
  state() {
    const segs = controller.segments;
    const counts = {};
    const c = controller.derived?.counts;
    segs.forEach((s, i) => { counts[s.id] = c ? c[i] : 0; });
    counts.none = c ? c[segs.length] : 0;
    counts.unscored = c ? c[segs.length + 1] : 0;
    return {
      rows: controller.results?.rows ?? 0,
      threads: engineThreads,
      counts,
      encoding: controller.table?.encoding ?? null,
      lang: getLang(),
      model: controller.model?.info.name ?? null,
      file: controller.source?.name ?? null,
      mean: controller.derived ? controller.derived.mean : null,
      moved: controller.derived?.moves.moved ?? 0,
      whatIf: publicWhatIf(controller.whatIfState()),
      visibleRows: app.table.view().length,
      auc: controller.hasOutcome ? controller.auc.value : null,
      aucPending: controller.hasOutcome ? controller.auc.pending : false,
      trends: controller.trends ? { matched: controller.trends.matched, deteriorating: controller.trends.deterioratingCount } : null,
      error: controller.lastError ? { name: controller.lastError.name, message: controller.lastError.message } : null,
    };
  },
  /** Test hook: reads free the table in hand first when both would take more than `bytes`. */
  setMemoryBudget: (bytes) => controller.setMemoryBudget(bytes),
  controller,
  /** Embedding (embed.js): the origins allowed to send messages, and the messages handled / ignored. */
  embed: { origins: allowedOrigins(), messages: null },
};

// The what-if state as state() reports it: `rules` only when a rule is changed.
function publicWhatIf(w) {
  if (!Object.keys(w.rules ?? {}).length) delete w.rules;
  return w;
}

// The engine's thread count (several when the page is cross-origin isolated), for state().
let engineThreads = null;
// At start: a #model= link opens its model (no table; a new link later opens its model); else
// the model the user applied last (remembered in this browser), waiting for its table to be
// opened again; else the first example.
const remembered = controller.memory.load().catch(() => null).then((m) => { memoryView.render(); return m; });
async function start() {
  const memory = await remembered;
  if (memory?.model?.text) {
    const ok = await controller.load({ modelText: memory.model.text });
    if (ok) {
      memoryView.restoredFrom(memory);
      return true;
    }
  }
  return loadExample('en');
}
(openLinkedModel(app) ?? controller.track(start())).then(async (ok) => {
  engineThreads = await controller.engineThreads().catch(() => null);
  if (ok) resolveReady();
  else rejectReady(controller.lastError ?? new Error('the example could not be scored'));
}, (err) => {
  banner.show(err);
  rejectReady(err);
});
ready.catch(() => { /* shown in the banner */ });
window.addEventListener('hashchange', () => openLinkedModel(app)?.catch((err) => banner.show(err)));
/** @type {any} */ (window).kenkoPage.embed.messages = startMessaging(app, { origins: allowedOrigins(), ready });
