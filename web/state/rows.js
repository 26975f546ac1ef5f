// One customer's texts and details: the id and label columns (packed: one string and offsets,
// lowered once for search), their sort orders (cached per table), explain() and improvement().

export class Rows {
  /** @param {import('./store.js').Store} store */
  constructor(store) {
    this.store = store;
    /** {ids: {text, offsets, lower}, labels: ... | null} */
    this.texts = null;
    /** which ('id' | 'label') → Uint32Array row order */
    this.textOrders = {};
  }

  /** A table was read: its texts are on their way. */
  tableRead() {
    this.texts = null;
    this.textOrders = {};
  }

  /** The packed texts from the engine ({ids, labels}). */
  setTexts(texts) {
    this.texts = { ids: withLower(texts.ids), labels: withLower(texts.labels) };
  }

  id(row) {
    return textAt(this.texts?.ids, row);
  }

  label(row) {
    return textAt(this.texts?.labels, row);
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
      const gen = this.store.generation;
      const o = await this.store.client.textOrder(which, false);
      if (gen !== this.store.generation) return null;
      this.textOrders[which] = o;
    }
    return this.textOrders[which];
  }
}

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
