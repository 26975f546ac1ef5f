// The what-if state: the values the sliders, rules and scenarios put in force (only those that
// differ from the model), and the values the scores shown were computed with. The engine takes
// a whole state in one call (setWhatIf, relative to the model as loaded), so nothing is diffed
// here: each frame sends the state. The hot path (changes made in one task go in one request,
// sent at once when none is in flight, at most one in flight) and the full refresh once the
// sliders settle.
import { countSegments, meanScore, moveMatrix, valueBySegment } from '../lib/segments-diff.js';

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
// Two states are the same what-if (entries in any order).
const sameState = (a, b) => canonical(a) === canonical(b);
const canonical = (s) => JSON.stringify(['indicators', 'dimensions', 'bounds', 'rules'].map((k) => Object.entries(s?.[k] ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))));

export class WhatIf {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** what the sliders say (only values that differ from the model) */
    this.desired = emptyWhatIf();
    /** what the scores shown were computed with (and the engine has once no frame is in flight) */
    this.sent = emptyWhatIf();
    /** the engine's weights in force for indicators whose weight defaults to a what-if rule's P */
    this.ruleWeights = {};
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
      const known = this.ruleWeights[id];
      // Until the engine has answered for this rule, the model's own weight.
      if (written && written.weight === undefined && known?.rule === JSON.stringify(rule)) return known.weight;
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

  // ---- what the engine has ------------------------------------------------------------------

  // Posts `target` (one setWhatIf) followed by `reads`; resolves the reads' results.
  #post(target, reads = []) {
    return this.store.client.batch([['setWhatIf', target], ...reads]).then((r) => r.slice(1));
  }

  /** A new model is in the engine (or the model was put back): no what-if values. */
  clear() {
    this.desired = emptyWhatIf();
    this.sent = emptyWhatIf();
    this.ruleWeights = {};
  }

  /** After the model and table were put back (a failed load): the values of the scores shown. */
  restoreEngine() {
    return this.store.client.setWhatIf(this.sent);
  }

  /**
   * A table was read (the engine keeps its what-if values for it): the valid desired values go
   * in force, and the baseline's scores are computed aside when they differ from the model's.
   * → {desired, withWhatIf, base: Promise<{score, segment}>|null (null: the results are the
   * baseline's)}.
   */
  forNewTable() {
    const desired = this.valid(this.desired);
    const withWhatIf = hasChanges(desired);
    if (!sameState(desired, this.sent)) this.store.client.setWhatIf(desired).catch(() => {});
    const base = withWhatIf ? this.store.client.evaluateWhatIf(emptyWhatIf()) : null;
    return { desired, withWhatIf, base };
  }

  /** The new table's scores are shown, computed with `desired` (sliders moved since keep their values). */
  shownNewTable(desired) {
    this.desired = this.valid(this.desired);
    this.sent = clone(desired);
  }

  /** Scores and statistics of a what-if state without leaving it in force. */
  async evaluate(state) {
    // After any read in progress: a model it sets changes what the state's ids mean.
    const { loading } = this.store;
    while (loading.loading) await loading.loadChain;
    const valid = this.valid(state);
    const s = await this.store.client.evaluateWhatIf(valid);
    const n = this.store.segments.length;
    const baseline = this.store.scores.baseline;
    return {
      state: valid,
      auc: this.store.hasOutcome ? s.auc : null,
      counts: countSegments(s.segment, n),
      mean: meanScore(s.score),
      moves: moveMatrix(baseline.segment, s.segment, n),
      value: this.store.scores.values ? valueBySegment(this.store.scores.values, s.segment, n) : null,
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
    if (scores.results && this.#model && (this.dirty || !sameState(this.sent, this.desired))) {
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
    if (sameState(this.sent, target)) return;
    this.#cancelRefresh();
    this.inFlight = true;
    const gen = store.generation;
    const { analysis, scores } = store;
    const liveAuc = analysis.liveAuc();
    analysis.scoresChanging();
    const rules = Object.keys(target.rules ?? {}).length > 0;
    const reads = [['scores'], ...(liveAuc ? [['auc']] : []), ...(rules ? [['weights']] : [])];
    try {
      const [s, ...more] = await this.#post(target, reads);
      const auc = liveAuc ? more.shift() : undefined;
      if (gen !== store.generation) return;
      this.sent = target;
      if (rules) this.#noteRuleWeights(target, more.shift());
      scores.showFrame(s);
      analysis.frameScored(liveAuc, auc);
      store.emit('scores', {});
      if (store.hasOutcome) store.emit('auc', {});
    } catch (err) {
      // The engine refused a value (and changed nothing for that call): go back to what it has.
      store.error(err);
      await this.restoreEngine().catch(() => {});
      this.desired = clone(this.sent);
      store.emit('whatif', {});
    } finally {
      this.inFlight = false;
      if (this.dirty || !sameState(this.sent, this.desired)) this.#schedule();
      else this.#scheduleRefresh();
    }
  }

  // The weights the engine gives indicators that leave their weight to default under a rule
  // what-if (the new rule's most points): the sliders show them.
  #noteRuleWeights(target, weights) {
    let changed = false;
    for (const [id, rule] of Object.entries(target.rules)) {
      const w = weights?.indicators?.[id];
      const entry = { rule: JSON.stringify(rule), weight: w };
      if (w !== undefined && JSON.stringify(this.ruleWeights[id]) !== JSON.stringify(entry)) {
        this.ruleWeights[id] = entry;
        changed = true;
      }
    }
    if (changed) this.store.emit('whatif', {});
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
      if (store.history?.active()) store.track(store.history.refresh());
    } catch (err) {
      store.error(err);
    }
  }
}
