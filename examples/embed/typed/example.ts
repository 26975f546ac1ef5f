// A typed use of kenko's package: the JS API, the worker engine and the element. Checked by
// `tsc --noEmit -p examples/embed/typed` (scripts/check-js; the declarations in wasm/*.d.mts) and,
// after `npm pack` and an install into a fresh project, against the installed package
// (tests/browser/package.test.mjs).
import { createEngine, TextColumn, type KenkoEngine, type ModelInfo, type Results } from 'kenko';
import { createWorkerEngine, type KenkoWorkerEngine } from 'kenko/worker';
import { KenkoScoreElement, type SelfCheckResults, type TableResults } from 'kenko/element';

export async function lowestScores(model: string, table: Uint8Array, n = 5): Promise<{ id: string; score: number }[]> {
  const engine: KenkoEngine = await createEngine({ threads: false });
  try {
    const { warnings, model: info }: { warnings: string[]; model: ModelInfo } = engine.setModel(model);
    for (const w of warnings) console.warn(w);
    await engine.loadTable(table, { encoding: 'auto', matchColumns: 'loose', onProgress: (p) => void p.rows });
    const r: Results = engine.results();
    const ids: TextColumn = engine.ids();
    const order = Array.from(r.score.keys()).filter((i) => !Number.isNaN(r.score[i])).sort((a, b) => r.score[a] - r.score[b]);
    void info.segments[0]?.label;
    return order.slice(0, n).map((i) => ({ id: ids.get(i), score: r.score[i] }));
  } finally {
    engine.dispose();
  }
}

export async function inAWorker(file: Blob, model: object): Promise<number> {
  const engine: KenkoWorkerEngine = await createWorkerEngine({ threads: 'auto' });
  await engine.setModel(model);
  const controller = new AbortController();
  const info = await engine.loadTable(file, { signal: controller.signal, onProgress: ({ bytes, totalBytes }) => void (bytes / totalBytes) });
  const [summary, explanation] = await Promise.all([engine.summary(), engine.explain(0)]);
  const path = await engine.improvement(0);
  if (path.found && path.to) console.log(path.to.segment, path.steps.map((s) => `${s.indicator} ${s.bound} ${s.to}`));
  await engine.setWhatIf({ indicators: { [explanation.indicators[0].id]: 2 } });
  const { score } = await engine.scores();
  engine.dispose();
  return info.rows + summary.customers + score.length;
}

export function watch(el: KenkoScoreElement): void {
  el.addEventListener('kenko-scored', (e) => {
    if (e.detail.mode === 'self-check') console.log(e.detail.score, e.detail.segment);
    const r = el.results;
    if (r && 'summary' in r) console.log((r as TableResults).summary.histogram.length);
    else if (r) console.log((r as SelfCheckResults).improvement.found);
  });
  el.addEventListener('kenko-error', (e) => console.error(e.detail.error.message, e.detail.error.problems?.length));
  el.model = { version: 1, id_column: 'id', indicators: [{ id: 'x', column: 'x', rule: { type: 'boolean' } }] };
  const created = document.createElement('kenko-score');
  created.setAttribute('mode', 'self-check');
}
