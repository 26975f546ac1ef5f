// Search over a text column (a TextColumn: UTF-8 bytes + offsets) without making a string per
// row: the column is decoded once into one string, lowered once, and its row offsets are
// converted from bytes to UTF-16 units; a query is then one indexOf sweep.

/** @typedef {{text: string, offsets: Uint32Array, lower: string|null}} SearchIndex */

/**
 * @param {{bytes: Uint8Array, offsets: Uint32Array, length: number}} column
 * @returns {SearchIndex}
 */
export function searchIndex(column) {
  const { bytes, offsets } = column;
  const n = column.length;
  const text = new TextDecoder().decode(bytes);
  const units = new Uint32Array(n + 1); // row r is text.slice(units[r], units[r + 1])
  let u = 0;
  let at = 0;
  for (let r = 0; r < n; r++) {
    units[r] = u;
    for (const end = offsets[r + 1]; at < end; at++) {
      const b = bytes[at];
      if ((b & 0xc0) !== 0x80) u += b >= 0xf0 ? 2 : 1; // a code point: 1 UTF-16 unit, 2 beyond U+FFFF
    }
  }
  units[n] = u;
  const lower = text.toLowerCase();
  // Offsets stay valid only if lowering kept every length (true outside a few rare letters).
  return { text, offsets: units, lower: lower.length === text.length ? lower : null };
}

/**
 * Marks in `mask` the rows whose text contains `q` (already lowered), ignoring case.
 * @param {SearchIndex} index @param {string} q @param {Uint8Array} mask
 */
export function markMatches(index, q, mask) {
  const off = index.offsets;
  if (index.lower) {
    // One indexOf sweep over the whole column; positions map to rows by walking offsets.
    const text = index.lower;
    let r = 0;
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
      while (off[r + 1] <= at) r++;
      if (at + q.length <= off[r + 1]) mask[r] = 1;
    }
  } else {
    for (let r = 0; r + 1 < off.length; r++) {
      if (!mask[r] && index.text.slice(off[r], off[r + 1]).toLowerCase().includes(q)) mask[r] = 1;
    }
  }
}
