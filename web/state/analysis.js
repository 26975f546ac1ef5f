// The score reviewed against the outcome: the live AUC and the full validation (and when each
// is refreshed), weight fitting, and thresholds learnt from healthy customers.

// Up to this many customers the AUC comes with every what-if frame (the engine's summary: about
// 20 ms at 100,000) and the full validation() (ROC, deciles, every indicator's AUC: about 80 ms)
// is refreshed once the sliders settle. Above it the AUC is computed once the sliders settle
// (shown as pending until then) and the full validation only when something shows it (the
// Validate tab, workshop mode, the printed report): refreshValidation().
export const LIVE_AUC_ROWS = 100000;

export class Analysis {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** validation() of the scores in force (refreshed after sliders settle) */
    this.validation = null;
    /** the scores changed since `validation` was computed */
    this.validationStale = false;
    /** validation() of the model as loaded (no what-if) */
    this.baseValidation = null;
    /** the AUC of the scores in force, live */
    this.auc = { value: null, pending: false };
    this.fitting = false;
    /** {result: fitWeights(), applied: bool} */
    this.fit = null;
    /** thresholds learnt: {indicator, healthy, proposal} */
    this.bands = null;
    /** {indicator} while proposeBands() works */
    this.proposing = null;
  }

  // ---- the refresh policy -------------------------------------------------------------------

  /** Whether the AUC comes with every what-if frame (a model with an outcome, up to LIVE_AUC_ROWS customers). */
  liveAuc() {
    return this.store.hasOutcome && this.store.scores.results.rows <= LIVE_AUC_ROWS;
  }

  /** Whether the full validation is refreshed once the sliders settle (else on demand). */
  eagerValidation() {
    return this.liveAuc();
  }

  /** A new model: nothing learnt for it. */
  modelChanged() {
    this.bands = null;
  }

  /** A table was read: everything is computed afresh (`outcome`: the AUC is pending until then). */
  tableRead(outcome) {
    this.bands = null;
    this.validation = null;
    this.baseValidation = null;
    this.validationStale = false;
    this.auc = { value: null, pending: outcome };
    this.fit = null;
  }

  /**
   * The validation after a read came (`current`: no what-if frame since it was asked for);
   * `baseValidation` that of the model as loaded when a what-if was in force.
   */
  tableValidated(validation, baseValidation, withWhatIf, current) {
    this.baseValidation = withWhatIf ? baseValidation : validation;
    this.validation = validation;
    if (current) {
      this.validationStale = false;
      this.auc = { value: validation?.auc ?? null, pending: false };
    } else this.validationStale = true;
  }

  /** A what-if frame is sent: the validation no longer matches the scores. */
  scoresChanging() {
    if (this.store.hasOutcome) this.validationStale = true;
  }

  /** A what-if frame was scored (with its AUC when `live`; else pending until the sliders settle). */
  frameScored(live, auc) {
    if (!this.store.hasOutcome) return;
    this.auc = live ? { value: auc ?? null, pending: false } : { value: this.auc.value, pending: true };
  }

  /** The sliders settled: the summary's AUC, and the validation when it was refreshed (`eager`). */
  settled(eager, validation, summary) {
    if (eager) {
      this.validation = validation;
      this.validationStale = false;
    }
    if (this.store.hasOutcome) this.auc = { value: summary?.outcome?.auc ?? null, pending: false };
  }

  /**
   * Brings `validation` up to the scores in force when it is stale (large tables compute it
   * only on demand); resolves true when it is current. Emits 'validation'.
   */
  async refreshValidation() {
    const { store } = this;
    const { whatIf } = store;
    if (!store.hasOutcome || !store.scores.results) return false;
    if (!this.validationStale) return true;
    if (whatIf.unsettled) return false; // again once settled
    const gen = store.generation;
    const sent = JSON.stringify(whatIf.sent);
    return store.track((async () => {
      try {
        const v = await store.client.validation();
        if (gen !== store.generation || sent !== JSON.stringify(whatIf.sent) || whatIf.inFlight || whatIf.frame) return false;
        this.validation = v;
        this.validationStale = false;
        store.emit('validation', {});
        return true;
      } catch (err) {
        store.error(err);
        return false;
      }
    })());
  }

  // ---- fitting weights to the outcome -------------------------------------------------------

  /**
   * Proposes weights from the outcome (engine fitWeights: k-fold held-out AUC), within
   * `constraints` ({lock, indicators, dimensions}, shares in percent) when given; nothing changes
   * until applyFit().
   */
  fitWeights({ folds = 5, constraints = null } = {}) {
    const { store } = this;
    if (!store.hasOutcome || !store.scores.results || this.fitting) return Promise.resolve(null);
    this.fitting = true;
    store.emit('fit', {});
    const gen = store.generation;
    return store.track((async () => {
      try {
        const result = await store.client.fitWeights({ folds, constraints });
        if (gen !== store.generation) return null;
        this.fit = { result, applied: false };
        return result;
      } catch (err) {
        store.error(err);
        return null;
      } finally {
        this.fitting = false;
        store.emit('fit', {});
      }
    })());
  }

  /** Puts the proposed weights in force as what-if weights (segment bounds kept): sliders move. */
  applyFit() {
    const r = this.fit?.result;
    if (!r) return;
    const { whatIf } = this.store;
    const next = whatIf.state();
    for (const { id, weight } of r.indicators ?? []) {
      if (weight === whatIf.modelWeight('indicator', id)) delete next.indicators[id];
      else next.indicators[id] = weight;
    }
    for (const { id, weight } of r.dimensions ?? []) {
      if (weight === whatIf.modelWeight('dimension', id)) delete next.dimensions[id];
      else next.dimensions[id] = weight;
    }
    this.fit = { ...this.fit, applied: true };
    whatIf.setState(next);
    this.store.emit('fit', {});
  }

  discardFit() {
    this.fit = null;
    this.store.emit('fit', {});
  }

  // ---- thresholds learnt from healthy customers ---------------------------------------------

  /**
   * New bounds for a bands or linear indicator from healthy customers (engine proposeBands):
   * healthy = {} (the customers whose outcome is negative) or {column, values}; a column the
   * table was not read with is kept by reading the table again (keepColumns). Resolves
   * {ok: true, proposal, indicator, healthy} or {ok: false, error}; emits 'bands'.
   */
  proposeBands(indicator, healthy = {}) {
    const { store } = this;
    if (!store.scores.results || this.proposing) return Promise.resolve({ ok: false, error: null });
    this.proposing = { indicator };
    store.emit('bands', {});
    return store.track((async () => {
      try {
        const column = healthy.column || '';
        const { loading } = store;
        if (column && !loading.keepsColumn(column)) {
          const r = await loading.read({ options: { ...loading.options, keepColumns: [...(loading.options.keepColumns ?? []), column] } });
          if (!r.ok) return { ok: false, error: r.error };
        }
        const gen = store.generation;
        const args = column ? { column, values: healthy.values ?? [] } : {};
        const proposal = await store.client.proposeBands(indicator, args);
        if (gen !== store.generation) return { ok: false, error: null };
        this.bands = { indicator, healthy: args, proposal };
        return { ok: true, indicator, healthy: args, proposal };
      } catch (err) {
        this.bands = null;
        return { ok: false, error: err };
      } finally {
        this.proposing = null;
        store.emit('bands', {});
      }
    })());
  }
}
