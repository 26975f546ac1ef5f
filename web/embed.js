// The page as a component of other pages (docs/EMBED.md):
// - a model (and a what-if state) from the link's fragment, `#model=…&whatif=…` (lib/link.js):
//   the page opens with that model and no table (a link shares a model, never data); a new
//   fragment opens its model;
// - in an iframe, a postMessage protocol for the origins the host names in the fragment
//   (`#allow=https://host.example,https://other.example`); every other sender is ignored.
//   Messages carry `kenko: 1`. Host → page: {kenko: 1, id, type: 'load-model', model,
//   keepTable?} | {…, type: 'load-table', data: ArrayBuffer|Blob|string, name?, encoding?} |
//   {…, type: 'set-what-if', whatIf} | {…, type: 'get-results'}. Page → host: {kenko: 1, type:
//   'ready'} once the page is ready, {kenko: 1, type: 'scored', rows, model} after each table
//   scored, {kenko: 1, type: 'result', id, ok: true, result} | {…, ok: false, error: {name,
//   message, problems?, header?}} for each request. Buffers are transferred.
import { fragmentParams, readLink } from './lib/link.js';
import { t } from './i18n/index.js';

/** The origins allowed to drive the page (normalised; 'null' and '*' are never allowed). */
export function allowedOrigins(hash = location.hash) {
  const list = (fragmentParams(hash).get('allow') ?? '').split(/[\s,]+/).filter(Boolean);
  const out = [];
  for (const o of list) {
    try {
      const origin = new URL(o).origin;
      if (origin !== 'null' && !out.includes(origin)) out.push(origin);
    } catch { /* not a URL: ignored */ }
  }
  return out;
}

/**
 * Opens the model of a `#model=` link (with its what-if state), without a table. → null when
 * the fragment has no model, else a promise of whether it is in force.
 * @param {{controller: any, showError: (e: Error) => void}} app
 */
export function openLinkedModel(app, hash = location.hash) {
  if (!fragmentParams(hash).get('model')) return null;
  const ctl = app.controller;
  return ctl.track((async () => {
    let link;
    try {
      link = await readLink(hash);
    } catch (err) {
      const e = new Error(`${t('embed.linkError')} (${err.message})`);
      e.name = 'KenkoLinkError';
      app.showError(e);
      return false;
    }
    const ok = await ctl.load({ modelText: link.modelText, source: null });
    if (ok && link.whatIf) ctl.setWhatIfState(link.whatIf);
    return ok;
  })());
}

/** Resolves when the page has had nothing to do for two checks in a row. */
async function idle(ctl) {
  for (let quiet = 0; quiet < 2;) {
    await new Promise((r) => setTimeout(r, 16));
    quiet = ctl.busy() ? 0 : quiet + 1;
  }
}

function errorData(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const out = { name: e.name || 'Error', message: e.message };
  const x = /** @type {any} */ (e);
  // The engine's message code and parameters (docs/JS-API.md, "Error codes"), when it has them.
  const coded = (c) => (c.code ? { code: String(c.code), params: { ...c.params } } : {});
  Object.assign(out, coded(x));
  if (Array.isArray(x.problems)) out.problems = x.problems.map((p) => ({ path: String(p.path), message: String(p.message), ...coded(p) }));
  if (Array.isArray(x.header)) out.header = x.header.map(String);
  return out;
}

/**
 * Listens for the host's messages (only from `origins`) and tells the host when the page is
 * ready and when a table is scored. → {handled, ignored} counts (a test hook).
 * @param {{controller: any}} app
 * @param {{origins: string[], ready: Promise<any>}} options
 */
export function startMessaging(app, { origins, ready }) {
  const ctl = app.controller;
  const stats = { handled: 0, ignored: 0 };
  const host = window.parent !== window ? window.parent : window.opener;
  const tell = (msg) => { for (const o of origins) host?.postMessage({ kenko: 1, ...msg }, o); };

  async function failed(run) {
    ctl.lastError = null;
    const ok = await run;
    await idle(ctl);
    if (!ok) throw ctl.lastError ?? new Error('cancelled');
  }

  const handlers = {
    async 'load-model'(msg) {
      const text = typeof msg.model === 'string' ? msg.model : JSON.stringify(msg.model);
      await failed(ctl.load(msg.keepTable ? { modelText: text } : { modelText: text, source: null }));
      return { name: ctl.model?.info.name ?? null, warnings: ctl.model?.warnings ?? [] };
    },
    async 'load-table'(msg) {
      const data = msg.data instanceof Blob ? msg.data : new Blob([msg.data ?? '']);
      const name = String(msg.name ?? 'table.csv');
      await failed(ctl.load({ source: { data, name, size: data.size }, options: { encoding: msg.encoding ?? 'auto', columnMap: msg.columnMap ?? {} } }));
      const t = ctl.table;
      return { rows: t.rows, encoding: t.encoding, delimiter: t.delimiter, warnings: t.warnings };
    },
    async 'set-what-if'(msg) {
      const dropped = ctl.whatIfDropped(msg.whatIf ?? {});
      ctl.setWhatIfState(msg.whatIf ?? {});
      await idle(ctl);
      return { whatIf: ctl.whatIfState(), dropped };
    },
    async 'get-results'() {
      await idle(ctl);
      if (!ctl.results) throw new Error('no table has been scored yet');
      const [summary, scores, csv] = await ctl.client.batch([['summary'], ['scores'], ['scoredCsv', {}]]);
      const counts = Object.fromEntries(summary.segments.map((s) => [s.id, s.count]));
      return {
        transfer: [scores.score.buffer, scores.segment.buffer, csv.buffer],
        result: {
          model: ctl.model?.info.name ?? null, rows: summary.customers, counts, mean: summary.mean, median: summary.median,
          histogram: summary.histogram, auc: summary.outcome?.auc ?? null, whatIf: ctl.whatIfState(),
          segments: ctl.segments.map((s) => s.id), score: scores.score, segment: scores.segment, scoredCsv: csv,
        },
      };
    },
  };

  window.addEventListener('message', async (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || msg.kenko !== 1 || msg.type === 'result') return;
    if (!origins.includes(event.origin) || !event.source) {
      stats.ignored++;
      return;
    }
    stats.handled++;
    const source = /** @type {Window} */ (event.source);
    const reply = (body, transfer = []) => source.postMessage({ kenko: 1, type: 'result', id: msg.id ?? null, ...body }, { targetOrigin: event.origin, transfer });
    try {
      const handler = handlers[msg.type];
      if (!handler) throw new Error(`unknown message type '${msg.type}' (load-model, load-table, set-what-if, get-results)`);
      await ready.catch(() => {});
      const out = await handler(msg);
      if (out && 'transfer' in out) reply({ ok: true, result: out.result }, out.transfer);
      else reply({ ok: true, result: out });
    } catch (err) {
      reply({ ok: false, error: errorData(err) });
    }
  });

  if (origins.length && host) {
    ready.then(() => tell({ type: 'ready' }), () => tell({ type: 'ready', error: errorData(ctl.lastError ?? new Error('the page could not start')) }));
    ctl.addEventListener('shown', (/** @type {CustomEvent} */ e) => tell({ type: 'scored', rows: e.detail.rows, model: ctl.model?.info.name ?? null }));
  }
  return stats;
}
