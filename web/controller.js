// The page's state and its conversations with the engine: opening tables, applying models,
// the what-if hot path (coalesced per animation frame, one request in flight), scenarios'
// evaluation and exports. Views listen to its events and call its methods; it never touches
// the DOM.
import { EngineClient } from './engine-client.js';
import { countSegments, meanScore, histogramBySegment, moveMatrix, dimensionMeans, deriveAll } from './lib/segments-diff.js';

const REFRESH_DELAY_MS = 250; // full results (drivers, alerts, dimensions) after sliders settle
// Up to this many customers the AUC comes with every what-if frame (the engine's summary: about
// 20 ms at 100,000) and the full validation() (ROC, deciles, every indicator's AUC: about 80 ms)
// is refreshed once the sliders settle. Above it the AUC is computed once the sliders settle
// (shown as pending until then) and the full validation only when something shows it (the
// Validate tab, workshop mode, the printed report): refreshValidation().
export const LIVE_AUC_ROWS = 100000;

export class Controller extends EventTarget {
  constructor() {
    super();
    this.client = new EngineClient();
    this.model = null; // {text, obj, info, warnings}
    this.source = null; // {data: File|Blob|string, name, size}
    this.options = { encoding: 'auto', columnMap: {} };
    this.table = null; // TableInfo
    this.results = null; // engine results (score/segment replaced by what-if scores)
    this.summary = null;
    this.texts = null; // {ids: {text, offsets, lower}, labels: ... | null}
    this.baseline = null; // {score, segment, counts, mean, hist}
    this.derived = null; // {counts, mean, hist, moves, dims}
    this.desired = emptyWhatIf(); // what the sliders say (only values that differ from the model)
    this.sent = emptyWhatIf(); // what the engine has
    this.loading = null; // {controller: AbortController, progress}
    this.inFlight = false;
    this.dirty = false;
    this.frame = 0;
    this.refreshTimer = 0;
    this.refreshing = false;
    this.generation = 0; // bumps on every new table or model: stale answers are dropped
    this.validation = null; // validation() of the scores in force (refreshed after sliders settle)
    this.validationStale = false; // the scores changed since `validation` was computed
    this.baseValidation = null; // validation() of the model as loaded (no what-if)
    this.auc = { value: null, pending: false }; // the AUC of the scores in force, live
    this.previous = null; // the previous snapshot: {source: {data, name, size}, table: TableInfo}
    this.trends = null; // engine trends() for the scores in force
    this.prevLoading = null; // {controller: AbortController, name}
    this.fitting = false;
    this.fit = null; // {result: fitWeights(), applied: bool}
    // A model or a table refused because the other one in force lacks a column it needs: kept
    // so that its counterpart, when it comes, is tried with it (a Japanese model and table
    // replacing English ones, in either order). Cleared by every successful read.
    this.unmatched = { model: null, source: null };
    this.client.onBusyChange((busy, fatal) => {
      if (fatal) this.#error(fatal);
      this.#emit('busy', { busy: this.busy() });
    });
  }

  /** True while the worker works, a table loads, or a what-if change is not yet scored. */
  busy() {
    return this.client.busy || !!this.loading || !!this.finishing || !!this.proposing || this.inFlight || this.dirty || !!this.frame || !!this.refreshTimer || this.refreshing || !!this.prevLoading || this.fitting || !!this.validating;
  }

  /** Whether the model has an outcome (then validation, live AUC and weight fitting). */
  get hasOutcome() {
    return !!this.model?.info.outcome;
  }

  /** The score drop that flags a customer as deteriorating (modelInfo().deterioratingDrop). */
  get deterioratingDrop() {
    const d = this.model?.info.deterioratingDrop;
    return typeof d === 'number' && d > 0 ? d : 10;
  }

