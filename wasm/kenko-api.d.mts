// Types of kenko's JavaScript API (kenko-api.mjs; docs/JS-API.md). Every number comes from the
// C++ engine: the same as the native `kenko` program's for the same model and table.

/** A bytes source for a table: a File/Blob (read by slices), bytes, a stream, chunks or text. */
export type TableSource =
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | ArrayBuffer>
  | Iterable<Uint8Array | ArrayBuffer>
  | string;

export type Encoding = 'auto' | 'utf-8' | 'shift_jis' | 'utf-16le' | 'utf-16be';
export type Delimiter = '' | ',' | '\t' | ';' | '|';

export interface EngineOptions {
  /** Bytes of kenko.wasm (Node: read from beside the module when not given). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Browsers: where kenko.wasm (and kenko-mt.*) are; default beside kenko-api.mjs. */
  locateFile?: (name: string) => string;
  /** 'auto' (default: the cores, at most 8, on a cross-origin isolated page; else 1), a number, or false. */
  threads?: number | 'auto' | boolean;
}

export interface Progress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface LoadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** { modelColumn: headerName } chosen by the user. */
  columnMap?: Record<string, string>;
  /** 'exact' (the default, the spec) or 'loose' (ignoring case and spaces when no exact match). */
  matchColumns?: 'exact' | 'loose';
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** The size when the source is a stream. */
  totalBytes?: number;
  /** More columns to keep as text (e.g. for proposeBands). */
  keepColumns?: string[];
  /** true (default): keep the table in hand until the new one is read. */
  keepPrevious?: boolean;
  /** Bytes per chunk (64 KiB–64 MiB; default 4 MiB). */
  chunkSize?: number;
  /** A date column when one table holds several periods (the history): the latest stays in hand. */
  splitByDate?: string;
}

export interface SnapshotOptions extends LoadOptions {
  /** The snapshot's label (a date: `2024-01`). */
  label: string;
  /** Its position among the snapshots, oldest first (default last). */
  at?: number;
}

export interface TableInfo {
  rows: number;
  bytes: number;
  encoding: string;
  delimiter: string;
  header: string[];
  columns: { model: string; header: string }[];
  warnings: string[];
  /** The warnings with their codes (docs/JS-API.md, "Error codes"). */
  warningDetails: CodedMessage[];
  /** The periods, oldest first, after `splitByDate`. */
  periods?: string[];
}

export type Rule =
  | { type: 'bands'; bands: { min?: number; max?: number; points: number }[] }
  | { type: 'linear'; from: number; to: number; points?: number }
  | { type: 'boolean'; points?: number }
  | { type: 'category'; map: Record<string, number>; else?: number }
  | { type: 'percentile'; points?: number; lower_is_better?: boolean };

export type ValueSource = { column: string } | { ratio: [string, string] } | { change: [string, string] };

export interface ModelInfo {
  name: string;
  idColumn: string;
  labelColumn: string | null;
  missing: 'reweight' | 'zero';
  dimensions: { id: string; label: string; weight: number }[];
  indicators: {
    id: string;
    label: string;
    dimension: string | null;
    weight: number;
    maxPoints: number;
    source: ValueSource;
    rule: Rule;
  }[];
  segments: { id: string; label: string; min: number | null; max: number | null; color: string | null; action: string | null; hasWhen: boolean }[];
  alerts: { id: string; label: string; action: string | null }[];
  outcome: { column: string; positive: string[] } | null;
  /** The model's column names (indicator sources, conditions, id, label, outcome). */
  columns: string[];
  deterioratingDrop: number;
}

/** A model as the model format describes it (docs/MODEL.md), or its JSON text. */
export type Model = string | object;

export interface SetModelResult {
  warnings: string[];
  /** The warnings with their JSON paths and codes: warnings[i] is `path: message`. */
  warningDetails: ModelProblem[];
  model: ModelInfo;
}

/** An engine message with its code (docs/JS-API.md, "Error codes"): params' values as written. */
export interface CodedMessage {
  code: string;
  params: Record<string, string>;
  message: string;
}

