// Segment statistics over the engine's typed arrays, for the what-if hot path (no per-customer
// objects). Segment codes are the engine's: 0..n-1 model segments, -1 none, -2 unscored; an
// "ordinal" maps them to 0..n+1 (none = n, unscored = n+1) for array indexing.

export const NONE = -1;
export const UNSCORED = -2;

export const ordinal = (code, n) => (code >= 0 ? code : code === NONE ? n : n + 1);
export const codeOf = (ord, n) => (ord < n ? ord : ord === n ? NONE : UNSCORED);

/** Customers per segment ordinal: Uint32Array(n + 2). */
export function countSegments(segment, n) {
  const counts = new Uint32Array(n + 2);
  for (let r = 0; r < segment.length; r++) {
    const c = segment[r];
    counts[c >= 0 ? c : c === NONE ? n : n + 1]++;
  }
  return counts;
}

/** Mean score over scored customers (NaN when none). */
export function meanScore(score) {
  let sum = 0, k = 0;
  for (let r = 0; r < score.length; r++) {
    const s = score[r];
    if (s === s) { sum += s; k++; }
  }
  return k ? sum / k : NaN;
}

export const BINS = 20;
/** Histogram bin of a score: [0,5) … [90,95), [95,100]. */
export const binOf = (s) => (s >= 100 ? BINS - 1 : s < 0 ? 0 : Math.floor(s / 5));

/** Counts per bin and segment ordinal: Uint32Array(BINS × (n + 2)), bin-major. */
export function histogramBySegment(score, segment, n) {
  const w = n + 2;
  const h = new Uint32Array(BINS * w);
  for (let r = 0; r < score.length; r++) {
    const s = score[r];
    if (s !== s) continue;
    const c = segment[r];
    h[binOf(s) * w + (c >= 0 ? c : c === NONE ? n : n + 1)]++;
  }
  return h;
}

/** Totals per bin from a histogramBySegment. */
export function binTotals(h, n) {
  const w = n + 2;
  const out = new Uint32Array(BINS);
  for (let b = 0; b < BINS; b++) for (let o = 0; o < w; o++) out[b] += h[b * w + o];
  return out;
}

/**
 * The from→to matrix: Uint32Array((n+2)²), from-major, from = baseline ordinal, to = current.
 * Also the number of customers that changed segment.
 */
export function moveMatrix(baseline, current, n) {
  const w = n + 2;
  const m = new Uint32Array(w * w);
  let moved = 0;
  const len = Math.min(baseline.length, current.length);
  for (let r = 0; r < len; r++) {
    const a = baseline[r], b = current[r];
    m[(a >= 0 ? a : a === NONE ? n : n + 1) * w + (b >= 0 ? b : b === NONE ? n : n + 1)]++;
    if (a !== b) moved++;
  }
  return { matrix: m, moved, size: w };
}

/** Mean of each dimension over the customers where it counts: Float64Array(d). */
export function dimensionMeans(dimension, rows, d) {
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let sum = 0, c = 0;
    const base = k * rows;
    for (let r = 0; r < rows; r++) {
      const v = dimension[base + r];
      if (v === v) { sum += v; c++; }
    }
    out[k] = c ? sum / c : NaN;
  }
  return out;
}

/**
 * Everything a what-if frame shows, in one pass over the customers (no per-customer objects):
 * {counts, mean, hist, moves} as countSegments, meanScore, histogramBySegment and moveMatrix
 * give them. The pass only fills the histogram and the from→to matrix (two increments per
 * customer); the counts and the number moved are read off them afterwards.
 */
export function deriveAll(score, segment, baseline, n) {
  const w = n + 2;
  const hist = new Uint32Array(BINS * w);
  const m = new Uint32Array(w * w);
  const unscoredBy = new Uint32Array(w); // customers without a score, by current ordinal
  let sum = 0, k = 0;
  const len = Math.min(score.length, segment.length);
  const base = baseline && baseline.length >= len ? baseline : segment;
  for (let r = 0; r < len; r++) {
    const c = segment[r];
    const o = c >= 0 ? c : n - 1 - c; // -1 → n (none), -2 → n + 1 (unscored)
    const a = base[r];
    m[(a >= 0 ? a : n - 1 - a) * w + o]++;
    const s = score[r];
    if (s === s) {
      sum += s;
      k++;
      hist[(s >= 100 ? BINS - 1 : s < 0 ? 0 : (s / 5) | 0) * w + o]++;
    } else unscoredBy[o]++;
  }
  const counts = new Uint32Array(w);
  let moved = len;
  for (let o = 0; o < w; o++) {
    let c = unscoredBy[o];
    for (let b = 0; b < BINS; b++) c += hist[b * w + o];
    counts[o] = c;
    moved -= m[o * w + o];
  }
  return { counts, mean: k ? sum / k : NaN, hist, moves: { matrix: m, moved, size: w } };
}

/**
 * Each segment ordinal's value (the model's value_column; NaN values add nothing), summed in
 * row order like the engine's summary: Float64Array(n + 2).
 */
export function valueBySegment(values, segment, n) {
  const out = new Float64Array(n + 2);
  const len = Math.min(values.length, segment.length);
  for (let r = 0; r < len; r++) {
    const v = values[r];
    if (v !== v) continue;
    const c = segment[r];
    out[c >= 0 ? c : n - 1 - c] += v;
  }
  return out;
}

/** The value behind the from→to matrix: Float64Array((n+2)²), from-major, and the value moved. */
export function valueMoves(values, baseline, current, n) {
  const w = n + 2;
  const m = new Float64Array(w * w);
  let moved = 0;
  const len = Math.min(values.length, baseline.length, current.length);
  for (let r = 0; r < len; r++) {
    const v = values[r];
    if (v !== v) continue;
    const a = baseline[r], b = current[r];
    m[(a >= 0 ? a : n - 1 - a) * w + (b >= 0 ? b : n - 1 - b)] += v;
    if (a !== b) moved += v;
  }
  return { matrix: m, moved, size: w };
}