  #emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #error(err, context = {}) {
    this.lastError = err;
    this.#emit('error', { error: err, ...context });
  }

  get segments() {
    return this.model?.info.segments ?? [];
  }

  // ---- opening tables and models -------------------------------------------------------

  /**
   * Reads a table (and first applies a model when modelText is given), all or nothing: when
   * anything fails the previous model, table and results stay (the engine is put back when a
   * new model had been applied) and an 'error' event says why, with what is needed to retry
   * with a column mapping ({retry: {modelText, source, options}, header}).
   */
  async load(args = {}) {
    return (await this.#load(args)).ok;
  }

  // Loads run one at a time: a new one aborts the one in progress (or waiting) and waits until
  // it has finished, the engine put back included, before it sends anything to the engine.
  // Resolves {ok, error} (error: null when cancelled).
  #load({ modelText = null, source = this.source, options = this.options } = {}) {
    this.cancelLoad();
    const abort = new AbortController();
    const loading = { controller: abort, progress: null, name: source?.name ?? '' };
    this.loading = loading;
    this.#emit('busy', { busy: true });
    const run = (this.loadChain ?? Promise.resolve()).then(() => this.#runLoad({ modelText, source, options, loading }));
    this.loadChain = run.catch(() => {});
    return run;
  }

  async #runLoad({ modelText, source, options, loading }) {
    const abort = loading.controller;
    this.#emit('loadstart', { name: loading.name, size: source?.size ?? null });
    this.#emit('busy', { busy: true });
    const prevModel = this.model;
    let newModel = null;
    let scored = false;
    try {
      if (abort.signal.aborted) throw abortError();
      if (modelText != null) {
        const r = await this.client.setModel(modelText);
        newModel = { text: modelText, obj: JSON.parse(modelText), info: r.model, warnings: r.warnings ?? [] };
      }
      if (!source) {
        if (newModel) this.#commitModel(newModel);
        return { ok: true, error: null };
      }
      const table = await this.client.loadTable(
        source.data,
        { matchColumns: 'loose', encoding: options.encoding, columnMap: options.columnMap, keepColumns: options.keepColumns ?? [] },
        {
          signal: abort.signal,
          onProgress: (p) => {
            loading.progress = p;
            this.#emit('progress', p);
          },
        },
      );
      if (newModel) this.#commitModel(newModel, { silent: true });
      this.source = source;
      this.options = { encoding: options.encoding, columnMap: { ...options.columnMap }, keepColumns: [...(options.keepColumns ?? [])] };
      this.table = table;
      this.unmatched = { model: null, source: null };
      scored = true;
      await this.#scoreLoadedTable(!!newModel);
      return { ok: true, error: null };
    } catch (err) {
      if (scored) {
        // The new table is in the engine (and its model committed): only a later step failed.
        this.#error(err);
        return { ok: false, error: err };
      }
      if (err.name === 'KenkoTableError' && err.header?.length) {
        if (modelText != null && source === this.source) this.unmatched.model = modelText;
        else if (modelText == null && source !== this.source) this.unmatched.source = source;
      }
      if (newModel && prevModel) await this.#restore(prevModel);
      if (err.name === 'AbortError') {
        this.#emit('cancelled', {});
        return { ok: false, error: null };
      }
      this.#error(err, { retry: { modelText, source, options }, header: err.header ?? null, model: newModel ?? prevModel });
      return { ok: false, error: err };
    } finally {
      if (this.loading === loading) {
        this.loading = null;
        // What the sliders did meanwhile (held while the table was read), and the full results
        // refresh skipped meanwhile when no new table brought fresh ones.
        if (this.results && this.model && (this.dirty || hasChanges(this.#delta(this.sent, this.desired)))) {
          this.dirty = false;
          this.#schedule();
        } else this.dirty = false;
        if (this.refreshSkipped) {
          this.refreshSkipped = false;
          if (!scored && this.results) this.#scheduleRefresh();
        }
      }
      this.#emit('loadend', {});
      this.#emit('busy', { busy: this.busy() });
    }
  }

  cancelLoad() {
    this.loading?.controller.abort();
  }

  #commitModel(m, { silent = false } = {}) {
    this.model = m;
    this.bands = null; // thresholds learnt under the previous model
    this.desired = emptyWhatIf();
    this.sent = emptyWhatIf();
    this.generation++;
    if (silent) return; // announced with the table scored by it
    this.results = null;
    this.derived = null;
    this.#emit('model', { model: m });
    this.#emit('whatif', {});
  }

  // Puts the previous model and table back into the engine after a failed model change.
  async #restore(prevModel) {
    try {
      await this.client.setModel(prevModel.text);
      if (this.source) {
        await this.client.loadTable(this.source.data, { matchColumns: 'loose', ...this.options });
        await this.client.whatIf({ reset: true, ...this.#delta(emptyWhatIf(), this.sent) });
        // A model change drops the previous snapshot: read it again.
        if (this.previous && !(await this.client.hasPreviousTable())) await this.#reloadPrevious();
      }
    } catch (err) {
      this.#error(err);
    }
  }

  // After a read: the scores first (counts, histogram, table: 'shown'), then, without holding
  // the page, the id/label texts, the summary, the validation and the trends, each announced
  // when it arrives ('texts', 'results', 'validation', 'trends'); `finishing` (part of busy())
  // until the last one is in. Every request is posted at once: the worker answers them in
  // order, before any what-if the user makes meanwhile.
  async #scoreLoadedTable(newModel = false) {
    const gen = ++this.generation;
    const outcome = this.hasOutcome;
    const desired = this.#validWhatIf(this.desired);
    const delta = this.#delta(emptyWhatIf(), desired);
    const withWhatIf = hasChanges(delta);
    // The engine keeps its what-if values for a new table (this.sent): the baseline first.
    const engineWhatIf = hasChanges(this.#delta(emptyWhatIf(), this.sent));
    const pBase = withWhatIf || engineWhatIf ? this.client.whatIf({ reset: true }) : null;
    if (withWhatIf) this.client.whatIf(delta).catch(() => {});
    const pResults = this.client.results();
    const pTexts = this.client.texts();
    const pSummary = this.client.summary();
    const pBaseValidation = outcome && withWhatIf ? this.client.validationAt({}).catch(() => null) : null;
    const pValidation = outcome ? this.client.validation().catch(() => null) : null;
    for (const p of [pTexts, pSummary]) p.catch(() => {}); // failures are reported by #finishLoad
    const base = pBase ? await pBase : null;
    const results = await pResults;
    if (gen !== this.generation) {
      if (newModel) this.#emit('model', { model: this.model });
      return;
    }
    const n = this.segments.length;
    const b = base ?? { score: results.score, segment: results.segment };
    this.baseline = {
      score: b.score,
      segment: b.segment,
      counts: countSegments(b.segment, n),
      mean: meanScore(b.score),
      hist: histogramBySegment(b.score, b.segment, n),
    };
    // Sliders moved since the request keep their values: sent again once the read is over.
    this.desired = this.#validWhatIf(this.desired);
    this.sent = clone(desired);
    this.results = results;
    this.bands = null; // thresholds learnt on the previous table
    this.summary = null;
    this.texts = null;
    this.textOrders = {};
    this.validation = null;
    this.baseValidation = null;
    this.validationStale = false;
    this.auc = { value: null, pending: outcome };
    this.fit = null;
    const hadPrevious = !!this.previous;
    if (hadPrevious) this.trends = null; // joined again below (row numbers changed)
    this.pending = { texts: true, summary: true, validation: outcome, trends: hadPrevious };
    this.scoreVersion = (this.scoreVersion ?? 0) + 1;
    const version = this.scoreVersion;
    this.#derive(true);
    if (newModel) this.#emit('model', { model: this.model });
    this.#emit('table', { table: this.table });
    this.#emit('whatif', {});
    this.#emit('validation', {});
    if (hadPrevious) this.#emit('trends', {});
    this.#emit('fit', {});
    this.#emit('shown', { rows: results.rows });
    this.finishing = this.#finishLoad({ gen, version, newModel, withWhatIf, pTexts, pSummary, pValidation, pBaseValidation });
    this.finishing.finally(() => {
      if (this.generation === gen) this.finishing = null;
      this.#emit('busy', { busy: this.busy() });
    });
  }

  async #finishLoad({ gen, version, newModel, withWhatIf, pTexts, pSummary, pValidation, pBaseValidation }) {
    const current = () => gen === this.generation;
    try {
      const texts = await pTexts;
      if (!current()) return;
      this.texts = { ids: withLower(texts.ids), labels: withLower(texts.labels) };
      this.pending.texts = false;
      this.#emit('texts', {});
      const summary = await pSummary;
      if (!current()) return;
      // A what-if frame since: the settled refresh brings a newer summary.
      if (this.scoreVersion === version || !this.summary) this.summary = summary;
      this.pending.summary = false;
      this.#emit('summary', {});
      if (pValidation) {
        const [validation, baseValidation] = await Promise.all([pValidation, pBaseValidation]);
        if (!current()) return;
        this.baseValidation = withWhatIf ? baseValidation : validation;
        this.validation = validation;
        this.pending.validation = false;
        if (this.scoreVersion === version) {
          this.validationStale = false;
          this.auc = { value: validation?.auc ?? null, pending: false };
        } else this.validationStale = true;
        this.#emit('validation', {});
        this.#emit('auc', {});
      }
      // The previous snapshot: a new model dropped it in the engine (read it again); a new table
      // is joined to it afresh.
      if (this.previous) {
        if (newModel || !(await this.client.hasPreviousTable())) await this.#reloadPrevious();
        else await this.#computeTrends();
        if (!current()) return;
        this.pending.trends = false;
        this.#emit('trends', {});
      }
    } catch (err) {
      if (current()) this.#error(err);
    } finally {
      if (current()) this.pending = { texts: false, summary: false, validation: false, trends: false };
    }
  }

  /** Whether a part of the results is still being computed after a read ('texts', 'summary', 'validation', 'trends'). */
  isPending(part) {
    return !!this.pending?.[part];
  }

  #derive(withDims) {
    const n = this.segments.length;
    const r = this.results;
    const prevDims = this.derived?.dims;
    this.derived = {
      ...deriveAll(r.score, r.segment, this.baseline.segment, n),
      dims: withDims || !prevDims ? dimensionMeans(r.dimension, r.rows, this.model.info.dimensions.length) : prevDims,
    };
  }

  /**
   * Opens a new table with the current model (a File, Blob or pasted text); when it lacks a
   * column of the model in force but a model refused earlier for the table in force is
   * waiting, that model is tried with it.
   */
  async open(data, name) {
    const size = typeof data === 'string' ? data.length : data.size;
    const source = { data, name, size };
    const options = { encoding: 'auto', columnMap: {} };
    const ok = await this.load({ source, options });
    if (ok || !this.unmatched.model || this.unmatched.source !== source) return ok;
    return this.load({ modelText: this.unmatched.model, source, options });
  }

  /** Re-reads the current table with another encoding. */
  setEncoding(encoding) {
    return this.load({ options: { ...this.options, encoding } });
  }

  /** Re-reads with a column mapping {modelColumn: header}; retry holds a pending model/source. */
  applyMapping(columnMap, retry = null) {
    const options = { ...(retry?.options ?? this.options), columnMap };
    return this.load({ modelText: retry?.modelText ?? null, source: retry?.source ?? this.source, options });
  }

  /**
   * Applies a model (JSON text) and re-reads the table with the same encoding and column
   * mapping (entries for columns the new model lacks are ignored); a bad model changes nothing.
   */
  async applyModel(text) {
    const ok = await this.load({ modelText: text, options: { ...this.options } });
    // Refused for the table in force: a table refused earlier for the model in force may fit it.
    if (ok || !this.unmatched.source || this.unmatched.model !== text) return ok;
    return this.load({ modelText: text, source: this.unmatched.source, options: { encoding: 'auto', columnMap: {} } });
  }

  // ---- what-if --------------------------------------------------------------------------

  /** kind: 'indicator' | 'dimension' | 'min' | 'max' (segment bounds; value null = none). */
  setWhatIf(kind, id, value) {
    const d = this.desired;
    if (kind === 'indicator' || kind === 'dimension') {
      const map = kind === 'indicator' ? d.indicators : d.dimensions;
      if (value === this.#modelWeight(kind, id)) delete map[id];
      else map[id] = value;
    } else {
      const seg = this.segments.find((s) => s.id === id);
      const b = { ...(d.bounds[id] ?? { min: seg.min, max: seg.max }) };
      b[kind] = value;
      if (b.min === seg.min && b.max === seg.max) delete d.bounds[id];
      else d.bounds[id] = b;
    }
    this.#emit('whatif', { kind, id });
    this.#schedule();
  }

  /**
   * An indicator's rule as a what-if (e.g. bounds learnt from healthy customers): every
   * customer re-scores. null (or the model's rule) puts the model's rule back.
   */
  setWhatIfRule(id, rule) {
    const ind = this.model?.info.indicators.find((x) => x.id === id);
    if (!ind) return;
    if (!rule || sameRule(rule, ind.rule)) delete this.desired.rules[id];
    else this.desired.rules[id] = clone(rule);
    this.#emit('whatif', { kind: 'rule', id });
    this.#schedule();
  }

  /** The rule in force for an indicator (what-if, else the model's). */
  ruleInForce(id) {
    return this.desired.rules[id] ?? this.model?.info.indicators.find((x) => x.id === id)?.rule ?? null;
  }

  /** Puts a whole what-if state in force (a scenario, or {} for the baseline). */
  setWhatIfState(state) {
    this.desired = this.#validWhatIf(state);
    this.#emit('whatif', {});
    this.#schedule();
  }

  resetWhatIf() {
    this.setWhatIfState(emptyWhatIf());
  }

  /** The value in force for a slider (desired state, else the model's). */
  whatIfValue(kind, id) {
    if (kind === 'indicator' || kind === 'dimension') {
      const map = kind === 'indicator' ? this.desired.indicators : this.desired.dimensions;
      return id in map ? map[id] : this.#modelWeight(kind, id);
    }
    const b = this.desired.bounds[id];
    if (b) return b[kind];
    return this.segments.find((s) => s.id === id)?.[kind] ?? null;
  }

  modelValue(kind, id) {
    if (kind === 'indicator' || kind === 'dimension') return this.#modelWeight(kind, id);
    return this.segments.find((s) => s.id === id)?.[kind] ?? null;
  }

  hasWhatIf() {
    return hasChanges(this.desired);
  }

  /** The current what-if state (a copy: {indicators, dimensions, bounds}). */
  whatIfState() {
    return clone(this.desired);
  }

  // The weight in force without a weight what-if: the model's, except that an indicator whose
  // weight the model leaves to default follows its rule what-if (the weight is then the new
  // rule's most points P, as the engine computes it).
  #modelWeight(kind, id) {
    const list = kind === 'indicator' ? this.model.info.indicators : this.model.info.dimensions;
    const rule = kind === 'indicator' ? this.desired.rules?.[id] : null;
    if (rule) {
      const written = this.model.obj.indicators?.find((x) => x.id === id);
      if (written && written.weight === undefined) return maxPoints(rule);
    }
    return list.find((x) => x.id === id)?.weight;
  }

  // Keeps only the ids the current model has (a scenario saved for another model).
  /** How many of a what-if state's changes the current model cannot take (other ids, bad values). */
  whatIfDropped(state) {
    const count = (x) => ['indicators', 'dimensions', 'bounds', 'rules'].reduce((n, k) => n + Object.keys(x?.[k] ?? {}).length, 0);
    return Math.max(0, count(state) - count(this.#validWhatIf(state)));
  }

  #validWhatIf(state) {
    const out = emptyWhatIf();
    if (!this.model) return out;
    const info = this.model.info;
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

  // The engine calls that take the engine from state `from` to state `to`.
  #delta(from, to) {
    const info = this.model.info;
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

  // Changes made in one task (a linked threshold moves several bounds) go in one request, sent
  // at once when none is in flight (no wait for the next frame); while one is, the latest
  // state follows its answer.
  #schedule() {
    if (this.frame || !this.results) return;
    this.frame = 1;
    queueMicrotask(() => {
      this.frame = 0;
      this.#flush();
    });
  }

  async #flush() {
    if (this.inFlight || this.loading) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const target = clone(this.desired);
    const delta = this.#delta(this.sent, target);
    if (!hasChanges(delta)) {
      this.#emit('busy', { busy: this.busy() });
      return;
    }
    clearTimeout(this.refreshTimer);
    this.refreshTimer = 0;
    this.inFlight = true;
    const gen = this.generation;
    const liveAuc = this.hasOutcome && this.results.rows <= LIVE_AUC_ROWS;
    if (this.hasOutcome) this.validationStale = true;
    try {
      const s = await this.client.whatIf(delta, { auc: liveAuc });
      if (gen !== this.generation) return;
      this.sent = target;
      this.scoreVersion = (this.scoreVersion ?? 0) + 1;
      this.results = { ...this.results, score: s.score, segment: s.segment };
      this.#derive(false);
      if (this.hasOutcome) this.auc = liveAuc ? { value: s.auc ?? null, pending: false } : { value: this.auc.value, pending: true };
      this.#emit('scores', {});
      if (this.hasOutcome) this.#emit('auc', {});
    } catch (err) {
      // The engine refused a value (and changed nothing for that call): go back to what it has.
      this.#error(err);
      await this.client.whatIf({ reset: true, ...this.#delta(emptyWhatIf(), this.sent) }).catch(() => {});
      this.desired = clone(this.sent);
      this.#emit('whatif', {});
    } finally {
      this.inFlight = false;
      if (this.dirty || hasChanges(this.#delta(this.sent, this.desired))) this.#schedule();
      else this.#scheduleRefresh();
      this.#emit('busy', { busy: this.busy() });
    }
  }

  #scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(async () => {
      this.refreshTimer = 0;
      if (this.inFlight || this.frame) return; // the what-if's answer arms it again
      if (this.loading) {
        this.refreshSkipped = true; // armed again when the read is over (load's finally)
        return;
      }
      this.refreshing = true;
      const gen = this.generation;
      try {
        const outcome = this.hasOutcome;
        const eager = outcome && this.results.rows <= LIVE_AUC_ROWS;
        const [results, summary, validation] = await Promise.all([this.client.results(), this.client.summary(),
          eager ? this.client.validation().catch(() => null) : null]);
        const trends = this.previous ? await this.client.trends().catch(() => null) : null;
        if (gen !== this.generation || this.inFlight || this.frame) return;
        this.results = results;
        this.summary = summary;
        this.#derive(true);
        if (eager) {
          this.validation = validation;
          this.validationStale = false;
        }
        if (outcome) this.auc = { value: summary?.outcome?.auc ?? null, pending: false };
        if (this.previous && trends) this.trends = trends;
        this.#emit('results', {});
        if (outcome) this.#emit('auc', {});
        if (eager) this.#emit('validation', {});
        if (this.previous) this.#emit('trends', {});
      } catch (err) {
        this.#error(err);
      } finally {
        this.refreshing = false;
        this.#emit('busy', { busy: this.busy() });
      }
    }, REFRESH_DELAY_MS);
  }

  /**
   * Brings `validation` up to the scores in force when it is stale (large tables compute it
   * only on demand); resolves true when it is current. Emits 'validation'.
   */
  async refreshValidation() {
    if (!this.hasOutcome || !this.results) return false;
    if (!this.validationStale) return true;
    if (this.inFlight || this.frame || this.dirty || this.refreshTimer) return false; // again once settled
    const gen = this.generation;
    const sent = JSON.stringify(this.sent);
    this.validating = true;
    this.#emit('busy', { busy: true });
    try {
      const v = await this.client.validation();
      if (gen !== this.generation || sent !== JSON.stringify(this.sent) || this.inFlight || this.frame) return false;
      this.validation = v;
      this.validationStale = false;
      this.#emit('validation', {});
      return true;
    } catch (err) {
      this.#error(err);
      return false;
    } finally {
      this.validating = false;
      this.#emit('busy', { busy: this.busy() });
    }
  }

  /** Scores and statistics of a what-if state without leaving it in force. */
  async evaluate(state) {
    const valid = this.#validWhatIf(state);
    // The worker puts back the engine's own what-if state afterwards (a slider change in flight
    // included, and also when `state` is refused).
    const s = await this.client.evaluate(this.#delta(emptyWhatIf(), valid));
    const n = this.segments.length;
    return {
      state: valid,
      auc: s.auc ?? null,
      counts: countSegments(s.segment, n),
      mean: meanScore(s.score),
      moves: moveMatrix(this.baseline.segment, s.segment, n),
      score: s.score,
      segment: s.segment,
    };
  }

  // ---- fitting weights to the outcome --------------------------------------------------------

  /** Proposes weights from the outcome (engine fitWeights: k-fold held-out AUC); nothing changes until applyFit(). */
  async fitWeights({ folds = 5 } = {}) {
    if (!this.hasOutcome || !this.results || this.fitting) return null;
    this.fitting = true;
    this.#emit('fit', {});
    this.#emit('busy', { busy: true });
    const gen = this.generation;
    try {
      const result = await this.client.fitWeights({ folds });
      if (gen !== this.generation) return null;
      this.fit = { result, applied: false };
      return result;
    } catch (err) {
      this.#error(err);
      return null;
    } finally {
      this.fitting = false;
      this.#emit('fit', {});
      this.#emit('busy', { busy: this.busy() });
    }
  }

  /** Puts the proposed weights in force as what-if weights (segment bounds kept): sliders move. */
  applyFit() {
    const r = this.fit?.result;
    if (!r) return;
    const next = this.whatIfState();
    for (const { id, weight } of r.indicators ?? []) {
      if (weight === this.#modelWeight('indicator', id)) delete next.indicators[id];
      else next.indicators[id] = weight;
    }
    for (const { id, weight } of r.dimensions ?? []) {
      if (weight === this.#modelWeight('dimension', id)) delete next.dimensions[id];
      else next.dimensions[id] = weight;
    }
    this.fit = { ...this.fit, applied: true };
    this.setWhatIfState(next);
    this.#emit('fit', {});
  }

  discardFit() {
    this.fit = null;
    this.#emit('fit', {});
  }

  // ---- thresholds learnt from healthy customers ----------------------------------------------

  /** Whether the table was read keeping `column` as text (what proposeBands needs for {column}). */
  keepsColumn(column) {
    return (this.options.keepColumns ?? []).includes(column);
  }

  /**
   * New bounds for a bands or linear indicator from healthy customers (engine proposeBands):
   * healthy = {} (the customers whose outcome is negative) or {column, values}; a column the
   * table was not read with is kept by reading the table again (keepColumns). Resolves
   * {ok: true, proposal, indicator, healthy} or {ok: false, error}; emits 'bands'.
   */
  async proposeBands(indicator, healthy = {}) {
    if (!this.results || this.proposing) return { ok: false, error: null };
    this.proposing = { indicator };
    this.#emit('bands', {});
    this.#emit('busy', { busy: true });
    try {
      const column = healthy.column || '';
      if (column && !this.keepsColumn(column)) {
        const r = await this.#load({ options: { ...this.options, keepColumns: [...(this.options.keepColumns ?? []), column] } });
        if (!r.ok) return { ok: false, error: r.error };
      }
      const gen = this.generation;
      const args = column ? { column, values: healthy.values ?? [] } : {};
      const proposal = await this.client.proposeBands(indicator, args);
      if (gen !== this.generation) return { ok: false, error: null };
      this.bands = { indicator, healthy: args, proposal };
      return { ok: true, indicator, healthy: args, proposal };
    } catch (err) {
      this.bands = null;
      return { ok: false, error: err };
    } finally {
      this.proposing = null;
      this.#emit('bands', {});
      this.#emit('busy', { busy: this.busy() });
    }
  }

  // ---- the previous snapshot (trends) -------------------------------------------------------

  /**
   * Reads an earlier snapshot of the same customers (same encoding and column mapping as the
   * table), then the trends. All or nothing: a failure keeps the snapshot in force (or none).
   */
  async loadPrevious(data, name) {
    if (!this.results) return false;
    this.cancelPrevious();
    const abort = new AbortController();
    const size = typeof data === 'string' ? data.length : data.size;
    const loading = { controller: abort, name };
    this.prevLoading = loading;
    this.#emit('prevloadstart', { name, size });
    this.#emit('busy', { busy: true });
    let gen = this.generation;
    let read = false;
    try {
      // A table being read first: the snapshot is joined to the table in force after it.
      await this.loadChain;
      if (!this.results) return false;
      gen = this.generation;
      const table = await this.client.loadPreviousTable(data, this.#readOptions(), {
        signal: abort.signal,
        onProgress: (p) => this.#emit('prevprogress', p),
      });
      read = true;
      const trends = await this.client.trends();
      if (loading.cleared) {
        // clearPrevious() meanwhile: its clearPreviousTable follows ours in the engine.
        this.#emit('prevcancelled', {});
        return false;
      }
      if (gen !== this.generation) {
        // Another table came meanwhile (read with its own options): the engine holds our
        // snapshot, the page does not. Put back the snapshot the page has (or none).
        if (this.previous) await this.#reloadPrevious();
        else await this.client.clearPreviousTable().catch(() => {});
        this.#emit('trends', {});
        this.#emit('prevcancelled', {});
        return false;
      }
      this.previous = { source: { data, name, size }, table };
      this.trends = trends;
      this.#emit('trends', {});
      return true;
    } catch (err) {
      // The engine now holds a snapshot that cannot be joined (duplicate ids): put back ours.
      if (read && !loading.cleared) {
        if (this.previous) await this.#reloadPrevious();
        else await this.client.clearPreviousTable().catch(() => {});
      }
      if (err.name === 'AbortError') this.#emit('prevcancelled', {});
      else this.#error(err, { previous: true, hint: this.previous ? 'error.snapshotKept' : undefined });
      return false;
    } finally {
      if (this.prevLoading === loading) this.prevLoading = null;
      this.#emit('prevloadend', {});
      this.#emit('busy', { busy: this.busy() });
    }
  }

  cancelPrevious() {
    this.prevLoading?.controller.abort();
  }

  async clearPrevious() {
    if (this.prevLoading) this.prevLoading.cleared = true; // a read past its end is not put in force
    this.cancelPrevious();
    this.previous = null;
    this.trends = null;
    await this.client.clearPreviousTable().catch(() => {});
    this.#emit('trends', {});
  }

  #readOptions() {
    return { matchColumns: 'loose', encoding: this.options.encoding, columnMap: this.options.columnMap };
  }

  // Reads the snapshot again (after a model change) and joins it; on failure it is dropped.
  async #reloadPrevious() {
    try {
      const table = await this.client.loadPreviousTable(this.previous.source.data, this.#readOptions());
      this.previous = { ...this.previous, table };
      this.trends = await this.client.trends();
    } catch (err) {
      this.previous = null;
      this.trends = null;
      await this.client.clearPreviousTable().catch(() => {});
      this.#error(err, { previous: true, kept: false, hint: 'error.snapshotDropped' });
    }
  }

  async #computeTrends() {
    try {
      this.trends = await this.client.trends();
    } catch (err) {
      this.previous = null;
      this.trends = null;
      await this.client.clearPreviousTable().catch(() => {});
      this.#error(err, { previous: true, kept: false, hint: 'error.snapshotDropped' });
    }
  }

  // ---- rows ---------------------------------------------------------------------------------

  id(row) {
    return textAt(this.texts?.ids, row);
  }

  label(row) {
    return textAt(this.texts?.labels, row);
  }

  explain(row) {
    return this.client.explain(row);
  }

  /** The smallest improvement into the next better segment (null when the engine lacks it). */
  improvement(row) {
    return this.client.improvement(row);
  }

  /** Row order of the id or label texts (cached per table). */
  async textOrder(which) {
    this.textOrders ??= {};
    if (!this.textOrders[which]) {
      const gen = this.generation;
      const o = await this.client.textOrder(which, false);
      if (gen !== this.generation) return null;
      this.textOrders[which] = o;
    }
    return this.textOrders[which];
  }

  // ---- exports ------------------------------------------------------------------------------

  scoredCsv() {
    return this.client.scoredCsv({ bom: true, label: true });
  }

  /** The model JSON with the what-if weights and bounds written in. */
  modelWithWhatIf() {
    const m = clone(this.model.obj);
    const info = this.model.info;
    for (const [id, w] of Object.entries(this.desired.indicators)) {
      const ind = m.indicators?.find((x) => x.id === id);
      if (ind) ind.weight = w;
    }
    if (Object.keys(this.desired.dimensions).length) {
      for (const [id, w] of Object.entries(this.desired.dimensions)) {
        const dim = m.dimensions?.find((x) => x.id === id);
        if (dim) dim.weight = w;
      }
    }
    for (const [id, rule] of Object.entries(this.desired.rules)) {
      const ind = m.indicators?.find((x) => x.id === id);
      if (ind) ind.rule = clone(rule);
    }
    if (Object.keys(this.desired.bounds).length) {
      // A model without segments uses the default ones: write them out to carry the bounds.
      if (!Array.isArray(m.segments)) m.segments = info.segments.map((s) => prune({ id: s.id, label: s.label, min: s.min, max: s.max, color: s.color, action: s.action }));
      for (const [id, b] of Object.entries(this.desired.bounds)) {
        const seg = m.segments.find((x) => x.id === id);
        if (!seg) continue;
        if (b.min == null) delete seg.min; else seg.min = b.min;
        if (b.max == null) delete seg.max; else seg.max = b.max;
      }
    }
    return m;
  }
}

// A rule's most points P (spec, "Rules: a value gives points").
function maxPoints(rule) {
  switch (rule.type) {
    case 'bands': return Math.max(0, ...rule.bands.map((b) => b.points));
    case 'category': return Math.max(rule.else ?? 0, ...Object.values(rule.map ?? {}));
    default: return rule.points ?? 100;
  }
}

export const emptyWhatIf = () => ({ indicators: {}, dimensions: {}, bounds: {}, rules: {} });
const clone = (x) => JSON.parse(JSON.stringify(x));
const hasChanges = (s) => !!(Object.keys(s.indicators).length || Object.keys(s.dimensions).length || Object.keys(s.bounds).length || Object.keys(s.rules ?? {}).length);
const sameRule = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const prune = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null));

function withLower(packed) {
  if (!packed) return null;
  const lower = packed.text.toLowerCase();
  // Offsets stay valid only if lowering kept every length (true outside a few rare letters).
  return { ...packed, lower: lower.length === packed.text.length ? lower : null };
}

function textAt(packed, row) {
  if (!packed || row < 0 || row + 1 >= packed.offsets.length) return '';
  return packed.text.slice(packed.offsets[row], packed.offsets[row + 1]);
}

function abortError() {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}
