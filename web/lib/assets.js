// The page's own files it fetches (the bundled examples): over http, fetch(); in the single-file
// page (scripts/build-single), where a file:// page cannot fetch, from the copies inlined in it,
// registered with setAssets() before the page starts.

/** @type {Map<string, () => Promise<Blob>>} */
let inlined = new Map();

/** path → a function resolving the file's bytes as a Blob (the single-file page). */
export function setAssets(map) {
  inlined = map;
}

/** fetch(path), or the inlined copy: → a Response. */
export async function fetchAsset(path) {
  const get = inlined.get(path);
  return get ? new Response(await get()) : fetch(path);
}
