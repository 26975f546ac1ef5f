// "Learn from healthy customers": new bounds for a bands or linear indicator from the values of
// healthy customers (engine proposeBands): by default those whose outcome is negative, or those
// whose cell in a chosen column is one of some texts (the table is then read again keeping that
// column). Shows each proposed bound next to the one in force with the share of healthy and of
// all customers that reach it; the proposal can be tried as a what-if (setRule: every customer
// re-scores) or put into the model draft. Shown in the model editor under the indicator's rule.
import { h, replace } from '../lib/dom.js';
import { t } from '../i18n/index.js';
import { fmtInt, fmtPct } from '../lib/format.js';

// The user's healthy choice per indicator, kept while the editor re-renders.
const choices = new Map(); // indicatorId → {column, values}

const fmtBound = (x) => (x == null || !Number.isFinite(x) ? '—' : String(+x.toPrecision(6)));

/** The bounds of a rule in the order proposeBands reports their reach: [{key, label, path}]. */
export function boundsOf(rule) {
  if (!rule) return [];
  if (rule.type === 'linear') return [{ key: 'to', j: -1 }, { key: 'from', j: -1 }];
  if (rule.type !== 'bands' || !Array.isArray(rule.bands)) return [];
  const out = [];
  rule.bands.forEach((b, j) => {
    if (b?.min != null) out.push({ key: 'min', j });
    else if (b?.max != null) out.push({ key: 'max', j });
  });
  return out;
}

function valueAt(rule, b) {
  if (!rule) return null;
  if (b.j < 0) return typeof rule[b.key] === 'number' ? rule[b.key] : null;
  const band = rule.bands?.[b.j];
  return typeof band?.[b.key] === 'number' ? band[b.key] : null;
}

/**
 * The panel for indicator `id`. options.onPutIntoModel(rule): writes the rule into the draft.
 * Returns {el, render}: render() again after the controller's 'bands' or 'whatif' events.
 */
