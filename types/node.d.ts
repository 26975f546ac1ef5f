// The few Node built-ins wasm/*.mjs import when they run under Node (no @types/node: the
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
declare module 'node:worker_threads' {
  export const parentPort: { postMessage(value: any, transfer?: any[]): void; on(event: string, listener: (value: any) => void): void };
  export const workerData: any;
  export class Worker {
    constructor(url: string | URL, options?: { workerData?: any });
    on(event: string, listener: (...args: any[]) => void): this;
    postMessage(value: any, transfer?: any[]): void;
    terminate(): Promise<number>;
  }
}
