// The previous snapshot and the trends against it: read with the table's encoding and column
// mapping, joined again after a new table and read again after a model change (the engine drops
// it then), trends() again after what-if changes settle (whatif.js).

export class Snapshots {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** {source: {data, name, size}, table: TableInfo} */
    this.previous = null;
    /** engine trends() for the scores in force */
    this.trends = null;
    /** {controller: AbortController, name, cleared?} while a snapshot is read */
    this.prevLoading = null;
  }

  /**
   * Reads an earlier snapshot of the same customers (same encoding and column mapping as the
   * table), then the trends. All or nothing: a failure keeps the snapshot in force (or none).
   */
  loadPrevious(data, name) {
    const { store } = this;
    if (!store.scores.results) return Promise.resolve(false);
    this.cancelPrevious();
    const abort = new AbortController();
    const size = typeof data === 'string' ? data.length : data.size;
    const loading = { controller: abort, name, cleared: false };
    this.prevLoading = loading;
    store.emit('prevloadstart', { name, size });
    return store.track(this.#read(data, name, size, loading));
  }

  async #read(data, name, size, loading) {
    const { store } = this;
    const { client } = store;
    let read = false;
    try {
      // A table being read first: the snapshot is joined to the table in force after it.
      await store.loading.loadChain;
      if (!store.scores.results) return false;
      const gen = store.generation;
      const table = await client.loadPreviousTable(data, this.#readOptions(), {
        signal: loading.controller.signal,
        onProgress: (p) => store.emit('prevprogress', p),
      });
      read = true;
      const trends = await client.trends();
      if (loading.cleared) {
        // clearPrevious() meanwhile: its clearPreviousTable follows ours in the engine.
        store.emit('prevcancelled', {});
        return false;
      }
      if (gen !== store.generation) {
        // Another table came meanwhile (read with its own options): the engine holds our
        // snapshot, the page does not. Put back the snapshot the page has (or none).
        if (this.previous) await this.reload();
        else await client.clearPreviousTable().catch(() => {});
        store.emit('trends', {});
        store.emit('prevcancelled', {});
        return false;
      }
      this.previous = { source: { data, name, size }, table };
      this.trends = trends;
      store.emit('trends', {});
      return true;
    } catch (err) {
      // The engine now holds a snapshot that cannot be joined (duplicate ids): put back ours.
      if (read && !loading.cleared) {
        if (this.previous) await this.reload();
        else await client.clearPreviousTable().catch(() => {});
      }
      if (err.name === 'AbortError') store.emit('prevcancelled', {});
      else store.error(err, { previous: true, hint: this.previous ? 'error.snapshotKept' : undefined });
      return false;
    } finally {
      if (this.prevLoading === loading) this.prevLoading = null;
      store.emit('prevloadend', {});
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
    await this.store.client.clearPreviousTable().catch(() => {});
    this.store.emit('trends', {});
  }

  #readOptions() {
    const { options } = this.store.loading;
    return { matchColumns: 'loose', encoding: options.encoding, columnMap: options.columnMap };
  }

  /** A table was read: the trends are joined again (row numbers changed). */
  tableRead() {
    if (this.previous) this.trends = null;
  }

  /** After a read: a new model dropped the snapshot in the engine (read it again); a new table is joined to it afresh. */
  async afterRead(newModel) {
    if (newModel || !(await this.store.client.hasPreviousTable())) await this.reload();
    else await this.#computeTrends();
  }

  /** Reads the snapshot again (after a model change) and joins it; on failure it is dropped. */
  async reload() {
    const { client } = this.store;
    try {
      const table = await client.loadPreviousTable(this.previous.source.data, this.#readOptions());
      this.previous = { ...this.previous, table };
      this.trends = await client.trends();
    } catch (err) {
      await this.#drop(err);
    }
  }

  async #computeTrends() {
    try {
      this.trends = await this.store.client.trends();
    } catch (err) {
      await this.#drop(err);
    }
  }

  async #drop(err) {
    this.previous = null;
    this.trends = null;
    await this.store.client.clearPreviousTable().catch(() => {});
    this.store.error(err, { previous: true, kept: false, hint: 'error.snapshotDropped' });
  }
}