/** A model's problem (or warning) at its JSON path. */
export interface ModelProblem extends CodedMessage {
  path: string;
}

export interface Results {
  rows: number;
  /** NaN: unscored. */
  score: Float64Array;
  /** 0–1. */
  coverage: Float64Array;
  /** Index into modelInfo().segments; -1: none matched; -2: unscored. */
  segment: Int32Array;
  /** rows × dimensions: dimension d of customer r at d*rows + r. */
  dimension: Float64Array;
  /** Customer r's drivers at r*3 … r*3+2 (indicator indexes, -1 after the last). */
  drivers: Int16Array;
  /** Customer r has alert a when (alerts[r*alertStride + (a >>> 5)] >>> (a & 31)) & 1. */
  alerts: Uint32Array;
  alertStride: number;
}

export interface Scores {
  score: Float64Array;
  segment: Int32Array;
}

export interface Summary {
  customers: number;
  scored: number;
  unscored: number;
  mean: number | null;
  median: number | null;
  /** 20 bins: [0,5) … [95,100]. */
  histogram: number[];
  segments: { id: string; label: string; count: number; outcome?: unknown }[];
  alerts: { id: string; label: string; count: number }[];
  indicators: { id: string; missing: number; invalid: number; firstRows: number[] }[];
  outcome: { positive: number; negative: number; excluded: number; auc: number | null } | null;
}

export interface Explanation {
  row: number;
  fileRow: number;
  id: string;
  label: string;
  score: number | null;
  coverage: number;
  /** The segment's id ('none', 'unscored' included). */
  segment: string;
  drivers: string[];
  alerts: string[];
  dimensions: { id: string; value: number | null }[];
  indicators: {
    id: string;
    value: string;
    present: boolean;
    points: number | null;
    subscore: number | null;
    share: number;
    contribution: number;
  }[];
}

export interface ImprovementStep {
  indicator: string;
  label: string;
  fromPresent: boolean;
  from: string;
  fromValue: number | null;
  fromSubscore: number | null;
  bound: 'atLeast' | 'above' | 'atMost' | 'below' | 'is';
  to: string;
  toValue: number | null;
  bandEnd: number | null;
  toSubscore: number;
  text: string;
}

export interface Improvement {
  found: boolean;
  complete: boolean;
  row: number;
  from: { segment: string; label: string; score: number | null };
  to: { segment: string; label: string; score: number } | null;
  steps: ImprovementStep[];
  reason: string;
  reasonCode?: 'unscored' | 'bestSegment' | 'alreadyInTarget' | 'unreachable' | 'budget' | string;
  evaluations: number;
  text: string[];
}

export interface Validation {
  auc: number | null;
  positive: number;
  negative: number;
  excluded: number;
  segments: { id: string; customers: number; positive: number; rate: number | null }[];
  deciles: { decile: number; customers: number; positive: number; rate: number; lift: number; minScore: number; maxScore: number }[];
  indicators: { id: string; auc: number | null; missing: number; missingRate: number }[];
  /** [fpr, tpr, threshold] from [0,0] to [1,1]. */
  roc: [number, number, number][];
}

export interface Fit {
  heldoutAucBefore: number | null;
  heldoutAucAfter: number | null;
  folds: { before: number | null; after: number | null }[];
  customers: number;
  positive: number;
  note: string | null;
  indicators: { id: string; weight: number }[];
  dimensions: { id: string; weight: number }[];
}

export interface BandsProposal {
  rule: Rule;
  healthy: number;
  healthyWithValue: number;
  reach: { threshold: number; healthyShare: number; allShare: number }[];
  notes: string[];
}

export interface Trends {
  matched: number;
  onlyNow: number;
  onlyPrevious: number;
  deterioratingCount: number;
  /** -1: not in the previous snapshot. */
  previousRow: Int32Array;
  scorePrev: Float64Array;
  /** NaN unless both scored. */
  scoreChange: Float64Array;
  /** As segment; -3: not in the previous snapshot. */
  segmentPrev: Int32Array;
  /** Indicator index; -1: none. */
  changeDriver: Int32Array;
  deteriorating: Uint8Array;
}

