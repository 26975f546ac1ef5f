// The history over several dated snapshots: earlier snapshots read from files (each labelled by
// the date in its name, else the name; kept oldest first) or one table split by a date column
// (loading's `splitByDate`); the table in hand is the latest period. The engine's history()
// (the numbers of `kenko history`) for the scores in force: computed again after a read, after
// the what-if settles and when snapshots come or go; a new model makes the engine drop the
// snapshots, which are read again.

/** The date in a file name as YYYY-MM-DD or YYYY-MM (the engine's date_in_name), or null. */
export function dateInName(name) {
  const s = String(name);
  for (let i = 0; i + 6 <= s.length; i++) {
    if (i > 0 && /\d/.test(s[i - 1])) continue;
    const m = /^(\d{4})([-_.]?)(\d{2})/.exec(s.slice(i));
    if (!m) continue;
    const y = Number(m[1]), mo = Number(m[3]);
    if (y < 1900 || y > 2099 || mo < 1 || mo > 12) continue;
    let at = i + m[0].length;
    let out = `${m[1]}-${m[3]}`;
    const sep = m[2];
    const d = new RegExp(`^${sep ? `\\${sep}` : ''}(\\d{2})(?!\\d)`).exec(s.slice(at));
    if (d && Number(d[1]) >= 1 && Number(d[1]) <= 31) {
      out += `-${d[1]}`;
      at += d[0].length;
    }
    if (at < s.length && /\d/.test(s[at])) continue;
    return out;
  }
  return null;
}

export const STREAK = 2;

export class History {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** earlier snapshots from files, oldest first: {source: {data, name, size}, label, rows} */
    this.files = [];
    /** engine history() for the scores in force, or null */
    this.result = null;
    /** {streak, minDrop} */
    this.options = { streak: STREAK, minDrop: 0 };
    this.reading = false;
  }

  /** The date column the table in hand was split by, or null. */
  get splitBy() {
    return this.store.loading.options.splitByDate ?? null;
  }

  /** Whether a history is in hand (snapshots from files, or a split table). */
  active() {
    return this.files.length > 0 || !!this.splitBy;
  }

  /** The label of the table in hand when it is not split: its date, else its name. */
  tableLabel() {
    const name = this.store.loading.source?.name ?? '';
    return dateInName(name) ?? name;
  }

  /** Reads earlier snapshots (Files), each kept in date order; then the history. */
  add(list) {
    const { store } = this;
    if (!store.scores.results) return Promise.resolve(false);
    return store.track((async () => {
      this.reading = true;
      store.emit('history', {});
      try {
        await store.loading.loadChain;
        for (const f of list) {
          const source = { data: f, name: f.name, size: f.size };
          const label = dateInName(f.name) ?? f.name;
          if (this.files.some((x) => x.label === label)) throw new Error(`two snapshots are dated ${label} (${f.name})`);
          const at = this.files.filter((x) => x.label <= label).length;
          const info = await this.#read(source, label, at);
          this.files.splice(at, 0, { source, label, rows: info.rows });
        }
        await this.refresh();
        return true;
      } catch (err) {
        store.error(err, { history: true, hint: 'history.errorHint' });
        await this.refresh().catch(() => {});
        return false;
      } finally {
        this.reading = false;
        store.emit('history', {});
      }
    })());
  }

  #read(source, label, at) {
    const { options } = this.store.loading;
    return this.store.client.loadSnapshot(source.data, { label, at, matchColumns: 'loose', encoding: options.encoding, columnMap: options.columnMap });
  }

  async remove(index) {
    const { store } = this;
    this.files.splice(index, 1);
    await store.track(store.client.removeSnapshot(index));
    await store.track(this.refresh());
  }

  async clear() {
    const { store } = this;
    this.files = [];
    this.result = null;
    await store.track(store.client.clearSnapshots());
    store.emit('history', {});
  }

  /** Splits the table in hand by a date column (read again with splitByDate), or undoes it (null). */
  async splitTable(column) {
    const { loading } = this.store;
    this.files = [];
    await this.store.client.clearSnapshots();
    const r = await loading.read({ options: { ...loading.options, splitByDate: column || null } });
    if (!r.ok && column) await loading.read({ options: { ...loading.options, splitByDate: null } });
    return r.ok;
  }

  setOptions(options) {
    this.options = { ...this.options, ...options };
    return this.store.track(this.refresh());
  }

  /** The engine's history for the scores in force (none without snapshots). */
  async refresh() {
    const { store } = this;
    if (!this.active() || !store.scores.results) {
      this.result = null;
      store.emit('history', {});
      return;
    }
    const gen = store.generation;
    if (!this.splitBy) await store.client.setTableLabel(this.tableLabel());
    try {
      const h = await store.client.history(this.options);
      if (gen !== store.generation) return;
      this.result = h;
    } catch (err) {
      this.result = null;
      store.error(err, { history: true });
    }
    store.emit('history', {});
  }

  /** After a read: a new model made the engine drop the snapshots (read them again). */
  async afterRead(newModel) {
    if (newModel && this.files.length) {
      try {
        for (let i = 0; i < this.files.length; i++) await this.#read(this.files[i].source, this.files[i].label, i);
      } catch (err) {
        this.files = [];
        await this.store.client.clearSnapshots().catch(() => {});
        this.store.error(err, { history: true });
      }
    }
    await this.refresh();
  }
}
