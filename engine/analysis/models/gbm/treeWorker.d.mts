// Types of treeWorker.mjs (plain JavaScript so that it loads as a worker without a TypeScript loader).

export declare const OP_HIST: 1;
export declare const OP_SPLIT: 2;
export declare const OP_GRAD: 3;
export declare const OP_STOP: 9;
export type TreeOp = 1 | 2 | 3;

export declare const MISSING_BIN: 255;
export declare const BIN_WIDTH: 3;
export declare const FEATURE_HIST: 768;
export declare const MAX_CHUNKS: 16;

/** Everything a job reads and writes; shared with the workers when its arrays sit on SharedArrayBuffers. */
export interface TreeState {
  readonly bins: Uint8Array;
  /** The shared WebAssembly memory every array below sits on; null when the histograms are built in JavaScript. */
  readonly memory: { readonly buffer: ArrayBufferLike } | null;
  readonly rowBins: Uint8Array;
  readonly n: number;
  readonly f: number;
  readonly gh: Float64Array;
  readonly idx: Uint32Array;
  readonly left: Uint32Array;
  readonly right: Uint32Array;
  readonly chunkHist: Float64Array;
  readonly chunkLeft: Int32Array;
  readonly features: Int32Array;
  readonly raw: Float64Array;
  readonly y: Uint8Array;
  readonly weight: Float64Array;
  readonly job: Int32Array;
  readonly control: Int32Array;
  /** The chunk histograms added up by the kernel. */
  readonly merged: Float64Array;
  /** Per chunk, the WebAssembly kernel's gather blocks. */
  readonly scratch: Uint8Array;
}

export declare function chunkRows(m: number): number;
export declare function createState(bins: Uint8Array, n: number, f: number): TreeState;
export declare function drain(s: TreeState): void;
export declare function runJob(
  s: TreeState,
  workers: number,
  op: TreeOp,
  start: number,
  end: number,
  identity: boolean,
  nFeatures: number,
  splitFeature: number,
  splitBin: number,
  missingLeft: boolean,
  histSide: number,
): number;
export declare function mergeChunks(s: TreeState, chunks: number, nf: number, out: Float64Array): void;
export declare function addToRows(s: TreeState, from: number, to: number, value: number): void;
export declare function setWeighted(s: TreeState, weighted: boolean): void;
export declare function stopWorkers(s: TreeState): void;
