// The Emscripten ES module kenko.mjs (made by scripts/build-site from build-wasm/kenko.js): the
// factory of the embind module. jsconfig.json's rootDirs make wasm/kenko-api.mjs's './kenko.mjs'
// resolve here.
export default function createKenkoModule(settings?: {
  locateFile?: (name: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}): Promise<any>;
