// The few Node built-ins wasm/kenko-api.mjs imports when it runs under Node (no @types/node: the
// page's files are checked against the browser's globals only).
declare module 'node:module' {
  export function createRequire(url: string | URL): (id: string) => any;
}
declare module 'node:fs' {
  export function readFileSync(path: string | URL): Uint8Array;
}
declare module 'node:url' {
  export function fileURLToPath(url: string | URL): string;
}
