// One customer's texts and details: the id and label columns as they come from the engine
// (TextColumns: UTF-8 bytes + offsets, decoded only for the rows shown), their search indexes
// (made on the first search) and sort orders (cached per table), explain() and improvement().
import { markMatches, searchIndex } from '../lib/texts.js';

export class Rows {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** @type {{ids: import('../kenko-api.mjs').TextColumn, labels: import('../kenko-api.mjs').TextColumn|null}|null} */
    this.texts = null;
    /** which ('id' | 'label') → Uint32Array row order */
    this.textOrders = {};
    /** @type {Map<any, import('../lib/texts.js').SearchIndex>} TextColumn → its search index */
    this.searchIndexes = new Map();
  }

  /** A table was read: its texts are on their way. */
  tableRead() {
    this.texts = null;
    this.textOrders = {};
    this.searchIndexes = new Map();
  }

  /** The id and label columns from the engine ({ids, labels}). */
  setTexts(texts) {
    this.texts = texts;
    this.searchIndexes = new Map();
  }

  id(row) {
    return this.texts?.ids.get(row) ?? '';
  }

  label(row) {
    return this.texts?.labels?.get(row) ?? '';
  }

  /**
   * The rows whose id or label contains `query` (ignoring case): a mask of `rows` bytes, or
   * null for an empty query. The columns' search indexes are made once per table.
   */
  searchMask(query, rows) {
    const q = query.toLowerCase();
    if (!q) return null;
    const mask = new Uint8Array(rows);
    for (const column of this.texts ? [this.texts.ids, this.texts.labels] : []) {
      if (!column) continue;
      let index = this.searchIndexes.get(column);
      if (!index) this.searchIndexes.set(column, (index = searchIndex(column)));
      markMatches(index, q, mask);
    }
    return mask;
  }

  explain(row) {
    return this.store.client.explain(row);
  }

  /** The smallest improvement into the next better segment. */
  improvement(row) {
    return this.store.client.improvement(row);
  }

  /** Row order of the id or label texts (cached per table). */
  async textOrder(which) {
    if (!this.textOrders[which]) {
      const info = this.store.model?.info;
      const column = which === 'label' ? info?.labelColumn : info?.idColumn;
      if (!column) return null;
      const gen = this.store.generation;
      const o = await this.store.client.textOrder(column);
      if (gen !== this.store.generation) return null;
      this.textOrders[which] = o;
    }
    return this.textOrders[which];
  }
}