export function createLearnPanel(app, id, { onPutIntoModel }) {
  const ctl = app.controller;
  const choice = choices.get(id) ?? { column: ctl.hasOutcome ? '' : null, values: '' };
  choices.set(id, choice);
  const el = h('div', { class: 'learn-panel', testid: `learn-panel-${id}`, dataset: { indicator: id } });

  function render() {
    const info = ctl.model?.info;
    const ind = info?.indicators.find((x) => x.id === id);
    if (!ind || !ctl.results) {
      replace(el, h('p', { class: 'muted', text: t('learn.needTable') }));
      return;
    }
    const header = ctl.table?.header ?? [];
    if (choice.column == null && !ctl.hasOutcome) choice.column = header[0] ?? '';
    const select = h('select', { id: `learn-healthy-${id}`, testid: 'learn-healthy', onchange: () => { choice.column = select.value; render(); } },
      ctl.hasOutcome ? h('option', { value: '', text: t('learn.byOutcome', { column: info.outcome.column }) }) : null,
      header.map((c) => h('option', { value: c, text: t('learn.byColumn', { column: c }) })));
    select.value = choice.column ?? '';
    const byColumn = !!choice.column;
    const values = byColumn ? h('input', { type: 'text', id: `learn-values-${id}`, testid: 'learn-values', value: choice.values, placeholder: t('learn.valuesPlaceholder'), autocomplete: 'off',
      oninput: () => { choice.values = values.value; } }) : null;
    const busy = ctl.proposing?.indicator === id;
    const propose = h('button', { type: 'button', class: 'small primary', testid: 'learn-propose', text: t('learn.propose'), disabled: !!ctl.proposing,
      onclick: () => run() });
    const reread = byColumn && !ctl.keepsColumn(choice.column)
      ? h('p', { class: 'hint', testid: 'learn-reread-note', text: t('learn.reread', { column: choice.column }) }) : null;
    const status = h('p', { class: 'muted learn-status', testid: 'learn-status', 'aria-live': 'polite', text: busy ? t('learn.busy') : lastError ? lastError : '' });
    if (lastError && !busy) status.classList.add('error-text');
    replace(el,
      h('h4', { text: t('learn.title') }),
      h('p', { class: 'hint', text: t(ind.rule?.type === 'linear' ? 'learn.hintLinear' : 'learn.hintBands') }),
      h('div', { class: 'learn-choice' },
        h('label', { for: select.id, text: t('learn.healthy') }), select,
        values ? h('label', { for: values.id, text: t('learn.values') }) : null, values,
        propose),
      reread, status, result(ind));
  }

  let lastError = '';
  async function run() {
    lastError = '';
    const healthy = choice.column ? { column: choice.column, values: choice.values.split(',').map((s) => s.trim()).filter(Boolean) } : {};
    if (choice.column && !healthy.values.length) {
      lastError = t('learn.needValues');
      render();
      return;
    }
    const r = await ctl.proposeBands(id, healthy);
    if (!r.ok && r.error) lastError = r.error.message;
    render();
  }

  function result(ind) {
    const b = ctl.bands;
    if (!b || b.indicator !== id) return null;
    const p = b.proposal;
    const current = ctl.ruleInForce(id);
    const bounds = boundsOf(p.rule);
    const rows = bounds.map((x, k) => {
      const reach = p.reach?.[k] ?? null;
      const now = valueAt(current, x);
      const next = valueAt(p.rule, x);
      const label = x.j < 0 ? t(`learn.linear.${x.key}`) : t(`learn.band.${x.key}`, { k: x.j + 1 });
      const moved = now == null || next == null ? '' : next > now ? 'raised' : next < now ? 'lowered' : '';
      return h('tr', { testid: `learn-bound-${k}`, dataset: { current: now ?? '', proposed: next ?? '', healthyShare: reach?.healthyShare ?? '', allShare: reach?.allShare ?? '' } },
        h('th', { scope: 'row', text: label }),
        h('td', { class: 'num', text: fmtBound(now), title: now == null ? '' : String(now) }),
        h('td', { class: ['num', 'proposed', moved], text: fmtBound(next), title: next == null ? '' : String(next) }),
        h('td', { class: 'num', text: reach ? fmtPct(reach.healthyShare) : '—', title: reach ? String(reach.healthyShare) : '' }),
        h('td', { class: 'num', text: reach ? fmtPct(reach.allShare) : '—', title: reach ? String(reach.allShare) : '' }));
    });
    const inForce = JSON.stringify(ctl.whatIfState().rules?.[id] ?? null) === JSON.stringify(p.rule);
    const who = b.healthy.column ? t('learn.whoColumn', { column: b.healthy.column, values: (b.healthy.values ?? []).join(', ') }) : t('learn.whoOutcome');
    return h('div', { class: 'learn-result', testid: 'learn-result', dataset: { indicator: id, rule: JSON.stringify(p.rule) } },
      h('p', { testid: 'learn-healthy-count', dataset: { healthy: p.healthy, withValue: p.healthyWithValue },
        text: t('learn.basis', { n: fmtInt(p.healthy), v: fmtInt(p.healthyWithValue), who }) }),
      h('div', { class: 'table-scroll' }, h('table', { class: 'data-table compact', testid: 'learn-bounds' },
        h('thead', null, h('tr', null, ...['learn.bound', 'learn.now', 'learn.proposed', 'learn.healthyReach', 'learn.allReach']
          .map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null, text: t(k), title: has(k) ? t(`${k}Help`) : null })))),
        h('tbody', null, rows))),
      p.notes?.length ? h('ul', { class: 'notes', testid: 'learn-notes' }, p.notes.map((n) => h('li', { text: n }))) : null,
      h('div', { class: 'button-row' },
        inForce
          ? h('button', { type: 'button', class: 'small', testid: 'learn-whatif-undo', text: t('learn.undoWhatIf'), onclick: () => ctl.setWhatIfRule(id, null) })
          : h('button', { type: 'button', class: 'small primary', testid: 'learn-whatif', text: t('learn.tryWhatIf'), onclick: () => ctl.setWhatIfRule(id, p.rule) }),
        h('button', { type: 'button', class: 'small', testid: 'learn-to-model', text: t('learn.toModel'), onclick: () => onPutIntoModel(p.rule) })),
      inForce ? h('p', { class: 'fit-applied', testid: 'learn-whatif-applied', text: t('learn.inForce', { name: ind.label || ind.id }) }) : null);
  }

  const has = (k) => k === 'learn.healthyReach' || k === 'learn.allReach';
  render();
  return { el, render };
}
