// Dimension averages: the mean sub-score of each dimension over the customers where it counts.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtWeight } from '../lib/format.js';

export function createDimensionsView(root, app) {
  const ctl = app.controller;
  const title = h('h2', { id: 'dimensions-title' });
  const list = h('div', { class: 'dim-bars', testid: 'dimension-averages' });
  replace(root, h('div', { class: 'panel-head' }, title), list);
  root.setAttribute('aria-labelledby', 'dimensions-title');

  function render() {
    const dims = ctl.model?.info.dimensions ?? [];
    root.hidden = !ctl.derived;
    title.textContent = dims.length ? t('dims.title') : t('dims.titleNone');
    if (!ctl.derived) return;
    if (!dims.length) {
      replace(list, h('p', { class: 'muted', text: t('dims.none') }));
      return;
    }
    const means = ctl.derived.dims;
    replace(list, dims.map((d, k) => {
      const v = means[k];
      const bar = h('span', { class: 'bar-fill' });
      bar.style.width = `${Number.isFinite(v) ? Math.max(0, Math.min(100, v)) : 0}%`;
      return h('div', { class: 'dim-row', testid: `dimension-average-${d.id}`, dataset: { value: Number.isFinite(v) ? v : '' } },
        h('span', { class: 'dim-label', text: d.label, title: t('dims.weight', { w: fmtWeight(ctl.whatIfValue('dimension', d.id)) }) }),
        h('span', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Number.isFinite(v) ? v.toFixed(2) : 0, 'aria-label': d.label }, bar),
        h('span', { class: 'dim-value', text: fmt2(v) || '—' }));
    }));
  }
  for (const ev of ['table', 'results', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
}
