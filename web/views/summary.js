// The segment summary: a traffic-light card per segment (count, share, change from the
// baseline during a what-if), the totals (customers, scored, mean, median, AUC) and the
// alert counts; a card or an alert filters the customer table.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtDelta, fmtPct, fmtValue, fmtValueDelta } from '../lib/format.js';
import { segmentColors, textOn } from '../lib/colors.js';
import { codeOf } from '../lib/segments-diff.js';
import { tiersOf, segmentTone, worstOrdinals } from '../lib/tiers.js';

export function createSummaryView(root, app) {
  const ctl = app.controller;
  const title = h('h2', { id: 'summary-title' });
  const totals = h('dl', { class: 'totals', testid: 'totals' });
  const cards = h('div', { class: 'segment-cards', testid: 'segment-counts', role: 'group' });
  const alertsTitle = h('h3');
  const alerts = h('div', { class: 'alert-counts', testid: 'alert-counts' });
  replace(root, h('div', { class: 'panel-head' }, title), totals, cards, alertsTitle, alerts);
  root.setAttribute('aria-labelledby', 'summary-title');

  function render() {
    title.textContent = t('summary.title');
    alertsTitle.textContent = t('summary.alerts');
    if (!ctl.derived) {
      replace(cards, h('p', { class: 'muted', text: t('summary.empty') }));
      replace(totals);
      replace(alerts);
      return;
    }
    const segs = ctl.segments;
    const n = segs.length;
    const colors = segmentColors(segs);
    const counts = ctl.derived.counts;
    const base = ctl.baseline.counts;
    const rows = ctl.results.rows;
    const whatIf = ctl.hasWhatIf();
    const filter = app.table?.filters.segments;
    const items = [];
    const tiers = tiersOf(segs);
    const { matrix, size } = ctl.derived.moves;
    const value = ctl.derived.value, baseValue = ctl.baseline.value;
    for (let o = 0; o < n + 2; o++) {
      const isExtra = o >= n;
      if (isExtra && counts[o] === 0 && base[o] === 0) continue;
      const seg = o < n ? segs[o] : { id: o === n ? 'none' : 'unscored', label: t(o === n ? 'segment.none' : 'segment.unscored') };
      const delta = counts[o] - base[o];
      const code = codeOf(o, n);
      // Good or bad by the segments' order (lib/tiers.js), never by the sign.
      const tone = delta ? segmentTone(o, matrix, size, tiers).tone : 'same';
      const card = h('button', {
        type: 'button', class: ['segment-card', filter?.has(code) && 'selected'],
        testid: `segment-count-${seg.id}`, dataset: { segment: seg.id, count: counts[o] },
        title: t('summary.filterBySegment', { label: seg.label }),
        'aria-pressed': filter?.has(code) ? 'true' : 'false',
        onclick: () => app.table?.toggleSegment(code),
      },
      h('span', { class: 'swatch', style: { background: colors[o], color: textOn(colors[o]) } }),
      h('span', { class: 'seg-label', text: seg.label }),
      h('span', { class: 'seg-count', text: fmtInt(counts[o]) }),
      h('span', { class: 'seg-share', text: fmtPct(rows ? counts[o] / rows : 0) }),
      whatIf ? h('span', { class: ['seg-delta', tone], testid: `segment-delta-${seg.id}`, dataset: { tone }, text: fmtDelta(delta) }) : null,
      value ? h('span', { class: 'seg-value', testid: `segment-value-${seg.id}`, dataset: { value: value[o] },
        title: t('value.cardTitle', { column: ctl.model.info.valueColumn }) },
      fmtValue(value[o]), whatIf && value[o] !== baseValue[o] ? h('span', { class: 'value-delta', text: ` (${fmtValueDelta(value[o] - baseValue[o])})` }) : null) : null);
      card.style.setProperty('--seg-color', colors[o]);
      items.push(card);
    }
    replace(cards, items);

    // The median, the AUC and the alert counts come from the engine's summary, which follows
    // the scores after a read ('updating' until then).
    const s = ctl.summary;
    const pending = ctl.isPending('summary');
    const mean = ctl.derived.mean;
    const dl = [
      [t('summary.customers'), fmtInt(rows), 'customers'],
      [t('summary.scored'), fmtInt(rows - counts[n + 1]), 'scored'],
      [t('summary.mean'), fmt2(mean) + (whatIf ? ` (${fmtDelta(mean - ctl.baseline.mean, 2)})` : ''), 'mean'],
      [t('summary.median'), pending ? '…' : s?.median == null ? '—' : fmt2(s.median), 'median', pending],
    ];
    if (ctl.hasOutcome) dl.push([t('summary.auc'), pending || !s ? '…' : s.outcome?.auc == null ? 'NA' : s.outcome.auc.toFixed(3), 'auc', pending || !s]);
    if (value) {
      // The value at risk: in the worst tier's segments (docs/MODEL.md, "Extensions").
      const worst = worstOrdinals(segs);
      const atRisk = worst.reduce((a, o) => a + value[o], 0), baseAtRisk = worst.reduce((a, o) => a + baseValue[o], 0);
      dl.push([t('value.atRisk', { column: ctl.model.info.valueColumn }),
        fmtValue(atRisk) + (whatIf && atRisk !== baseAtRisk ? ` (${fmtValueDelta(atRisk - baseAtRisk)})` : ''), 'value-at-risk', false]);
    }
    replace(totals, dl.map(([k, v, id, wait]) => h('div', { class: ['total', wait && 'pending', id === 'value-at-risk' && 'risk'], testid: `total-${id}`, dataset: { pending: wait ? 'true' : 'false' }, title: wait ? t('summary.updating') : null },
      h('dt', { text: k }), h('dd', { text: v }))));
    alerts.dataset.pending = pending ? 'true' : 'false';
    if (pending) {
      replace(alerts, h('p', { class: 'muted updating', text: t('summary.updating') }));
      return;
    }

    const alertFilter = app.table?.filters.alert ?? -1;
    replace(alerts, (s?.alerts ?? []).map((a, i) => h('button', {
      type: 'button', class: ['alert-chip', alertFilter === i && 'selected'], testid: `alert-count-${a.id}`,
      'aria-pressed': alertFilter === i ? 'true' : 'false',
      title: t('summary.filterByAlert', { label: a.label }),
      onclick: () => app.table?.setAlertFilter(alertFilter === i ? -1 : i),
    }, h('span', { text: a.label }), h('strong', { text: fmtInt(a.count) }))));
    if (!s?.alerts?.length) replace(alerts, h('p', { class: 'muted', text: t('summary.noAlerts') }));
  }

  for (const ev of ['table', 'scores', 'results', 'summary', 'model', 'filters']) ctl.addEventListener(ev, render);
  app.events.addEventListener('filters', render);
  onLangChange(render);
  render();
}
