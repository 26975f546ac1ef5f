// The threaded Emscripten ES module kenko-mt.mjs (made by scripts/build-site from
// build-wasm/kenko-mt.js): the same embind module over a core with threads (pthreads).
export default function createKenkoModule(settings?: {
  locateFile?: (name: string) => string;
  mainScriptUrlOrBlob?: string;
  kenkoThreads?: number;
}): Promise<any>;
