// The what-if state: the values the sliders, rules and scenarios put in force (only those that
// differ from the model), what the engine has, and the one diff between them; the hot path
// (changes made in one task go in one request, sent at once when none is in flight, at most one
// in flight) and the full refresh once the sliders settle.
import { countSegments, meanScore, moveMatrix } from '../lib/segments-diff.js';

const REFRESH_DELAY_MS = 250; // full results (drivers, alerts, dimensions) after sliders settle

/**
 * @typedef {{indicators: Object<string, number>, dimensions: Object<string, number>,
 *   bounds: Object<string, {min: number|null, max: number|null}>, rules: Object<string, any>}} WhatIfState
 */

/** @returns {WhatIfState} */
export const emptyWhatIf = () => ({ indicators: {}, dimensions: {}, bounds: {}, rules: {} });
export const clone = (x) => JSON.parse(JSON.stringify(x));
const hasChanges = (s) => !!(Object.keys(s.indicators).length || Object.keys(s.dimensions).length || Object.keys(s.bounds).length || Object.keys(s.rules ?? {}).length);
const sameRule = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// The engine calls that make a delta (from #delta) in force, from the model as loaded when
// `reset`. Rules first (a new rule can change a default weight), then the weights, then every
// bound in one call (one re-segmentation, however many bounds move).
function engineCalls(delta, reset = false) {
  const calls = [];
  if (reset) calls.push(['resetWhatIf']);
  for (const [id, rule] of Object.entries(delta.rules ?? {})) calls.push(['setRule', id, rule]);
  const { indicators, dimensions } = delta;
  if (Object.keys(indicators).length || Object.keys(dimensions).length) calls.push(['setWeights', { indicators, dimensions }]);
  const bounds = {};
  for (const [seg, b] of Object.entries(delta.bounds)) bounds[seg] = { min: b.min ?? null, max: b.max ?? null };
  if (Object.keys(bounds).length) calls.push(['setSegmentBounds', bounds]);
  return calls;
}

// A rule's most points P (spec, "Rules: a value gives points").
function maxPoints(rule) {
  switch (rule.type) {
    case 'bands': return Math.max(0, ...rule.bands.map((b) => b.points));
    case 'category': return Math.max(rule.else ?? 0, ...Object.values(rule.map ?? {}));
    default: return rule.points ?? 100;
  }
}