/** A what-if state, keyed by the model's ids, relative to the model as loaded. */
export interface WhatIf {
  indicators?: Record<string, number>;
  dimensions?: Record<string, number>;
  bounds?: Record<string, { min: number | null; max: number | null }>;
  rules?: Record<string, Rule>;
}

export interface Weights {
  indicators: Record<string, number>;
  dimensions: Record<string, number>;
}

export interface Evaluation {
  score: Float64Array;
  segment: Int32Array;
  auc: number | null;
}

export interface ScoredCsvOptions {
  bom?: boolean;
  label?: boolean;
  excelSafe?: boolean;
}

/** A model error: one problem per JSON path. */
/** history() (docs/JS-API.md, "History"): the numbers of `kenko history`. */
export interface History {
  periods: { label: string; customers: number; scored: number; mean: number | null; segments: { id: string; count: number; value?: number }[] }[];
  flows: { from: string; to: string; ids: string[]; counts: number[][] }[];
  rows: number;
  streak: number;
  minDrop: number;
  deteriorating: number;
  /** periods × rows: period p of customer r at p * rows + r (NaN where absent). */
  score: Float64Array;
  /** periods × rows (-3 where absent). */
  segment: Int32Array;
  streakOf: Uint32Array;
}

export interface SqlOptions {
  dialect?: 'duckdb' | 'postgres' | 'sqlite';
  table?: string;
  fullPrecision?: boolean;
  previousTable?: string;
}

/** profileTable() (docs/JS-API.md, "A model from the table's own columns"). */
export interface TableProfile {
  rows: number;
  bytes: number;
  encoding: string;
  delimiter: string;
  header: string[];
  warnings: string[];
  warningDetails: CodedMessage[];
  columns: {
    name: string;
    index: number;
    kind: 'number' | 'percent' | 'yes/no' | 'category' | 'date' | 'id' | 'text' | 'empty';
    read: boolean;
    unread: string | null;
    rows: number;
    missing: number;
    missingRate: number;
    present: number;
    numbers: number;
    distinct: number;
    constant: boolean;
    unique: boolean;
    numberStats: { count: number; min: number; max: number; mean: number; integers: boolean; quantiles: { q: number; value: number }[] } | null;
    values: { text: string; count: number }[];
    trueTexts: string[];
    falseTexts: string[];
    spacedShare: number;
    meanLength: number;
  }[];
}

export interface ProposeOptions {
  outcome?: string;
  positive?: string[];
  id?: string;
  label?: string;
  keep?: string[];
  drop?: string[];
  directions?: Record<string, 'higher' | 'lower'>;
  name?: string;
  fit?: boolean;
  folds?: number;
  fitSample?: number;
}

/** proposeModel(): a model and, per column, what was chosen and why. */
export interface Proposal {
  /** Model JSON (docs/MODEL.md): setModel takes it as it is. */
  model: Record<string, unknown>;
  rows: number;
  outcome: { column: string; positive: string[]; positiveCount: number; negativeCount: number } | null;
  columns: {
    name: string;
    kind: string;
    role: 'id' | 'label' | 'outcome' | 'indicator' | 'left out';
    include: boolean;
    leak: boolean;
    indicator: string | null;
    weight: number | null;
    share: number | null;
    rule: string;
    direction: 'higher' | 'lower' | null;
    directionFrom: 'outcome' | 'header' | 'you' | 'assumed' | '';
    directionReason: string;
    dimension: string | null;
    dimensionWords: string[];
    dimensionReason: string;
    reason: string;
    auc: number | null;
    presenceAuc: number | null;
    missingRate: number;
    distinct: number;
    values?: { text: string; count: number; positive: number; negative: number; rate: number }[];
  }[];
  fit: { heldoutAucBefore: number; heldoutAucAfter: number; customers: number; positive: number; folds: number; note: string | null } | null;
  fitRows: number;
  notes: string[];
}

