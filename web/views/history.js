// History over several dated snapshots (state/history.js; the numbers of `kenko history`):
// earlier snapshots added from files (several at once; each dated by its file name) or this
// table split by a date column; then each period's customers, mean score, segment counts and
// value, the segment flow between consecutive periods as a Sankey chart (d3-sankey, vendored
// from npm and loaded only when drawn), and the customers whose score fell in each of the last N
// periods in a row (a click opens the customer, whose detail panel shows its score over time).
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmtInt } from '../lib/format.js';

export function createHistoryView(root, app, { onOpen }) {
  const ctl = app.controller;
  const title = h('h2', { id: 'history-title' });
  const hint = h('p', { class: 'hint' });
  const input = h('input', {
    type: 'file', multiple: true, class: 'visually-hidden', tabindex: -1, testid: 'history-input',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    onchange: () => {
      const files = [...input.files];
      input.value = '';
      if (files.length) ctl.addSnapshots(files);
    },
  });
  const chooseBtn = h('button', { type: 'button', testid: 'history-choose', onclick: () => input.click() });
  const dropText = h('span', { class: 'drop-text' });
  const drop = h('div', { class: 'dropzone small', testid: 'history-dropzone' }, dropText, chooseBtn, input);
  drop.addEventListener('dragover', (e) => { if ([...(e.dataTransfer?.types ?? [])].includes('Files')) { e.preventDefault(); drop.classList.add('over'); } });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) ctl.addSnapshots(files);
  });
  const splitLabel = h('label', { for: 'history-split', class: 'inline-label' });
  const splitSel = h('select', { id: 'history-split', testid: 'history-split-column' });
  const splitBtn = h('button', { type: 'button', testid: 'history-split', onclick: () => ctl.splitByDate(splitSel.value) });
  const unsplitBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'history-unsplit', onclick: () => ctl.splitByDate(null) });
  const clearBtn = h('button', { type: 'button', class: 'danger-outline', testid: 'history-clear', onclick: () => ctl.clearHistory() });
  const periods = h('ol', { class: 'history-periods', testid: 'history-periods' });
  const streakLabel = h('label', { for: 'history-streak', class: 'inline-label' });
  const streak = h('input', { type: 'number', id: 'history-streak', testid: 'history-streak', min: 1, max: 24, step: 1, value: ctl.history.options.streak,
    onchange: () => { const v = Math.round(Number(streak.value)); if (v >= 1 && v <= 24) ctl.setHistoryOptions({ streak: v }); } });
  const dropLabel = h('label', { for: 'history-min-drop', class: 'inline-label' });
  const minDrop = h('input', { type: 'number', id: 'history-min-drop', testid: 'history-min-drop', min: 0, max: 100, step: 1, value: ctl.history.options.minDrop,
    onchange: () => { const v = Number(minDrop.value); if (v >= 0 && v <= 100) ctl.setHistoryOptions({ minDrop: v }); } });
  const badge = h('p', { class: 'deteriorating-badge static', testid: 'history-deteriorating' });
  const flowTitle = h('h3');
  const flow = h('div', { class: 'history-flow', testid: 'history-flow', role: 'img' });
  const tableTitle = h('h3');
  const table = h('div', { class: 'table-scroll', testid: 'history-table' });
  const listTitle = h('h3');
  const list = h('ol', { class: 'movers', testid: 'history-fallers' });
  const body = h('div', { class: 'history-body', hidden: true },
    h('div', { class: 'history-settings' }, streakLabel, streak, dropLabel, minDrop), badge,
    flowTitle, flow, tableTitle, table, listTitle, list);
  replace(root,
    h('div', { class: 'panel-head' }, title),
    hint,
    h('div', { class: 'history-open' }, drop, h('div', { class: 'history-split-row' }, splitLabel, splitSel, splitBtn, unsplitBtn), clearBtn),
    periods,
    body);
  root.setAttribute('aria-labelledby', 'history-title');
  let drawn = 0;

  function render() {
    const hs = ctl.history;
    title.textContent = t('history.title');
    hint.textContent = t('history.hint');
    dropText.textContent = t('history.drop');
    chooseBtn.textContent = t('history.choose');
    chooseBtn.disabled = !ctl.results || hs.reading;
    splitLabel.textContent = t('history.splitLabel');
    splitBtn.textContent = t('history.split');
    unsplitBtn.textContent = t('history.unsplit');
    clearBtn.textContent = t('history.clear');
    streakLabel.textContent = t('history.streak');
    dropLabel.textContent = t('history.minDrop');
    flowTitle.textContent = t('history.flow');
    tableTitle.textContent = t('history.periodsTable');
    listTitle.textContent = t('history.fallers', { n: hs.options.streak });
    const header = ctl.table?.header ?? [];
    const prev = splitSel.value;
    replace(splitSel, header.map((x) => h('option', { value: x, text: x })));
    splitSel.value = hs.splitBy ?? (header.includes(prev) ? prev : header.find((x) => /date|month|日付|年月|snapshot|period/i.test(x)) ?? header[0] ?? '');
    splitBtn.disabled = !ctl.results || !header.length;
    unsplitBtn.hidden = !hs.splitBy;
    clearBtn.hidden = !hs.files.length;
    root.dataset.active = hs.active() ? 'true' : 'false';
    const r = hs.result;
    renderPeriods(r);
    body.hidden = !r;
    if (!r) return;
    streak.value = String(hs.options.streak);
    minDrop.value = String(hs.options.minDrop);
    badge.dataset.count = r.deteriorating;
    badge.textContent = t('history.deteriorating', { n: fmtInt(r.deteriorating), k: r.streak, drop: r.minDrop ? t('history.byAtLeast', { d: r.minDrop }) : '' });
    // The figures (tables, list, the Sankey chart) load with the first history.
    const my = ++drawn;
    import('./history-figures.js').then((m) => {
      if (my !== drawn || !ctl.history.result) return;
      const ctx = { ctl, table, list, flow, onOpen, isCurrent: () => my === drawn };
      m.renderTable(ctx, r);
      m.renderList(ctx, r);
      return m.drawFlow(ctx, r);
    }).catch((err) => app.showError(err));
  }

  function renderPeriods(r) {
    const hs = ctl.history;
    const items = [];
    if (r) {
      r.periods.forEach((p, i) => {
        const fileIndex = hs.splitBy ? -1 : i < hs.files.length ? i : -1;
        items.push(h('li', { class: 'period-chip', testid: `history-period-${p.label}`, dataset: { label: p.label, customers: p.customers } },
          h('strong', { text: p.label }), ` ${t('open.rows', { n: fmtInt(p.customers) })}`,
          i === r.periods.length - 1 ? h('span', { class: 'muted', text: ` · ${t('history.inHand')}` }) : null,
          fileIndex >= 0 ? h('button', { type: 'button', class: 'chip-x', 'aria-label': t('history.remove', { label: p.label }), text: '×', onclick: () => ctl.removeSnapshot(fileIndex) }) : null));
      });
    } else if (hs.reading) items.push(h('li', { class: 'muted', text: t('history.reading') }));
    else items.push(h('li', { class: 'muted', text: t('history.none') }));
    replace(periods, items);
  }

  for (const ev of ['history', 'table', 'model', 'presenter']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
}