export class WhatIf {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** what the sliders say (only values that differ from the model) */
    this.desired = emptyWhatIf();
    /** what the scores shown were computed with */
    this.sent = emptyWhatIf();
    /** what the engine has once every request posted so far is done */
    this.posted = emptyWhatIf();
    this.inFlight = false; // a frame's request is waiting for its answer
    this.dirty = false; // changes came while a frame was in flight or a table was read
    this.frame = false; // a flush is queued (microtask)
    /** @type {{cancel: () => void}|null} the full refresh, armed once the sliders settle */
    this.refreshTimer = null;
    this.refreshSkipped = false; // the refresh came during a read: armed again after it
  }

  get #model() {
    return this.store.model;
  }

  // ---- the values ---------------------------------------------------------------------------

  /** kind: 'indicator' | 'dimension' | 'min' | 'max' (segment bounds; value null = none). */
  set(kind, id, value) {
    const d = this.desired;
    if (kind === 'indicator' || kind === 'dimension') {
      const map = kind === 'indicator' ? d.indicators : d.dimensions;
      if (value === this.modelWeight(kind, id)) delete map[id];
      else map[id] = value;
    } else {
      const seg = this.store.segments.find((s) => s.id === id);
      const b = { ...(d.bounds[id] ?? { min: seg.min, max: seg.max }) };
      b[kind] = value;
      if (b.min === seg.min && b.max === seg.max) delete d.bounds[id];
      else d.bounds[id] = b;
    }
    this.store.emit('whatif', { kind, id });
    this.#schedule();
  }

  /** An indicator's rule as a what-if; null (or the model's rule) puts the model's rule back. */
  setRule(id, rule) {
    const ind = this.#model?.info.indicators.find((x) => x.id === id);
    if (!ind) return;
    if (!rule || sameRule(rule, ind.rule)) delete this.desired.rules[id];
    else this.desired.rules[id] = clone(rule);
    this.store.emit('whatif', { kind: 'rule', id });
    this.#schedule();
  }

  /** The rule in force for an indicator (what-if, else the model's). */
  ruleInForce(id) {
    return this.desired.rules[id] ?? this.#model?.info.indicators.find((x) => x.id === id)?.rule ?? null;
  }

  /** Puts a whole what-if state in force (a scenario, or {} for the baseline). */
  setState(state) {
    this.desired = this.valid(state);
    this.store.emit('whatif', {});
    this.#schedule();
  }

  /** The value in force for a slider (desired state, else the model's). */
  value(kind, id) {
    if (kind === 'indicator' || kind === 'dimension') {
      const map = kind === 'indicator' ? this.desired.indicators : this.desired.dimensions;
      return id in map ? map[id] : this.modelWeight(kind, id);
    }
    const b = this.desired.bounds[id];
    if (b) return b[kind];
    return this.store.segments.find((s) => s.id === id)?.[kind] ?? null;
  }

  modelValue(kind, id) {
    if (kind === 'indicator' || kind === 'dimension') return this.modelWeight(kind, id);
    return this.store.segments.find((s) => s.id === id)?.[kind] ?? null;
  }

  /** Whether any what-if value is in force. */
  changed() {
    return hasChanges(this.desired);
  }

  /** The current what-if state (a copy: {indicators, dimensions, bounds, rules}). */
  state() {
    return clone(this.desired);
  }

  // The weight in force without a weight what-if: the model's, except that an indicator whose
  // weight the model leaves to default follows its rule what-if (the weight is then the new
  // rule's most points P, as the engine computes it).
  modelWeight(kind, id) {
    const info = this.#model.info;
    const list = kind === 'indicator' ? info.indicators : info.dimensions;
    const rule = kind === 'indicator' ? this.desired.rules?.[id] : null;
    if (rule) {
      const written = this.#model.obj.indicators?.find((x) => x.id === id);
      if (written && written.weight === undefined) return maxPoints(rule);
    }
    return list.find((x) => x.id === id)?.weight;
  }

  /** How many of a what-if state's changes the current model cannot take (other ids, bad values). */
  dropped(state) {
    const count = (x) => ['indicators', 'dimensions', 'bounds', 'rules'].reduce((n, k) => n + Object.keys(x?.[k] ?? {}).length, 0);
    return Math.max(0, count(state) - count(this.valid(state)));
  }

  /** Keeps only the ids the current model has and the values the engine accepts (a scenario saved for another model). */
  valid(state) {
    const out = emptyWhatIf();
    if (!this.#model) return out;
    const info = this.#model.info;
    // Weights finite and not negative, bounds null or within 0-100 (what the engine accepts).
    const weight = (w) => typeof w === 'number' && Number.isFinite(w) && w >= 0;
    const bound = (v) => v == null || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100);
    for (const [id, w] of Object.entries(state?.indicators ?? {})) if (info.indicators.some((x) => x.id === id) && weight(w)) out.indicators[id] = w;
    for (const [id, w] of Object.entries(state?.dimensions ?? {})) if (info.dimensions.some((x) => x.id === id) && weight(w)) out.dimensions[id] = w;
    for (const [id, b] of Object.entries(state?.bounds ?? {})) if (info.segments.some((x) => x.id === id) && b && typeof b === 'object' && bound(b.min) && bound(b.max)) out.bounds[id] = { min: b.min ?? null, max: b.max ?? null };
    for (const [id, rule] of Object.entries(state?.rules ?? {})) {
      const ind = info.indicators.find((x) => x.id === id);
      if (ind && rule && typeof rule === 'object' && !sameRule(rule, ind.rule)) out.rules[id] = clone(rule);
    }
    return out;
  }

  // The one diff: the changes that take the engine from state `from` to state `to`.
  #delta(from, to) {
    const info = this.#model.info;
    const out = emptyWhatIf();
    for (const x of info.indicators) {
      const a = from.indicators[x.id] ?? x.weight, b = to.indicators[x.id] ?? x.weight;
      if (a !== b) out.indicators[x.id] = b;
    }
    for (const x of info.dimensions) {
      const a = from.dimensions[x.id] ?? x.weight, b = to.dimensions[x.id] ?? x.weight;
      if (a !== b) out.dimensions[x.id] = b;
    }
    for (const s of info.segments) {
      const a = from.bounds[s.id] ?? { min: s.min, max: s.max };
      const b = to.bounds[s.id] ?? { min: s.min, max: s.max };
      if (a.min !== b.min || a.max !== b.max) out.bounds[s.id] = { min: b.min, max: b.max };
    }
    for (const x of info.indicators) {
      const a = from.rules?.[x.id] ?? x.rule, b = to.rules?.[x.id] ?? x.rule;
      if (!sameRule(a, b)) out.rules[x.id] = b;
    }
    return out;
  }

  // ---- what the engine has ------------------------------------------------------------------

  // Posts the calls that put `target` in force (from the model as loaded when `reset`, else from
  // what the engine has) followed by `reads`; resolves the reads' results.
  #post(target, reset, reads = []) {
    const calls = engineCalls(this.#delta(reset ? emptyWhatIf() : this.posted, target), reset);
    this.posted = clone(target);
    if (!calls.length && !reads.length) return Promise.resolve([]);
    return this.store.client.batch([...calls, ...reads]).then((r) => r.slice(calls.length));
  }

  /** A new model is in the engine (or the model was put back): no what-if values. */
  clear() {
    this.desired = emptyWhatIf();
    this.sent = emptyWhatIf();
    this.posted = emptyWhatIf();
  }

  /** The engine has the model as loaded again (setModel): it holds no what-if values. */
  engineReset() {
    this.posted = emptyWhatIf();
  }

  /** After the model and table were put back (a failed load): the values of the scores shown. */
  restoreEngine() {
    return this.#post(this.sent, true);
  }

  /**
   * A table was read (the engine keeps its what-if values for it): the baseline's scores first,
   * then the valid desired values in force. → {desired, withWhatIf, base: Promise<{score,
   * segment}>|null (null: the results are the baseline's)}.
   */
  forNewTable() {
    const desired = this.valid(this.desired);
    const withWhatIf = hasChanges(this.#delta(emptyWhatIf(), desired));
    const engineWhatIf = hasChanges(this.#delta(emptyWhatIf(), this.sent));
    let base = null;
    if (withWhatIf || engineWhatIf) {
      this.posted = emptyWhatIf();
      base = this.store.client.batch([['resetWhatIf'], ['scores']]).then((r) => r[1]);
    }
    if (withWhatIf) this.#post(desired, false).catch(() => {});
    this.posted = clone(desired);
    return { desired, withWhatIf, base };
  }

  /** The new table's scores are shown, computed with `desired` (sliders moved since keep their values). */
  shownNewTable(desired) {
    this.desired = this.valid(this.desired);
    this.sent = clone(desired);
  }

  /**
   * Reads `reads` (engine calls) with `state` (from the model as loaded) in force, then puts
   * back what the engine has: two requests posted together (nothing comes between them in the
   * worker), the second also when `state` is refused.
   */
  at(state, reads) {
    const engine = this.posted;
    const p = this.#post(state, true, reads);
    this.#post(engine, true).catch(() => {});
    return p;
  }

  /** Scores and statistics of a what-if state without leaving it in force. */
  async evaluate(state) {
    // After any read in progress: a model it sets resets the engine's values, and what the
    // engine has is known again once the read is over.
    const { loading } = this.store;
    while (loading.loading) await loading.loadChain;
    const valid = this.valid(state);
    const outcome = this.store.hasOutcome;
    const [s, auc] = await this.at(valid, outcome ? [['scores'], ['auc']] : [['scores']]);
    const n = this.store.segments.length;
    const baseline = this.store.scores.baseline;
    return {
      state: valid,
      auc: auc ?? null,
      counts: countSegments(s.segment, n),
      mean: meanScore(s.score),
      moves: moveMatrix(baseline.segment, s.segment, n),
      score: s.score,
      segment: s.segment,
    };
  }

  // ---- the hot path -------------------------------------------------------------------------

  /** Whether a what-if change is not scored yet or the full refresh is still to come. */
  get unsettled() {
    return this.inFlight || this.frame || this.dirty || !!this.refreshTimer;
  }

  /** A read is over: what the sliders did meanwhile, and the full refresh skipped meanwhile when no new table brought fresh results. */
  afterLoad(scored) {
    const { scores } = this.store;
    if (scores.results && this.#model && (this.dirty || hasChanges(this.#delta(this.sent, this.desired)))) {
      this.dirty = false;
      this.#schedule();
    } else this.dirty = false;
    if (this.refreshSkipped) {
      this.refreshSkipped = false;
      if (!scored && scores.results) this.#scheduleRefresh();
    }
  }

  // Changes made in one task (a linked threshold moves several bounds) go in one request, sent
  // at once when none is in flight (no wait for the next frame); while one is, the latest
  // state follows its answer.
  #schedule() {
    if (this.frame || !this.store.scores.results) return;
    this.frame = true;
    this.store.track(new Promise((resolve) => {
      queueMicrotask(() => {
        this.frame = false;
        resolve(this.#flush());
      });
    }));
  }

  async #flush() {
    const { store } = this;
    if (this.inFlight || store.loading.loading) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const target = clone(this.desired);
    if (!hasChanges(this.#delta(this.sent, target))) return;
    this.#cancelRefresh();
    this.inFlight = true;
    const gen = store.generation;
    const { analysis, scores } = store;
    const liveAuc = analysis.liveAuc();
    analysis.scoresChanging();
    try {
      const [s, auc] = await this.#post(target, false, liveAuc ? [['scores'], ['auc']] : [['scores']]);
      if (gen !== store.generation) return;
      this.sent = target;
      scores.showFrame(s);
      analysis.frameScored(liveAuc, auc);
      store.emit('scores', {});
      if (store.hasOutcome) store.emit('auc', {});
    } catch (err) {
      // The engine refused a value (and changed nothing for that call): go back to what it has.
      store.error(err);
      await this.#post(this.sent, true).catch(() => {});
      this.desired = clone(this.sent);
      store.emit('whatif', {});
    } finally {
      this.inFlight = false;
      if (this.dirty || hasChanges(this.#delta(this.sent, this.desired))) this.#schedule();
      else this.#scheduleRefresh();
    }
  }

  #cancelRefresh() {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
  }

  #scheduleRefresh() {
    this.#cancelRefresh();
    this.refreshTimer = this.store.later(REFRESH_DELAY_MS, () => {
      this.refreshTimer = null;
      return this.#refresh();
    });
  }

  // Once the sliders settle: the full results (current drivers, alerts, dimensions), summary(),
  // the validation (analysis.js says when) and the trends against the previous snapshot.
  async #refresh() {
    const { store } = this;
    if (this.inFlight || this.frame) return; // the what-if's answer arms it again
    if (store.loading.loading) {
      this.refreshSkipped = true; // armed again when the read is over (afterLoad)
      return;
    }
    const { client, scores, analysis, snapshots } = store;
    const gen = store.generation;
    try {
      const outcome = store.hasOutcome;
      const eager = analysis.eagerValidation();
      const [results, summary, validation] = await Promise.all([client.results(), client.summary(),
        eager ? client.validation().catch(() => null) : null]);
      const trends = snapshots.previous ? await client.trends().catch(() => null) : null;
      if (gen !== store.generation || this.inFlight || this.frame) return;
      scores.showFull(results, summary);
      analysis.settled(eager, validation, summary);
      if (snapshots.previous && trends) snapshots.trends = trends;
      store.emit('results', {});
      if (outcome) store.emit('auc', {});
      if (eager) store.emit('validation', {});
      if (snapshots.previous) store.emit('trends', {});
    } catch (err) {
      store.error(err);
    }
  }
}
