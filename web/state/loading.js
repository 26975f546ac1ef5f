// Opening tables and models, all or nothing: a failed read or model keeps the previous model,
// table and results (the engine is put back); a model and a table refused for each other's
// predecessors are paired when the counterpart comes. After a read the scores are shown first
// ('shown'), then the texts, summary, validation and trends follow without holding the page.
import { abortError } from '../kenko-api.mjs';
import { emptyWhatIf } from './whatif.js';

// A read needs about this many bytes of engine memory per byte of the file (the columns kept,
// the sub-score matrix and the results: measured, bench/README.md), and WebAssembly has 4 GiB.
// When the table in hand and the new one would not fit side by side, the engine frees the one
// in hand first and, if the new read fails, the page reads the previous file again: the user
// keeps the previous results either way.
const ENGINE_BYTES_PER_FILE_BYTE = 3.5;
const ENGINE_MEMORY_BUDGET = 3.5 * 2 ** 30;

export class Loading {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** {text, obj, info, warnings} */
    this.model = null;
    /** {data: File|Blob|string, name, size} */
    this.source = null;
    /** @type {{encoding: string, columnMap: Object<string, string>, keepColumns?: string[], splitByDate?: string|null}} how the table was read (splitByDate: one table of several periods, split by that date column) */
    this.options = { encoding: 'auto', columnMap: {} };
    /** TableInfo */
    this.table = null;
    /** {controller: AbortController, progress, name} while a read is in progress (or waiting) */
    this.loading = null;
    /** @type {Promise<any>|undefined} the last read (settled: never rejects) */
    this.loadChain = undefined;
    // A model or a table refused because the other one in force lacks a column it needs: kept
    // so that its counterpart, when it comes, is tried with it (a Japanese model and table
    // replacing English ones, in either order). Cleared by every successful read.
    this.unmatched = { model: null, source: null };
    /** parts still computed after a read: {texts, summary, validation, trends} */
    this.pending = { texts: false, summary: false, validation: false, trends: false };
    /** the engine memory two tables side by side may take (a test hook lowers it) */
    this.memoryBudget = ENGINE_MEMORY_BUDGET;
    /** @type {string[]|null} the header of the table read last, even a read that failed (the model editor's column lists) */
    this.lastHeader = null;
    /** @type {{data: any, name: string, size: number}|null} the table read last, even a read that failed for a missing column (the builder's table) */
    this.lastSource = null;
    /** @type {((header: string[]) => Object<string, string>|null)|null} a mapping remembered for a header set (state/remembered.js) */
    this.mappingFor = null;
    /** @type {((name: string) => string|null)|null} the encoding chosen before for a table of this name (state/remembered.js) */
    this.encodingFor = null;
  }

  /** Whether reading `source` must free the table in hand first (both would not fit). */
  #dropFirst(source) {
    if (!this.source || !source) return false;
    const bytes = (Number(this.source.size) || 0) + (Number(source.size) || 0);
    return bytes * ENGINE_BYTES_PER_FILE_BYTE > this.memoryBudget;
  }

  /**
   * Reads a table (and first applies a model when modelText is given), all or nothing: when
   * anything fails the previous model, table and results stay (the engine is put back when a
   * new model had been applied) and an 'error' event says why, with what is needed to retry
   * with a column mapping ({retry: {modelText, source, options}, header}).
   */
  async load(args = {}) {
    return (await this.read(args)).ok;
  }

  /**
   * As load(), resolving {ok, error} (error: null when cancelled). Reads run one at a time: a
   * new one aborts the one in progress (or waiting) and waits until it has finished, the
   * engine put back included, before it sends anything to the engine.
   */
  read({ modelText = null, source = this.source, options = this.options, quiet = false } = {}) {
    this.cancelLoad();
    const abort = new AbortController();
    const loading = { controller: abort, progress: null, name: source?.name ?? '' };
    this.loading = loading;
    const run = (this.loadChain ?? Promise.resolve()).then(() => this.#run({ modelText, source, options, loading, quiet }));
    this.loadChain = run.catch(() => {});
    return this.store.track(run);
  }

  // quiet: a read refused for a missing column whose header has a remembered mapping reports
  // no error and resolves {ok: false, remembered: columnMap} (open() reads again with it).
  async #run({ modelText, source, options, loading, quiet = false }) {
    const { store } = this;
    const { client } = store;
    const abort = loading.controller;
    store.emit('loadstart', { name: loading.name, size: source?.size ?? null });
    const prevModel = this.model;
    let newModel = null;
    let scored = false;
    let dropped = false; // the engine freed the table in hand before this read
    try {
      if (abort.signal.aborted) throw abortError('cancelled');
      if (modelText != null) {
        const r = await client.setModel(modelText);
        newModel = { text: modelText, obj: JSON.parse(modelText), info: r.model, warnings: r.warnings ?? [], warningDetails: r.warningDetails ?? [] };
      }
      if (!source) {
        if (newModel) this.#commitModel(newModel);
        return { ok: true, error: null };
      }
      dropped = this.#dropFirst(source);
      const table = await client.loadTable(
        source.data,
        { matchColumns: 'loose', encoding: options.encoding, columnMap: options.columnMap, keepColumns: options.keepColumns ?? [], keepPrevious: !dropped, splitByDate: options.splitByDate ?? null },
        {
          signal: abort.signal,
          onProgress: (p) => {
            loading.progress = p;
            store.emit('progress', p);
          },
        },
      );
      if (newModel) this.#commitModel(newModel, { silent: true });
      this.source = source;
      this.options = { encoding: options.encoding, columnMap: { ...options.columnMap }, keepColumns: [...(options.keepColumns ?? [])], splitByDate: options.splitByDate ?? null };
      this.table = table;
      this.lastHeader = table.header ?? null;
      this.lastSource = source;
      this.unmatched = { model: null, source: null };
      scored = true;
      await this.#scoreLoadedTable(!!newModel);
      return { ok: true, error: null };
    } catch (err) {
      if (scored) {
        // The new table is in the engine (and its model committed): only a later step failed.
        store.error(err);
        return { ok: false, error: err };
      }
      if (err.name === 'KenkoTableError' && err.header?.length) {
        this.lastHeader = err.header;
        this.lastSource = source;
        if (modelText != null && source === this.source) this.unmatched.model = modelText;
        else if (modelText == null && source !== this.source) this.unmatched.source = source;
      }
      if (newModel && prevModel) await this.#restore(prevModel);
      else if (dropped) await this.#restoreTable();
      if (err.name === 'AbortError') {
        store.emit('cancelled', {});
        return { ok: false, error: null };
      }
      const remembered = quiet && err.name === 'KenkoTableError' && err.header?.length ? this.mappingFor?.(err.header) : null;
      if (remembered && JSON.stringify(remembered) !== JSON.stringify(options.columnMap ?? {})) return { ok: false, error: err, remembered };
      store.error(err, { retry: { modelText, source, options }, header: err.header ?? null, model: newModel ?? prevModel, size: source?.size ?? null });
      return { ok: false, error: err };
    } finally {
      if (this.loading === loading) {
        this.loading = null;
        store.whatIf.afterLoad(scored);
      }
      store.emit('loadend', {});
    }
  }

  cancelLoad() {
    this.loading?.controller.abort();
  }

  #commitModel(m, { silent = false } = {}) {
    const { store } = this;
    this.model = m;
    store.analysis.modelChanged(); // thresholds learnt under the previous model
    store.whatIf.clear();
    store.generation++;
    if (silent) return; // announced with the table scored by it
    store.scores.clear();
    store.emit('model', { model: m });
    store.emit('whatif', {});
  }

  // Reads the previous file again after a failed read that freed it (the model is unchanged):
  // the engine then has the table whose results the page still shows.
  async #restoreTable() {
    const { store } = this;
    try {
      await store.client.loadTable(this.source.data, { matchColumns: 'loose', ...this.options });
      await store.whatIf.restoreEngine();
      if (store.snapshots.previous && !(await store.client.hasPreviousTable())) await store.snapshots.reload();
    } catch (err) {
      store.error(err);
    }
  }

  // Puts the previous model and table back into the engine after a failed model change.
  async #restore(prevModel) {
    const { store } = this;
    const { client } = store;
    try {
      await client.setModel(prevModel.text);
      if (this.source) {
        await client.loadTable(this.source.data, { matchColumns: 'loose', ...this.options });
        await store.whatIf.restoreEngine();
        // A model change drops the previous snapshot: read it again.
        if (store.snapshots.previous && !(await client.hasPreviousTable())) await store.snapshots.reload();
      }
    } catch (err) {
      store.error(err);
    }
  }

  // After a read: the scores first (counts, histogram, table: 'shown'), then, without holding
  // the page, the id/label texts, the summary, the validation and the trends, each announced
  // when it arrives ('texts', 'summary', 'validation', 'trends'; tracked until the last one is
  // in). Every request is posted at once: the worker answers them in order, before any what-if
  // the user makes meanwhile.
  async #scoreLoadedTable(newModel = false) {
    const { store } = this;
    const { client, whatIf, scores, analysis, snapshots, rows } = store;
    const gen = ++store.generation;
    const outcome = store.hasOutcome;
    const { desired, withWhatIf, base: pBase } = whatIf.forNewTable();
    const pResults = client.results();
    const pValues = store.model?.info.valueColumn ? client.values().catch(() => null) : Promise.resolve(null);
    const pTexts = client.texts();
    const pSummary = client.summary();
    const pBaseValidation = outcome && withWhatIf ? client.validation(emptyWhatIf()).catch(() => null) : null;
    const pValidation = outcome ? client.validation().catch(() => null) : null;
    for (const p of [pTexts, pSummary]) p.catch(() => {}); // failures are reported by #finishLoad
    const base = pBase ? await pBase : null;
    const results = await pResults;
    scores.values = await pValues;
    if (gen !== store.generation) {
      if (newModel) store.emit('model', { model: this.model });
      return;
    }
    whatIf.shownNewTable(desired);
    scores.showTable(results, base);
    analysis.tableRead(outcome);
    rows.tableRead();
    const hadPrevious = !!snapshots.previous;
    snapshots.tableRead();
    this.pending = { texts: true, summary: true, validation: outcome, trends: hadPrevious };
    const version = scores.version;
    if (newModel) store.emit('model', { model: this.model });
    store.emit('table', { table: this.table });
    store.emit('whatif', {});
    store.emit('validation', {});
    if (hadPrevious) store.emit('trends', {});
    store.emit('fit', {});
    store.emit('shown', { rows: results.rows });
    store.track(this.#finishLoad({ gen, version, newModel, withWhatIf, pTexts, pSummary, pValidation, pBaseValidation }));
  }

  async #finishLoad({ gen, version, newModel, withWhatIf, pTexts, pSummary, pValidation, pBaseValidation }) {
    const { store } = this;
    const { scores, analysis, snapshots, rows } = store;
    const current = () => gen === store.generation;
    try {
      const texts = await pTexts;
      if (!current()) return;
      rows.setTexts(texts);
      this.pending.texts = false;
      store.emit('texts', {});
      const summary = await pSummary;
      if (!current()) return;
      // A what-if frame since: the settled refresh brings a newer summary.
      if (scores.version === version || !scores.summary) scores.summary = summary;
      this.pending.summary = false;
      store.emit('summary', {});
      if (pValidation) {
        const [validation, baseValidation] = await Promise.all([pValidation, pBaseValidation]);
        if (!current()) return;
        analysis.tableValidated(validation, baseValidation, withWhatIf, scores.version === version);
        this.pending.validation = false;
        store.emit('validation', {});
        store.emit('auc', {});
      }
      if (snapshots.previous) {
        await snapshots.afterRead(newModel);
        if (!current()) return;
        this.pending.trends = false;
        store.emit('trends', {});
      }
      if (store.history?.active()) {
        await store.history.afterRead(newModel);
        if (!current()) return;
      }
    } catch (err) {
      if (current()) store.error(err);
    } finally {
      if (current()) this.pending = { texts: false, summary: false, validation: false, trends: false };
    }
  }

  /** Whether a part of the results is still being computed after a read ('texts', 'summary', 'validation', 'trends'). */
  isPending(part) {
    return !!this.pending?.[part];
  }

  /** Whether the table was read keeping `column` as text (what proposeBands needs for {column}). */
  keepsColumn(column) {
    return (this.options.keepColumns ?? []).includes(column);
  }

  /**
   * Opens a new table with the current model (a File, Blob or pasted text); when it lacks a
   * column of the model in force, it is read again at once with the mapping remembered for its
   * header set (no error shown), else, when a model refused earlier for the table in force is
   * waiting, that model is tried with it.
   */
  async open(data, name) {
    const size = typeof data === 'string' ? data.length : data.size;
    const source = { data, name, size };
    const options = { encoding: this.encodingFor?.(name) ?? 'auto', columnMap: {} };
    const first = await this.read({ source, options, quiet: true });
    if (first.ok) return true;
    // A table of a header set mapped before: read again with that mapping.
    if (first.remembered && (await this.load({ source, options: { ...options, columnMap: first.remembered } }))) return true;
    if (!this.unmatched.model || this.unmatched.source !== source) return false;
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
}