export interface KenkoModelError extends Error {
  name: 'KenkoModelError';
  code: 'model.invalid';
  params: { count: string };
  problems: ModelProblem[];
}

/** A table error: the header read, when it was (for a column mapping); its code (table.*, csv.*, mapping.*) when it has one. */
export interface KenkoTableError extends Error {
  name: 'KenkoTableError';
  header: string[];
  code?: string;
  params?: Record<string, string>;
}

/** The texts of a column: UTF-8 bytes and offsets (rows + 1), decoded row by row. */
export class TextColumn implements Iterable<string> {
  constructor(bytes: Uint8Array, offsets: Uint32Array);
  bytes: Uint8Array;
  offsets: Uint32Array;
  static from(x: { bytes: Uint8Array; offsets: Uint32Array }): TextColumn;
  readonly length: number;
  /** Row i's text ('' outside the column). */
  get(i: number): string;
  toArray(): string[];
  [Symbol.iterator](): Iterator<string>;
}

/** The engine: synchronous methods over one WebAssembly engine (loadTable is async). */
export interface KenkoEngine {
  setModel(model: Model): SetModelResult;
  modelInfo(): ModelInfo;
  loadTable(source: TableSource, options?: LoadOptions): Promise<TableInfo>;
  loadPreviousTable(source: TableSource, options?: LoadOptions): Promise<TableInfo>;
  tableInfo(): TableInfo;
  hasPreviousTable(): boolean;
  clearPreviousTable(): void;
  trends(): Trends;
  loadSnapshot(source: TableSource, options: SnapshotOptions): Promise<TableInfo>;
  snapshots(): { label: string; info: TableInfo }[];
  removeSnapshot(index: number): void;
  clearSnapshots(): void;
  setTableLabel(label: string): void;
  tableLabel(): string;
  history(options?: { streak?: number; minDrop?: number }): History;
  /** Each customer's value (the model's value_column), or null without one. */
  values(): Float64Array | null;
  /** The model in force as one SQL query (docs/SQL.md). */
  sql(options?: SqlOptions): string;
  profileTable(source: TableSource, options?: LoadOptions): Promise<TableProfile>;
  tableProfile(): TableProfile;
  proposeModel(options?: ProposeOptions): Proposal;
  clearTableProfile(): void;
  results(): Results;
  scores(): Scores;
  ids(): TextColumn;
  labels(): TextColumn | null;
  texts(column: string): TextColumn;
  textOrder(column: string): Uint32Array;
  summary(): Summary;
  explain(row: number): Explanation;
  improvement(row: number): Improvement;
  summaryText(): string;
  validationText(): string;
  auc(): number | null;
  validation(whatIf?: WhatIf): Validation;
  scoredCsv(options?: ScoredCsvOptions): Uint8Array;
  scoredJson(): string;
  fitWeights(options?: { folds?: number }): Fit;
  proposeBands(indicatorId: string, healthy?: { column?: string; values?: string[] }): BandsProposal;
  setWhatIf(state?: WhatIf): void;
  whatIf(): WhatIf;
  evaluateWhatIf(state?: WhatIf): Evaluation;
  weights(): Weights;
  setWeights(weights: { indicators?: Record<string, number>; dimensions?: Record<string, number> }): void;
  setSegmentBounds(segmentId: string, bounds: { min?: number | null; max?: number | null }): void;
  setSegmentBounds(bounds: Record<string, { min?: number | null; max?: number | null }>): void;
  setRule(indicatorId: string, rule: Rule | string | null): void;
  resetWhatIf(): void;
  wasmMemoryBytes(): number;
  threads(): number;
  dispose(): void;
}

/** Creates an engine (loads the WebAssembly module once per realm). */
export function createEngine(options?: EngineOptions): Promise<KenkoEngine>;

/** The error a cancelled operation rejects with (name 'AbortError'). */
export function abortError(message?: string): Error;
