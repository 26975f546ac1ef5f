// The host's side of iframe.html: embeds the kenko page, allows this page's origin to drive it,
// and sends it a model and tables (postMessage, docs/EMBED.md). `?kenko=URL` names the kenko
// page when it is served from another origin (default: ../index.html beside this example).
const params = new URLSearchParams(location.search);
const kenkoUrl = new URL(params.get('kenko') ?? '../index.html', location.href);
const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('kenko'));
const out = document.getElementById('out');
frame.src = `${kenkoUrl.href.split('#')[0]}#allow=${encodeURIComponent(location.origin)}`;

let nextId = 1;
const waiting = new Map();
const ready = new Promise((resolve) => {
  window.addEventListener('message', (event) => {
    if (event.origin !== kenkoUrl.origin || event.source !== frame.contentWindow) return; // only kenko's answers
    const msg = event.data;
    if (msg?.kenko !== 1) return;
    if (msg.type === 'ready') resolve(msg);
    else if (msg.type === 'scored') out.textContent = `kenko scored ${msg.rows} customers with “${msg.model}”`;
    else if (msg.type === 'result') {
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.ok) w?.resolve(msg.result);
      else w?.reject(Object.assign(new Error(msg.error.message), msg.error));
    }
  });
});

/** Sends one request to the kenko page; → its result. */
export async function send(type, body = {}, transfer = []) {
  await ready;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    frame.contentWindow.postMessage({ kenko: 1, id, type, ...body }, kenkoUrl.origin, transfer);
  });
}

const show = (x) => { out.textContent = typeof x === 'string' ? x : JSON.stringify(x, null, 2); };
const fail = (err) => show(`error: ${err.message}`);

document.getElementById('send-model').addEventListener('click', async () => {
  try {
    const model = await (await fetch('../examples/dear.json')).json();
    show(await send('load-model', { model }));
  } catch (err) { fail(err); }
});
document.getElementById('send-table').addEventListener('change', async (e) => {
  const file = /** @type {HTMLInputElement} */ (e.target).files?.[0];
  if (!file) return;
  try {
    const data = await file.arrayBuffer();
    show(await send('load-table', { data, name: file.name }, [data])); // the buffer is transferred
  } catch (err) { fail(err); }
});
document.getElementById('get-results').addEventListener('click', async () => {
  try {
    const r = await send('get-results');
    show({ model: r.model, rows: r.rows, counts: r.counts, mean: r.mean, auc: r.auc });
  } catch (err) { fail(err); }
});
// For the tests and the console.
window.kenkoHost = { send, ready };
