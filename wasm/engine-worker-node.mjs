// Node's side of createWorkerEngine() (kenko-worker.mjs): runs engine-worker.mjs in a
// worker_threads Worker, giving it the `self.onmessage` / `self.postMessage` of a Web Worker.
import { parentPort, workerData } from 'node:worker_threads';

const scope = /** @type {any} */ (globalThis);
scope.self = scope;
scope.postMessage = (msg, options) => parentPort.postMessage(msg, Array.isArray(options) ? options : options?.transfer ?? []);
// Messages that come while the worker's module loads wait for it.
const early = [];
parentPort.on('message', (data) => (scope.onmessage ? scope.onmessage({ data }) : early.push(data)));
await import(workerData?.workerUrl ?? new URL('./engine-worker.mjs', import.meta.url).href);
for (const data of early.splice(0)) scope.onmessage({ data });
