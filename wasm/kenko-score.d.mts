// Types of the <kenko-score> custom element (kenko-score.mjs; docs/EMBED.md).
import type { Explanation, Improvement, Results, Summary, TableInfo, TextColumn, LoadOptions } from './kenko-api.mjs';
import type { KenkoWorkerEngine, WorkerTableSource } from './kenko-worker.mjs';

/** `results` in table mode: the engine's results, summary, texts and the table's info. */
export interface TableResults extends Results {
  summary: Summary;
  ids: TextColumn;
  labels: TextColumn | null;
  table: TableInfo;
}

/** `results` in self-check mode. */
export interface SelfCheckResults {
  score: number | null;
  segment: string;
  explanation: Explanation;
  improvement: Improvement;
  /** The one-row table scored (CSV). */
  table: string;
}

export interface KenkoScoredDetail {
  mode: 'table' | 'self-check';
  rows?: number;
  summary?: Summary;
  table?: TableInfo;
  score?: number | null;
  segment?: string;
  explanation?: Explanation;
  improvement?: Improvement;
}

export interface KenkoErrorDetail {
  error: { name: string; message: string; problems?: { path: string; message: string }[]; header?: string[] };
}

export class KenkoScoreElement extends HTMLElement {
  /** The model in force (parsed); set an object or JSON text to replace it. */
  get model(): Record<string, unknown> | null;
  set model(value: Record<string, unknown> | string | null);
  /** What is shown: TableResults (mode="table") or SelfCheckResults (mode="self-check"); null before. */
  readonly results: TableResults | SelfCheckResults | null;
  /** The element's worker engine. */
  readonly engine: Promise<KenkoWorkerEngine>;
  readonly mode: 'table' | 'self-check';
  /** Reads and scores a table (table mode). */
  loadTable(source: WorkerTableSource, options?: LoadOptions & { name?: string }): Promise<TableInfo>;
  /** The one-row CSV the self-check form stands for. */
  selfCheckTable(): string | null;
}

/** Two decimals like printf("%.2f"), as the engine writes scores. */
export function fmt2(x: number | null | undefined): string;

declare global {
  interface HTMLElementTagNameMap {
    'kenko-score': KenkoScoreElement;
  }
  interface HTMLElementEventMap {
    'kenko-scored': CustomEvent<KenkoScoredDetail>;
    'kenko-error': CustomEvent<KenkoErrorDetail>;
  }
}
