// A model (and a what-if state) in a link's fragment: `#model=<z>&whatif=<z>`, each <z> the JSON
// compressed with deflate-raw and written in base64url — so that sharing a link shares a model,
// never data (a fragment is not even sent to the server). Also the page's embedding parameters
// in the fragment: `allow=<origin>,<origin>` (docs/EMBED.md).

/** Bytes → base64url (no padding). */
export function toBase64Url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (or base64) → bytes; throws on anything else. */
export function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*=*$/.test(b64)) throw new Error('not base64url');
  const s = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/** A JSON value → compressed base64url text. */
export async function packJson(value) {
  const text = JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value);
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** Compressed base64url text → the JSON text (throws a readable Error when it is not one). */
export async function unpackJson(packed, what = 'model') {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(packed), new DecompressionStream('deflate-raw')));
    JSON.parse(text);
  } catch {
    throw new Error(`the link's ${what} could not be read (the link is cut short or altered)`);
  }
  return text;
}

/** The fragment's parameters (URLSearchParams of what follows '#'). */
export function fragmentParams(hash = globalThis.location?.hash ?? '') {
  return new URLSearchParams(hash.replace(/^#/, ''));
}

/** {modelText, whatIf|null} from a fragment with `model=`, or null when it has none. */
export async function readLink(hash) {
  const p = fragmentParams(hash);
  const model = p.get('model');
  if (!model) return null;
  const modelText = await unpackJson(model, 'model');
  const w = p.get('whatif');
  const whatIf = w ? JSON.parse(await unpackJson(w, 'what-if')) : null;
  return { modelText, whatIf };
}

/** A link to `base` (the page's address) with the model and, when not empty, the what-if state. */
export async function makeLink(base, model, whatIf = null) {
  const url = new URL(base);
  const p = fragmentParams(url.hash);
  p.delete('model');
  p.delete('whatif');
  p.set('model', await packJson(model));
  const changed = whatIf && ['indicators', 'dimensions', 'bounds', 'rules'].some((k) => Object.keys(whatIf[k] ?? {}).length);
  if (changed) p.set('whatif', await packJson(whatIf));
  url.hash = p.toString();
  return url.href;
}
