// Row orders as Uint32Array permutations, never arrays of objects. A numeric key is packed
// with the row number into one double (quantised key × 2^rowBits + row) and the packed array
// sorted by the engine's native numeric sort: ~10× faster than a comparator at 10^6 rows,
// ties kept in row order. Missing keys (NaN) always go last.

export function identityOrder(n) {
  const o = new Uint32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

/** Order of rows 0..n-1 by key(r) (a Float64Array-like of length n). */
export function orderByKey(key, descending = false) {
  const n = key.length;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = key[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const rowBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const valueBits = 53 - rowBits;
  if (valueBits < 24 || !(hi >= lo)) return comparatorOrder(key, descending);
  const top = 2 ** valueBits - 1; // reserved for NaN
  const scale = hi > lo ? (top - 1) / (hi - lo) : 0;
  const rowMul = 2 ** rowBits;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = key[i];
    const q = v !== v ? top : Math.round((descending ? hi - v : v - lo) * scale);
    packed[i] = q * rowMul + i;
  }
  packed.sort();
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = packed[i] % rowMul;
  return out;
}

function comparatorOrder(key, descending) {
  const o = identityOrder(key.length);
  const sign = descending ? -1 : 1;
  o.sort((a, b) => {
    const x = key[a], y = key[b];
    if (x !== x) return y !== y ? a - b : 1;
    if (y !== y) return -1;
    return (x - y) * sign || a - b;
  });
  return o;
}
