// Column mapping: which header each model column was read from (TableInfo.columns: exact, or
// loose — ignoring case and spaces), and, when a read fails for a missing column, a select of
// the header names for every model column that matched nothing, the closest header pre-selected
// (lib/match.js: case, width, spaces, '_', '-', known synonyms); re-reads with `columnMap`.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { closestMatches, fitsPoorly } from '../lib/match.js';

const norm = (s) => s.trim();
const loose = (s) => s.replace(/[\s\u3000]+/g, '').toLowerCase();

/** The header a model column matches on its own (exact after trimming, then loose), or null. */
export function autoMatch(column, header) {
  const exact = header.find((x) => norm(x) === norm(column));
  if (exact != null) return exact;
  return header.find((x) => loose(x) === loose(column)) ?? null;
}

export function createMappingView(root, app) {
  const ctl = app.controller;
  let failure = null; // {header, retry, model} after a read failed for lack of a column

  ctl.addEventListener('error', (e) => {
    const d = e.detail;
    if (d.error?.name === 'KenkoTableError' && d.header?.length && d.model) {
      failure = { header: d.header, retry: d.retry, model: d.model };
      render();
      // A table with (almost) none of the model's columns opens the builder instead (views/builder.js).
      const poor = fitsPoorly(d.model.info.columns ?? [], d.header);
      root.open = !poor;
      if (!poor) root.scrollIntoView({ block: 'nearest' });
    }
  });
  ctl.addEventListener('table', () => {
    if (failure) root.open = false;
    failure = null;
    render();
  });
  onLangChange(render);

  function render() {
    const model = failure ? failure.model : ctl.model;
    const header = failure ? failure.header : ctl.table?.header;
    if (!model || !header) {
      root.hidden = true;
      return;
    }
    root.hidden = false;
    const used = new Map((failure ? [] : ctl.table.columns ?? []).map((c) => [c.model, c.header]));
    const map = failure ? failure.retry?.options?.columnMap ?? {} : ctl.options.columnMap;
    const columns = model.info.columns ?? [];
    const own = new Map(columns.map((col) => [col, map[col] ?? used.get(col) ?? autoMatch(col, header)]));
    const closest = closestMatches(columns.filter((c) => own.get(c) == null || !header.includes(own.get(c))), header,
      [...own.values()].filter((x) => x != null && header.includes(x)));
    const rows = columns.map((col) => {
      const chosen = own.get(col);
      const missing = chosen == null || !header.includes(chosen);
      return { col, chosen: missing ? closest.get(col) ?? null : chosen, missing, closest: missing && closest.has(col) };
    });
    const missing = rows.filter((r) => r.missing);
    rows.sort((a, b) => b.missing - a.missing);
    const selects = new Map();
    const body = h('tbody', null, rows.map((r) => {
      const id = `map-${columns.indexOf(r.col)}`;
      const sel = h('select', { id, testid: `mapping-select-${r.col}`, dataset: { column: r.col, closest: r.closest ? 'true' : 'false' }, 'aria-invalid': r.missing && !r.closest ? 'true' : null },
        h('option', { value: '', text: t('mapping.choose') }),
        header.map((x) => h('option', { value: x, text: x, selected: x === r.chosen })));
      sel.value = r.chosen ?? '';
      selects.set(r.col, sel);
      const how = r.closest ? t('mapping.closest') : r.missing ? t('mapping.unmatched') : r.chosen === r.col ? t('mapping.exact') : map[r.col] ? t('mapping.manual') : t('mapping.loose');
      return h('tr', { class: r.missing ? (r.closest ? 'closest' : 'missing') : '' },
        h('th', { scope: 'row' }, h('label', { for: id, text: r.col })),
        h('td', null, sel),
        h('td', { class: r.missing && !r.closest ? 'bad' : 'muted', text: how }));
    }));
    const apply = h('button', {
      type: 'button', class: failure ? 'primary' : '', testid: 'mapping-apply',
      onclick: () => {
        const columnMap = {};
        for (const [col, sel] of selects) {
          if (!sel.value) continue;
          if (sel.value !== autoMatch(col, header) || map[col]) columnMap[col] = sel.value;
        }
        ctl.applyMapping(columnMap, failure?.retry ?? null);
      },
      text: t('mapping.apply'),
    });
    replace(root,
      h('summary', { text: failure ? t('mapping.titleMissing', { n: missing.length }) : t('mapping.title', { n: columns.length }) }),
      failure ? h('p', { class: 'hint', text: t('mapping.helpMissing') }) : h('p', { class: 'hint', text: t('mapping.help') }),
      h('table', { class: 'mapping-table', testid: 'mapping-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: t('mapping.modelColumn') }), h('th', { scope: 'col', text: t('mapping.header') }), h('th', { scope: 'col', text: t('mapping.how') }))),
        body),
      h('div', { class: 'button-row' }, apply,
        failure?.retry?.source ? h('button', { type: 'button', testid: 'mapping-builder', text: t('builder.start'),
          onclick: () => ctl.startBuilder(failure.retry.source, { reason: 'unmatched', encoding: failure.retry.options?.encoding ?? 'auto' }) }) : null,
        failure ? h('button', { type: 'button', testid: 'mapping-dismiss', text: t('mapping.dismiss'), onclick: () => { failure = null; render(); } }) : null));
    root.classList.toggle('has-missing', !!failure);
  }
  render();
}
