// The printable report (one or two A4 pages through the browser's "print to PDF"): the model,
// its weights (dimensions and indicators, what-if changes marked), the segment distribution,
// the validation figures (AUC, outcome rate and lift by score decile, each indicator's AUC)
// and the customers most at risk (lowest scores) with their drivers and recommended actions.
// Built into #report just before printing (the button, or the browser's own print command via
// `beforeprint`); style.css's @media print shows only it.
import { h, replace } from '../lib/dom.js';
import { t, getLang, onLangChange } from '../i18n/index.js';
import { fmt2, fmtInt, fmtPct, fmtAuc, fmtAucDelta, fmtWeight, fmtDelta } from '../lib/format.js';
import { orderByKey } from '../lib/sort.js';
import { segmentColors } from '../lib/colors.js';
import { ordinal } from '../lib/segments-diff.js';
import { aucReading } from './validate.js';

export const AT_RISK = 20;

export function createReportView(root, button, app) {
  const ctl = app.controller;
  button.addEventListener('click', () => print());
  window.addEventListener('beforeprint', () => build());

  async function print() {
    // Let a pending what-if finish so drivers and validation match the scores.
    for (let i = 0; i < 100 && ctl.busy(); i++) await new Promise((r) => setTimeout(r, 50));
    await ctl.refreshValidation();
    build();
    window.print();
  }

  function build() {
    if (!ctl.results || !ctl.model) { replace(root); return; }
    const info = ctl.model.info;
    const whatIf = ctl.hasWhatIf();
    const date = new Intl.DateTimeFormat(getLang() === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(new Date());
    replace(root,
      h('header', { class: 'report-head' },
        h('h1', { text: t('report.title', { name: info.name || '—' }) }),
        h('p', { class: 'report-meta', text: t('report.meta', { file: ctl.source?.name ?? '—', n: fmtInt(ctl.results.rows), date }) }),
        whatIf ? h('p', { class: 'report-whatif', text: t('report.whatIf') }) : null),
      h('div', { class: 'report-cols' }, weights(info), segments(info)),
      ctl.hasOutcome && ctl.validation ? validation(info) : null,
      atRisk(info),
      h('footer', { class: 'report-foot', text: t('report.foot') }));
    root.dataset.built = String(Date.now());
  }

  function section(key, ...children) {
    return h('section', { class: 'report-section', testid: `report-${key}` }, h('h2', { text: t(`report.${key}`) }), children);
  }

  function weights(info) {
    const rows = [];
    const mark = (kind, id) => {
      const cur = ctl.whatIfValue(kind, id), base = ctl.modelValue(kind, id);
      const changed = cur !== base;
      return [h('td', { class: 'num', text: fmtWeight(base) }), h('td', { class: ['num', changed && 'changed'], text: changed ? `${fmtWeight(cur)} ●` : fmtWeight(cur) })];
    };
    const indRow = (x, sub) => h('tr', { class: sub ? 'sub' : null }, h('td', { text: x.label || x.id }), ...mark('indicator', x.id));
    if (info.dimensions.length) {
      for (const d of info.dimensions) {
        rows.push(h('tr', { class: 'dim' }, h('td', null, h('strong', { text: d.label || d.id })), ...mark('dimension', d.id)));
        for (const x of info.indicators.filter((i) => i.dimension === d.id)) rows.push(indRow(x, true));
      }
    } else for (const x of info.indicators) rows.push(indRow(x, false));
    const bounds = Object.entries(ctl.whatIfState().bounds).map(([id, b]) => {
      const s = info.segments.find((x) => x.id === id);
      return h('li', { text: t('report.bounds', { seg: s?.label || id, min: b.min ?? '—', max: b.max ?? '—', min0: s?.min ?? '—', max0: s?.max ?? '—' }) });
    });
    return section('weights',
      h('table', { class: 'report-table weights' },
        h('thead', null, h('tr', null, h('th', { text: t('report.weightName') }), h('th', { class: 'num', text: t('report.modelWeight') }), h('th', { class: 'num', text: t('report.usedWeight') }))),
        h('tbody', null, rows)),
      ctl.hasWhatIf() ? h('p', { class: 'report-note', text: t('report.changedMark') }) : null,
      bounds.length ? h('ul', { class: 'report-bounds' }, bounds) : null);
  }

  function segments(info) {
    const segs = info.segments;
    const n = segs.length;
    const counts = ctl.derived.counts, base = ctl.baseline.counts;
    const rows = ctl.results.rows;
    const colors = segmentColors(segs);
    const whatIf = ctl.hasWhatIf();
    const rates = new Map((ctl.validation?.segments ?? []).map((s) => [s.id, s]));
    const list = [];
    for (let o = 0; o < n + 2; o++) {
      if (o >= n && !counts[o] && !base[o]) continue;
      const seg = o < n ? segs[o] : null;
      const id = seg ? seg.id : o === n ? 'none' : 'unscored';
      const sw = h('span', { class: 'legend-swatch' });
      sw.style.background = colors[o];
      const rate = rates.get(id);
      list.push(h('tr', null,
        h('td', null, sw, seg ? seg.label || seg.id : t(o === n ? 'segment.none' : 'segment.unscored')),
        h('td', { class: 'num', text: fmtInt(counts[o]) }),
        h('td', { class: 'num', text: fmtPct(rows ? counts[o] / rows : 0) }),
        whatIf ? h('td', { class: 'num', text: fmtDelta(counts[o] - base[o]) }) : null,
        ctl.hasOutcome ? h('td', { class: 'num', text: rate?.rate == null ? '' : fmtPct(rate.rate) }) : null));
    }
    return section('segments',
      h('p', { class: 'report-note', text: t('report.meanMedian', { mean: fmt2(ctl.derived.mean), median: ctl.summary?.median == null ? '—' : fmt2(ctl.summary.median) }) }),
      h('table', { class: 'report-table' },
        h('thead', null, h('tr', null, h('th', { text: t('report.segment') }), h('th', { class: 'num', text: t('report.customers') }), h('th', { class: 'num', text: t('report.share') }),
          whatIf ? h('th', { class: 'num', text: t('report.vsBaseline') }) : null,
          ctl.hasOutcome ? h('th', { class: 'num', text: t('report.churnRate') }) : null)),
        h('tbody', null, list)));
  }

  function validation(info) {
    const v = ctl.validation;
    const base = ctl.baseValidation;
    const overall = v.positive + v.negative ? v.positive / (v.positive + v.negative) : 0;
    const maxRate = Math.max(overall, ...v.deciles.map((d) => d.rate), 0.0001);
    const deciles = v.deciles.map((d) => {
      const bar = h('span', { class: 'report-bar-fill' });
      bar.style.width = `${(d.rate / maxRate) * 100}%`;
      return h('tr', null, h('td', { text: String(d.decile) }), h('td', { text: `${fmt2(d.minScore)} – ${fmt2(d.maxScore)}` }),
        h('td', { class: 'num', text: fmtInt(d.customers) }), h('td', { class: 'num', text: fmtPct(d.rate) }), h('td', { class: 'num', text: fmt2(d.lift) }),
        h('td', { class: 'bar-cell' }, h('span', { class: 'report-bar' }, bar)));
    });
    const byId = new Map(info.indicators.map((x) => [x.id, x]));
    const inds = v.indicators.slice().sort((a, b) => (b.auc ?? -1) - (a.auc ?? -1)).map((x) => h('tr', null,
      h('td', { text: byId.get(x.id)?.label || x.id }), h('td', { class: 'num', text: fmtAuc(x.auc) }), h('td', { class: 'num', text: fmtPct(x.missingRate) }),
      h('td', { text: t(`report.reading.${aucReading(x.auc)}`) })));
    return section('validation',
      ctl.validationStale ? h('p', { class: 'report-note', text: t('report.stale') }) : null,
      h('p', { class: 'report-auc' },
        h('strong', { text: `AUC ${fmtAuc(v.auc)}` }),
        ctl.hasWhatIf() && base ? h('span', { text: ` ${t('report.aucBaseline', { auc: fmtAuc(base.auc), delta: fmtAucDelta(v.auc - base.auc) })}` }) : null,
        h('span', { text: ` — ${t(`validate.reading.${aucReading(v.auc)}`)}` }),
        h('span', { class: 'report-note', text: ` ${t('validate.counts', { pos: fmtInt(v.positive), neg: fmtInt(v.negative), ex: fmtInt(v.excluded) })}` })),
      h('div', { class: 'report-cols' },
        h('div', null, h('h3', { text: t('report.lift', { rate: fmtPct(overall) }) }),
          h('table', { class: 'report-table compact' },
            h('thead', null, h('tr', null, h('th', { text: t('validate.decile') }), h('th', { text: t('validate.scoreRange') }), h('th', { class: 'num', text: t('validate.customers') }),
              h('th', { class: 'num', text: t('validate.rate') }), h('th', { class: 'num', text: t('validate.liftCol') }), h('th'))),
            h('tbody', null, deciles))),
        h('div', null, h('h3', { text: t('validate.indicators') }),
          h('table', { class: 'report-table compact' },
            h('thead', null, h('tr', null, h('th', { text: t('validate.indicator') }), h('th', { class: 'num', text: 'AUC' }), h('th', { class: 'num', text: t('validate.missingRate') }), h('th', { text: t('validate.readingCol') }))),
            h('tbody', null, inds)))));
  }

  function atRisk(info) {
    const res = ctl.results;
    const n = info.segments.length;
    const order = orderByKey(res.score, false);
    const list = [];
    const alertsSeen = new Set();
    const actionFirst = new Map(); // segment action → the rank of the first row showing it
    for (let i = 0; i < order.length && list.length < AT_RISK; i++) {
      const r = order[i];
      if (!(res.score[r] === res.score[r])) break;
      const o = ordinal(res.segment[r], n);
      const seg = o < n ? info.segments[o] : null;
      const drivers = [];
      for (let j = 0; j < 3; j++) {
        const k = res.drivers[r * 3 + j];
        if (k < 0) break;
        drivers.push(info.indicators[k]?.label || info.indicators[k]?.id);
      }
      const alerts = [];
      info.alerts.forEach((a, k) => {
        if ((res.alerts[r * res.alertStride + (k >>> 5)] >>> (k & 31)) & 1) {
          alerts.push(`A${k + 1}`); // numbered: the legend below the table names them with their actions
          alertsSeen.add(k);
        }
      });
      const label = ctl.label(r);
      const firstWith = seg?.action ? actionFirst.get(seg.action) : undefined;
      if (seg?.action && firstWith === undefined) actionFirst.set(seg.action, list.length + 1);
      list.push(h('tr', { testid: 'report-risk-row', dataset: { row: r } },
        h('td', { class: 'num', text: String(list.length + 1) }),
        h('td', null, h('strong', { text: label || ctl.id(r) }), label ? h('div', { class: 'report-id', text: ctl.id(r) }) : null),
        h('td', { class: 'num', text: fmt2(res.score[r]) }),
        h('td', { text: seg ? seg.label || seg.id : t(o === n ? 'segment.none' : 'segment.unscored') }),
        h('td', { text: drivers.join(' · ') }),
        h('td', { class: 'action' }, seg?.action ? h('div', { text: firstWith === undefined ? seg.action : t('report.sameAction', { k: firstWith }) }) : null,
          alerts.length ? h('div', { class: 'report-alerts', text: `${t('report.alerts')}: ${alerts.join(' ')}` }) : null)));
    }
    // The alerts' actions once, below the table (the rows name the alerts).
    const legend = [...alertsSeen].sort((a, b) => a - b).map((k) => {
      const a = info.alerts[k];
      return h('li', null, h('strong', { text: `A${k + 1} ${a.label || a.id}` }), a.action ? ` → ${a.action}` : null);
    });
    return section('atRisk',
      h('table', { class: 'report-table risk' },
        h('colgroup', null, ['n', 'cust', 'score', 'seg', 'drv', 'act'].map((c) => h('col', { class: `c-${c}` }))),
        h('thead', null, h('tr', null, h('th', { class: 'num', text: '#' }), h('th', { text: t('report.customer') }), h('th', { class: 'num', text: t('table.score') }),
          h('th', { text: t('report.segment') }), h('th', { text: t('report.drivers') }), h('th', { text: t('report.actions') }))),
        h('tbody', null, list)),
      legend.length ? h('div', { class: 'report-alert-actions' }, h('h3', { text: t('report.alertActions') }), h('ul', null, legend)) : null);
  }

  function render() {
    button.textContent = t('report.print');
    button.title = t('report.printTitle');
    button.disabled = !ctl.results;
  }
  for (const ev of ['table', 'model']) ctl.addEventListener(ev, render);
  onLangChange(render);
  render();
  return { build, print };
}
