// Types of the worker engine (kenko-worker.mjs): the engine of kenko-api.mjs in a Web Worker,
// every method returning a promise.
import type { KenkoEngine, LoadOptions, TextColumn } from './kenko-api.mjs';

export { TextColumn, abortError } from './kenko-api.mjs';
export type * from './kenko-api.mjs';

export interface WorkerEngineOptions {
  /** As createEngine's: 'auto', a number, or false. */
  threads?: number | 'auto' | boolean;
  /** Bytes of kenko.wasm. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where kenko.wasm is, when not beside kenko-api.mjs. */
  wasmUrl?: string | URL;
  /** A Worker already running engine-worker.mjs (e.g. one a bundler made). */
  worker?: Worker;
  /** Where engine-worker.mjs is, when not beside kenko-worker.mjs. */
  workerUrl?: string | URL;
}

/** What the worker engine takes as a table: no iterables (they cannot cross to the worker). */
export type WorkerTableSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | string;

type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

type Forwarded = Omit<KenkoEngine, 'loadTable' | 'loadPreviousTable' | 'loadSnapshot' | 'profileTable' | 'dispose' | 'setSegmentBounds'>;

export interface KenkoWorkerEngine extends Promised<Forwarded> {
  loadTable(source: WorkerTableSource, options?: LoadOptions): Promise<import('./kenko-api.mjs').TableInfo>;
  loadPreviousTable(source: WorkerTableSource, options?: LoadOptions): Promise<import('./kenko-api.mjs').TableInfo>;
  loadSnapshot(source: WorkerTableSource, options: import('./kenko-api.mjs').SnapshotOptions): Promise<import('./kenko-api.mjs').TableInfo>;
  profileTable(source: WorkerTableSource, options?: LoadOptions): Promise<import('./kenko-api.mjs').TableProfile>;
  setSegmentBounds(segmentId: string, bounds: { min?: number | null; max?: number | null }): Promise<void>;
  setSegmentBounds(bounds: Record<string, { min?: number | null; max?: number | null }>): Promise<void>;
  ids(): Promise<TextColumn>;
  labels(): Promise<TextColumn | null>;
  texts(column: string): Promise<TextColumn>;
  /** One engine call by name. */
  call(op: string, args?: unknown[]): Promise<any>;
  /** Several calls [[op, ...args], ...] in one message, in order, stopping at the first that throws. */
  batch(calls: [string, ...unknown[]][]): Promise<any[]>;
  /** Stops the worker; waiting calls reject with an AbortError, later ones throw. */
  dispose(): void;
}

/** Starts an engine in a Web Worker (Node: a worker_threads Worker). */
export function createWorkerEngine(options?: WorkerEngineOptions): Promise<KenkoWorkerEngine>;
