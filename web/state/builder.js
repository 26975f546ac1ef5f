// The model builder's state: a table profiled without a model (the engine's profileTable, once
// per table) and a model proposed from it (proposeModel, again after each of the user's choices:
// outcome column and its positive texts, a column kept or left out, a direction answered), the
// same as `kenko init` (docs/INIT.md). The dimension the user picks for an indicator is written
// into the proposed model (each dimension weighing the sum of its indicators' weights, as the
// proposer writes it). apply() sets the model and scores the table with it at once. Events:
// 'builder' on every change of what the builder shows.
const DIMENSIONS = ['deployment', 'engagement', 'adoption', 'roi', 'other'];
const DIMENSION_LABELS = { deployment: 'Deployment', engagement: 'Engagement', adoption: 'Adoption', roi: 'ROI', other: 'Other' };

export { DIMENSIONS };

// The names of an outcome column (English and Japanese).
const OUTCOME_NAME = /churn|cancel|attrit|lapsed|解約|退会|離脱/i;

const emptyChoices = () => ({ outcome: '', positive: [], keep: [], drop: [], directions: {}, dimensions: {}, name: '' });

export class Builder {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** {data, name, size} of the table profiled */
    this.source = null;
    /** how the table is read: {encoding} */
    this.options = { encoding: 'auto' };
    /** TableProfile, or null */
    this.profile = null;
    /** Proposal, or null */
    this.proposal = null;
    this.choices = emptyChoices();
    /** 'closed' | 'profiling' | 'proposing' | 'ready' | 'applying' */
    this.status = 'closed';
    /** {bytes, totalBytes, rows} while profiling */
    this.progress = null;
    /** Error of the last profile or proposal, or null */
    this.error = null;
    /** whether the outcome column was taken from its name (not chosen) */
    this.outcomeGuessed = false;
    /** why the builder opened: 'button' | 'unmatched' */
    this.reason = 'button';
    this.abort = null;
    this.version = 0; // bumps with every open(): answers to an older one are dropped
  }

  #emit() {
    this.store.emit('builder', {});
  }

  get open() {
    return this.status !== 'closed';
  }

  /**
   * Profiles a table (a source {data, name, size}) and proposes a model for it.
   * @param {{data: any, name: string, size: number}} source
   * @param {{encoding?: string, reason?: string, choices?: {outcome?: string}}} [opts]
   */
  async start(source, { encoding = 'auto', reason = 'button', choices = {} } = {}) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const version = ++this.version;
    this.source = source;
    this.options = { encoding };
    this.reason = reason;
    this.profile = null;
    this.proposal = null;
    this.error = null;
    this.choices = { ...emptyChoices(), ...choices };
    this.status = 'profiling';
    this.progress = null;
    this.#emit();
    const { client } = this.store;
    try {
      const profile = await client.profileTable(source.data, { encoding }, {
        signal: abort.signal,
        onProgress: (p) => { if (version === this.version) { this.progress = p; this.#emit(); } },
      });
      if (version !== this.version) return false;
      this.profile = profile;
      // An outcome remembered for this header that the table no longer has is dropped.
      if (this.choices.outcome && !profile.header.includes(this.choices.outcome)) this.choices.outcome = '';
      // A yes/no column named like an outcome (churn, 解約...) is one: scored as an indicator it
      // would give the answer away. Taken as the outcome; the user can choose none.
      this.outcomeGuessed = false;
      if (!this.choices.outcome && !choices.outcome) {
        const guess = profile.columns.find((c) => c.read && c.kind === 'yes/no' && OUTCOME_NAME.test(c.name));
        if (guess) {
          this.choices.outcome = guess.name;
          this.outcomeGuessed = true;
        }
      }
      return await this.propose();
    } catch (err) {
      if (version !== this.version) return false;
      this.status = err.name === 'AbortError' ? 'closed' : 'ready';
      this.error = err.name === 'AbortError' ? null : err;
      this.#emit();
      return false;
    }
  }

  /** The options of proposeModel for the choices made. */
  proposeOptions() {
    const c = this.choices;
    const o = {};
    if (c.outcome) {
      o.outcome = c.outcome;
      if (c.positive.length) o.positive = [...c.positive];
    }
    if (c.keep.length) o.keep = [...c.keep];
    if (c.drop.length) o.drop = [...c.drop];
    if (Object.keys(c.directions).length) o.directions = { ...c.directions };
    if (c.name) o.name = c.name;
    return o;
  }

  /** Proposes a model again with the choices in force (after each change). */
  async propose() {
    if (!this.profile) return false;
    const version = this.version;
    const choices = JSON.stringify(this.choices);
    this.status = 'proposing';
    this.#emit();
    try {
      const proposal = await this.store.client.proposeModel(this.proposeOptions());
      if (version !== this.version || choices !== JSON.stringify(this.choices)) return false; // a newer one is on its way
      this.proposal = proposal;
      this.error = null;
      this.status = 'ready';
      this.#emit();
      return true;
    } catch (err) {
      if (version !== this.version) return false;
      this.error = err;
      this.status = 'ready';
      this.#emit();
      return false;
    }
  }

  /** Changes choices ({outcome, positive, name}) and proposes again. */
  choose(values) {
    if ('outcome' in values) this.outcomeGuessed = false;
    Object.assign(this.choices, values);
    if ('outcome' in values && !('positive' in values)) this.choices.positive = [];
    return this.propose();
  }

  /** Keeps (include) or leaves out a column, and proposes again. */
  include(column, on) {
    const c = this.choices;
    c.keep = c.keep.filter((x) => x !== column);
    c.drop = c.drop.filter((x) => x !== column);
    if (on) c.keep.push(column);
    else c.drop.push(column);
    return this.propose();
  }

  /** Whether higher values (or yes) are better for a column: 'higher' | 'lower'. */
  setDirection(column, direction) {
    this.choices.directions = { ...this.choices.directions, [column]: direction };
    return this.propose();
  }

  /** The dimension of a column's indicator (written into the model; no new proposal needed). */
  setDimension(column, dimension) {
    const proposed = this.proposal?.columns.find((x) => x.name === column)?.dimension;
    const next = { ...this.choices.dimensions };
    if (!dimension || dimension === proposed) delete next[column];
    else next[column] = dimension;
    this.choices.dimensions = next;
    this.#emit();
  }

  /** The dimension shown for a column: the user's, else the proposal's. */
  dimensionOf(col) {
    return this.choices.dimensions[col.name] ?? col.dimension ?? null;
  }

  /**
   * The model to apply: the proposal's, with the user's dimensions written in (the dimensions
   * used, in DEAR order, 'other' last, each weighing the sum of its indicators' weights).
   * @returns {object|null}
   */
  model() {
    const p = this.proposal;
    if (!p?.model) return null;
    const model = JSON.parse(JSON.stringify(p.model));
    const moved = Object.keys(this.choices.dimensions).length > 0;
    if (!moved || !Array.isArray(model.dimensions)) return model;
    const byIndicator = new Map();
    for (const col of p.columns) if (col.indicator) byIndicator.set(col.indicator, this.dimensionOf(col));
    for (const ind of model.indicators) {
      const d = byIndicator.get(ind.id);
      if (d) ind.dimension = d;
    }
    const labels = new Map(model.dimensions.map((d) => [d.id, d.label]));
    const dims = [];
    for (const id of DIMENSIONS) {
      const members = model.indicators.filter((x) => x.dimension === id);
      if (!members.length) continue;
      const sum = members.reduce((a, x) => a + (typeof x.weight === 'number' ? x.weight : 1), 0);
      dims.push({ id, label: labels.get(id) ?? DIMENSION_LABELS[id], weight: Math.round(sum * 100) / 100 });
    }
    model.dimensions = dims;
    return model;
  }

  /** The model as JSON text (what the page applies and remembers). */
  modelText() {
    const m = this.model();
    return m ? `${JSON.stringify(m, null, 2)}\n` : null;
  }

  /** Sets the proposed model and scores the table with it; → whether it was scored. */
  async apply() {
    const text = this.modelText();
    if (!text || !this.source) return false;
    this.status = 'applying';
    this.#emit();
    const ok = await this.store.loading.load({ modelText: text, source: this.source, options: { encoding: this.options.encoding, columnMap: {} } });
    if (ok) {
      this.store.emit('builderapplied', { outcome: this.choices.outcome, header: this.profile?.header ?? [] });
      this.close();
    } else {
      this.status = 'ready';
      this.#emit();
    }
    return ok;
  }

  /** Closes the builder and frees the profiled table in the engine. */
  close() {
    this.abort?.abort();
    this.version++;
    const had = !!this.profile;
    this.status = 'closed';
    this.profile = null;
    this.proposal = null;
    this.error = null;
    this.#emit();
    if (had) this.store.client.clearTableProfile().catch(() => {});
  }
}
