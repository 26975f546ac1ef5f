// The host's side of api.html: createWorkerEngine() (kenko-worker.mjs) reads the file the user
// picks, off the main thread, and shows the native program's summary text. createEngine() from
// kenko-api.mjs has the same methods, synchronous, on the thread that calls it.
import { createWorkerEngine } from '../kenko-worker.mjs';

const out = document.getElementById('out');
const progress = /** @type {HTMLProgressElement} */ (document.getElementById('progress'));
const engine = await createWorkerEngine();
await engine.setModel(await (await fetch('../examples/dear.json')).text());
out.textContent = `Ready (${await engine.threads()} thread(s)). Pick a table.`;

document.getElementById('file').addEventListener('change', async (e) => {
  const file = /** @type {HTMLInputElement} */ (e.target).files?.[0];
  if (!file) return;
  progress.hidden = false;
  try {
    const info = await engine.loadTable(file, { onProgress: (p) => { progress.value = p.totalBytes ? p.bytes / p.totalBytes : 0; } });
    const [summary, ids, scores] = await Promise.all([engine.summaryText(), engine.ids(), engine.scores()]);
    let low = 0;
    for (let i = 1; i < scores.score.length; i++) if (scores.score[i] < scores.score[low]) low = i;
    out.textContent = `${info.rows} customers (${info.encoding})\nlowest score: ${ids.get(low)} ${scores.score[low].toFixed(2)}\n\n${summary}`;
  } catch (err) {
    out.textContent = `error: ${err.message}`;
  } finally {
    progress.hidden = true;
  }
});
window.kenkoEngine = engine;
