// The scores in force and what the views draw from them: the engine's results (score and
// segment replaced by each what-if frame's), the baseline (the model as loaded), the figures
// derived from both (counts, mean, histogram, from→to moves, dimension means) and summary().
import { countSegments, meanScore, histogramBySegment, dimensionMeans, deriveAll, valueBySegment, valueMoves } from '../lib/segments-diff.js';

export class Scores {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** engine results(); score/segment replaced by what-if scores between full refreshes */
    this.results = null;
    /** {score, segment, counts, mean, hist} of the model as loaded */
    this.baseline = null;
    /** {counts, mean, hist, moves, dims} */
    this.derived = null;
    /** engine summary() */
    this.summary = null;
    /** Bumps whenever the scores change (a read, a what-if frame). */
    this.version = 0;
    /** each customer's value (the model's value_column: Float64Array, NaN: none), or null */
    this.values = null;
  }

  /** No table scored (a new model without a table yet). */
  clear() {
    this.results = null;
    this.derived = null;
  }

  /** A table read: its results, and the baseline's scores (base; null: the results are the baseline). */
  showTable(results, base) {
    const n = this.store.segments.length;
    const b = base ?? { score: results.score, segment: results.segment };
    this.baseline = {
      score: b.score,
      segment: b.segment,
      counts: countSegments(b.segment, n),
      mean: meanScore(b.score),
      hist: histogramBySegment(b.score, b.segment, n),
      value: this.values ? valueBySegment(this.values, b.segment, n) : null,
    };
    this.results = results;
    this.summary = null;
    this.version++;
    this.derive(true);
  }

  /** A what-if frame's {score, segment} (drivers, alerts and dimensions wait for the full refresh). */
  showFrame(s) {
    this.version++;
    this.results = { ...this.results, score: s.score, segment: s.segment };
    this.derive(false);
  }

  /** The full results and summary once the sliders settle. */
  showFull(results, summary) {
    this.results = results;
    this.summary = summary;
    this.derive(true);
  }

  derive(withDims) {
    const n = this.store.segments.length;
    const r = this.results;
    const prevDims = this.derived?.dims;
    const v = this.values && this.values.length === r.score.length ? this.values : null;
    this.derived = {
      ...deriveAll(r.score, r.segment, this.baseline.segment, n),
      dims: withDims || !prevDims ? dimensionMeans(r.dimension, r.rows, this.store.model.info.dimensions.length) : prevDims,
      // With a value column: the value per segment and the value a what-if moved.
      value: v ? valueBySegment(v, r.segment, n) : null,
      valueMoves: v ? valueMoves(v, this.baseline.segment, r.segment, n) : null,
    };
  }
}
