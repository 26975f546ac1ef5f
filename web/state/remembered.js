// What the page remembers across reloads, in this browser only (IndexedDB database 'kenko',
// object store 'memory'): the model the user applied last (not the bundled examples'), the
// column mapping chosen for each header set (keyed by lib/match.js headerKey), the last table's
// name, size and encoding, and the builder's choices (outcome column). Never a cell of the table:
// the data itself is not stored. forgetAll() deletes the database and clears the page's
// localStorage (language, scenarios, report texts). Every failure (storage blocked, private
// mode) is silent: the page then simply remembers nothing.
import { headerKey, normName } from '../lib/match.js';

const DB = 'kenko';
const STORE = 'memory';

/** @returns {Promise<IDBDatabase|null>} */
function openDb() {
  return new Promise((resolve) => {
    let req;
    try {
      req = indexedDB.open(DB, 1);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = () => { req.result.createObjectStore(STORE); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

export class Remembered {
  constructor() {
    /** @type {Promise<IDBDatabase|null>|null} */
    this.db = null;
    /** what is remembered, read once by load(): {model, mappings, lastTable, settings} */
    this.data = { model: null, mappings: {}, lastTable: null, settings: {} };
    /** model texts never remembered (the bundled examples) */
    this.ignored = new Set();
    /** pending writes (tests wait for them through idle()) */
    this.writes = new Set();
  }

  #db() {
    return (this.db ??= openDb());
  }

  /** Reads everything remembered (once, at start). */
  async load() {
    const db = await this.#db();
    if (!db) return this.data;
    const get = (key) => new Promise((resolve) => {
      try {
        const r = db.transaction(STORE).objectStore(STORE).get(key);
        r.onsuccess = () => resolve(r.result ?? null);
        r.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    const [model, mappings, lastTable, settings] = await Promise.all(['model', 'mappings', 'lastTable', 'settings'].map(get));
    this.data = { model, mappings: mappings ?? {}, lastTable, settings: settings ?? {} };
    return this.data;
  }

  #put(key, value) {
    const p = (async () => {
      const db = await this.#db();
      if (!db) return;
      await new Promise(/** @param {(v?: any) => void} resolve */ (resolve) => {
        try {
          const tx = db.transaction(STORE, 'readwrite');
          tx.objectStore(STORE).put(value, key);
          tx.oncomplete = () => resolve();
          tx.onerror = () => resolve();
          tx.onabort = () => resolve();
        } catch {
          resolve();
        }
      });
    })();
    this.writes.add(p);
    p.finally(() => this.writes.delete(p));
    return p;
  }

  /** Resolves when every write so far is done. */
  async idle() {
    while (this.writes.size) await Promise.all([...this.writes]);
  }

  /** A model text never to remember (a bundled example's). */
  ignore(text) {
    this.ignored.add(text);
  }

  /** The applied model (JSON text) and its name. */
  rememberModel(text, name) {
    if (this.ignored.has(text)) return null;
    if (this.data.model?.text === text) return null;
    this.data.model = { text, name: name ?? '', at: new Date().toISOString() };
    return this.#put('model', this.data.model);
  }

  /** The mapping {modelColumn: header} chosen for tables with this header. */
  rememberMapping(header, columnMap) {
    const key = headerKey(header);
    const map = { ...columnMap };
    const had = this.data.mappings[key];
    if (!Object.keys(map).length && !had) return null;
    if (had && JSON.stringify(had.columnMap) === JSON.stringify(map)) return null;
    this.data.mappings = { ...this.data.mappings, [key]: { columnMap: map, at: new Date().toISOString() } };
    return this.#put('mappings', this.data.mappings);
  }

  /**
   * The mapping remembered for a table with this header, or null: each choice written as this
   * table's own header name (the key matches header sets that differ in case, width, spaces or
   * `_`, so "NPS Score" chosen once stands for "nps_score" now).
   */
  mappingFor(header) {
    const m = this.data.mappings[headerKey(header)];
    if (!m) return null;
    const byNorm = new Map(header.map((x) => [normName(x), x]));
    const out = {};
    for (const [column, chosen] of Object.entries(m.columnMap ?? {})) {
      const name = byNorm.get(normName(chosen));
      if (name !== undefined) out[column] = name;
    }
    return Object.keys(out).length ? out : null;
  }

  /** The last table read: its name, size and how it was read (never its content). */
  rememberTable({ name, size, encoding }) {
    const t = { name: name ?? '', size: size ?? null, encoding: encoding ?? 'auto', at: new Date().toISOString() };
    if (this.data.lastTable && this.data.lastTable.name === t.name && this.data.lastTable.size === t.size && this.data.lastTable.encoding === t.encoding) return null;
    this.data.lastTable = t;
    return this.#put('lastTable', t);
  }

  /** The encoding chosen (not detected) for the last table when it had this name, or null. */
  encodingFor(name) {
    const t = this.data.lastTable;
    return t && t.name === name && t.encoding && t.encoding !== 'auto' ? t.encoding : null;
  }

  /** Settings: {key: value} merged into those remembered. */
  rememberSettings(values) {
    const next = { ...this.data.settings, ...values };
    if (JSON.stringify(next) === JSON.stringify(this.data.settings)) return null;
    this.data.settings = next;
    return this.#put('settings', next);
  }

  /** Whether anything is remembered. */
  get any() {
    const d = this.data;
    return !!(d.model || d.lastTable || Object.keys(d.mappings).length || Object.keys(d.settings).length);
  }

  /** Forgets everything: deletes the database and the page's own keys in localStorage. */
  async forgetAll() {
    await this.idle();
    const db = await this.db;
    db?.close();
    this.db = null;
    this.data = { model: null, mappings: {}, lastTable: null, settings: {} };
    // Only the page's own keys (kenko.*): other pages of the same origin keep theirs.
    for (const store of [() => localStorage, () => sessionStorage]) {
      try {
        const s = store();
        for (const k of Object.keys(s)) if (k.startsWith('kenko.')) s.removeItem(k);
      } catch { /* nothing stored there */ }
    }
    await new Promise(/** @param {(v?: any) => void} resolve */ (resolve) => {
      try {
        const r = indexedDB.deleteDatabase(DB);
        r.onsuccess = () => resolve();
        r.onerror = () => resolve();
        r.onblocked = () => resolve();
      } catch {
        resolve();
      }
    });
  }
}
