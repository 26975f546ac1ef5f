// The file the peer benchmarks read (bench/browser/peers.mjs, bench/node-peers.mjs): ROWS
// customers × an id and K numeric columns, and its model (every column a linear rule 0 → 100,
// equal weights), with the reference checksum — the sum of the scores, computed here in kenko's
// order of operations — that every contender must reproduce.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The data: id, v1..vK; values with two decimals in [-5, 105) (some beyond the rule's range),
// every 97th cell empty (missing). A deterministic LCG; the reference checksum in the same pass.
export function peersData({ rows: ROWS, columns: K, dir: dataDir }) {
  const file = join(dataDir, `peers-${ROWS}x${K}.csv`);
  let x = 12345;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
  let sum = 0;
  const chunks = [];
  let buf = `id,${Array.from({ length: K }, (_, k) => `v${k + 1}`).join(',')}\n`;
  let cell = 0;
  for (let r = 0; r < ROWS; r++) {
    let line = `C${String(r + 1).padStart(8, '0')}`;
    let num = 0;
    let den = 0;
    for (let k = 0; k < K; k++) {
      if (++cell % 97 === 0) { line += ','; continue; }
      const v = Math.round((rnd() * 110 - 5) * 100) / 100;
      const text = v.toFixed(2);
      line += `,${text}`;
      const t = Math.min(1, Math.max(0, (Number(text) - 0) / (100 - 0)));
      num += 100 * ((100 * (100 * t)) / 100);
      den += 100;
    }
    if (den > 0) sum += num / den;
    buf += `${line}\n`;
    if (buf.length > 1 << 20) { chunks.push(buf); buf = ''; }
  }
  chunks.push(buf);
  if (!existsSync(file)) writeFileSync(file, chunks.join(''));
  return { file, checksum: sum, bytes: statSync(file).size };
}

/** The model of the peers file as JSON text. */
export function peersModel(K) {
  const indicators = [];
  for (let k = 1; k <= K; k++) indicators.push({ id: `v${k}`, column: `v${k}`, rule: { type: 'linear', from: 0, to: 100 } });
  return JSON.stringify({ version: 1, id_column: 'id', indicators });
}
