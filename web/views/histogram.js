// The score histogram: 20 bins [0,5) … [95,100], each bar stacked by segment in the segments'
// colours (uPlot), with the baseline's totals as a step line while a what-if is in force.
import uPlot from '../vendor/uPlot.esm.js';
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { fmtInt } from '../lib/format.js';
import { BINS, binTotals } from '../lib/segments-diff.js';
import { segmentColors } from '../lib/colors.js';

// Taller in workshop mode (views/workshop.js): the box's width changes then, and the
// ResizeObserver below picks the new height up.
const workshop = () => document.body.classList.contains('workshop');
// In workshop mode the plot fills its box (style.css gives the box the panel's height).
let box = null;
const plotHeight = () => (workshop() ? Math.max(110, (box?.clientHeight ?? 300) - 4) : 220);
// Large type on the projector (workshop mode): the axes' font and room for it.
const axisFont = () => (workshop() ? '600 17px system-ui, sans-serif' : '12px system-ui, sans-serif');

export function createHistogramView(root, app) {
  const ctl = app.controller;
  const title = h('h2', { id: 'histogram-title' });
  const readout = h('p', { class: 'readout', testid: 'histogram-readout', 'aria-live': 'polite' });
  const plotBox = h('div', { class: 'plot', testid: 'histogram', role: 'img' });
  box = plotBox;
  const legend = h('div', { class: 'legend' });
  replace(root, h('div', { class: 'panel-head' }, title), plotBox, readout, legend);
  root.setAttribute('aria-labelledby', 'histogram-title');
  let plot = null;
  let shape = ''; // segments + language the plot was built for
  let size = ''; // the size last given to the plot
  const xs = Array.from({ length: BINS }, (_, b) => b * 5 + 2.5);

  function seriesData() {
    const n = ctl.segments.length;
    const w = n + 2;
    const hist = ctl.derived.hist;
    // Stacks from the top: series k holds the counts of ordinals k..w-1, drawn in order so each
    // later (shorter) bar covers the part of the previous one that is not its own segment.
    const series = [];
    for (let k = 0; k < w; k++) {
      const ys = new Array(BINS);
      for (let b = 0; b < BINS; b++) {
        let s = 0;
        for (let o = k; o < w; o++) s += hist[b * w + o];
        ys[b] = s;
      }
      series.push(ys);
    }
    const base = binTotals(ctl.baseline.hist, n);
    return [xs, ...series, Array.from(base)];
  }

  function build() {
    const segs = ctl.segments;
    const colors = segmentColors(segs);
    const labels = [...segs.map((s) => s.label), t('segment.none'), t('segment.unscored')];
    const bars = uPlot.paths.bars({ size: [0.92, 64], align: 0 });
    const width = Math.max(280, plotBox.clientWidth || 480);
    const opts = {
      width,
      height: plotHeight(),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: false, range: [0, 100] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.08)] } },
      axes: [
        { splits: () => [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], values: (u, v) => v.map(String), stroke: '#5b6570', grid: { stroke: '#eef1f4' }, font: axisFont(), size: workshop() ? 40 : 30 },
        { stroke: '#5b6570', grid: { stroke: '#eef1f4' }, size: workshop() ? 64 : 50, font: axisFont(), values: (u, v) => v.map((x) => fmtInt(x)) },
      ],
      series: [
        { label: t('histogram.score') },
        ...labels.map((label, o) => ({ label, fill: colors[o], stroke: colors[o], width: 0, paths: bars, points: { show: false } })),
        { label: t('histogram.baseline'), stroke: '#1d2329', width: 1.5, dash: [4, 3], paths: uPlot.paths.stepped({ align: 0 }), points: { show: false } },
      ],
      hooks: { setCursor: [(u) => showBin(u.cursor.idx)] },
    };
    plot?.destroy(); // its window listeners go with it
    plotBox.replaceChildren();
    plot = new uPlot(opts, seriesData(), plotBox);
    size = '';
    shape = `${segs.map((s) => s.id).join()}|${colors.join()}|${labels.join()}|${workshop()}`;
    replace(legend, labels.map((l, o) => (o < segs.length || hasCount(o) ? h('span', { class: 'legend-item' }, swatch(colors[o]), l) : null)),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-dash' }), t('histogram.baseline')));
  }

  function hasCount(o) {
    const n = ctl.segments.length;
    const w = n + 2;
    for (let b = 0; b < BINS; b++) if (ctl.derived.hist[b * w + o]) return true;
    return false;
  }

  function swatch(color) {
    const s = h('span', { class: 'legend-swatch' });
    s.style.background = color;
    return s;
  }

  function showBin(idx) {
    if (idx == null || !ctl.derived) {
      readout.textContent = t('histogram.hint');
      return;
    }
    const n = ctl.segments.length;
    const w = n + 2;
    let total = 0;
    const parts = [];
    for (let o = 0; o < w; o++) {
      const c = ctl.derived.hist[idx * w + o];
      total += c;
      if (c) parts.push(`${o < n ? ctl.segments[o].label : t(o === n ? 'segment.none' : 'segment.unscored')} ${fmtInt(c)}`);
    }
    const range = idx === BINS - 1 ? `[95, 100]` : `[${idx * 5}, ${idx * 5 + 5})`;
    readout.textContent = `${range}: ${t('histogram.customers', { n: fmtInt(total) })}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
  }

  function update() {
    title.textContent = t('histogram.title');
    if (!ctl.derived) return;
    const segs = ctl.segments;
    const colors = segmentColors(segs);
    const labels = [...segs.map((s) => s.label), t('segment.none'), t('segment.unscored')];
    const key = `${segs.map((s) => s.id).join()}|${colors.join()}|${labels.join()}|${workshop()}`;
    if (!plot || key !== shape) build();
    else plot.setData(seriesData());
    plot.setSeries(plot.series.length - 1, { show: ctl.hasWhatIf() });
    const totals = binTotals(ctl.derived.hist, segs.length);
    plotBox.dataset.bins = Array.from(totals).join(',');
    plotBox.setAttribute('aria-label', t('histogram.aria', { bins: Array.from(totals).map((c, b) => `${b * 5}–${b * 5 + 5}: ${c}`).join('; ') }));
    showBin(null);
  }

  const resize = () => {
    if (!plot || !plotBox.clientWidth) return;
    const next = `${plotBox.clientWidth}x${plotHeight()}`;
    if (next === size) return; // no loop: the box's size does not follow the canvas in workshop mode
    size = next;
    plot.setSize({ width: plotBox.clientWidth, height: plotHeight() });
  };
  new ResizeObserver(resize).observe(plotBox);
  app.events.addEventListener('workshop', () => requestAnimationFrame(() => { update(); resize(); }));
  for (const ev of ['table', 'scores', 'results', 'whatif']) ctl.addEventListener(ev, update);
  onLangChange(() => { shape = ''; update(); });
  update();
}
