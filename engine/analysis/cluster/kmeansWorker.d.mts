// Types of kmeansWorker.mjs (plain JavaScript so that it loads as a worker without a TypeScript loader).

export declare const OP_SEED_FIRST: 0;
export declare const OP_SEED_TRIALS: 1;
export declare const OP_SEED_APPLY: 2;
export declare const OP_SUMS: 3;
export declare const OP_FULL: 4;
export declare const OP_STEP: 5;
export declare const OP_FINAL: 6;
export type KernelOp = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Everything a pass reads and writes; shared with the workers when its arrays sit on SharedArrayBuffers. */
export interface KernelState {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly trials: number;
  readonly chunkSize: number;
  readonly chunks: number;
  /** Width of a chunk's row in `stats`. */
  readonly width: number;
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly centres: Float64Array;
  readonly halfMin: Float64Array;
  readonly shift: Float64Array;
  readonly candidates: Float64Array;
  readonly trialDist: Float64Array;
  readonly seedGap: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly stats: Float64Array;
  readonly control: Int32Array;
}

export declare function statsWidth(trials: number): number;
export declare function chunkRows(n: number): number;
export declare function createState(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  trials: number,
  shared: boolean,
): KernelState;
export declare function drain(s: KernelState, op: KernelOp, a: number, b: number): void;
