import { chunkRows, mergeChunks, OP_HIST, OP_SPLIT } from './treeWorker.mjs';
import type { TreePool } from './pool.ts';
import { FEATURE_HIST } from './split.ts';

/** Node histograms (f × 256 × 3 doubles each), recycled within a fit. */
export class HistogramStore {
  private readonly free: Float64Array[] = [];

  constructor(private readonly features: number) {}

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.features * FEATURE_HIST);
  }

  give(h: Float64Array | null): void {
    if (h) this.free.push(h);
  }
}

/**
 * Histogram of the rows idx[start … end) (or the rows start … end themselves with `identity`) over the features
 * listed in `pool.state.features[0 … nf)`, into `out`.
 */
export function buildHistogram(
  pool: TreePool,
  start: number,
  end: number,
  identity: boolean,
  nf: number,
  out: Float64Array,
): void {
  const chunks = pool.run(OP_HIST, start, end, identity, nf);
  mergeChunks(pool.state, chunks, nf, out);
}

/**
 * Stable partition of idx[start … end) by a split (bin ≤ `bin` left, missing values left iff `missingLeft`);
 * returns the first index of the right part. With `histSide` 0 or 1 also builds the histogram of the left or
 * right part into `out`.
 */
export function partition(
  pool: TreePool,
  start: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
  nf: number,
  histSide: number,
  out: Float64Array | null,
): number {
  const chunks = pool.run(OP_SPLIT, start, end, false, nf, feature, bin, missingLeft, histSide);
  const { idx, left, right, chunkLeft } = pool.state;
  const size = chunkRows(end - start);
  let pos = start;
  for (let c = 0; c < chunks; c++) {
    const from = start + c * size;
    const nl = chunkLeft[c] as number;
    if (nl > 0) idx.set(left.subarray(from, from + nl), pos);
    pos += nl;
  }
  const mid = pos;
  for (let c = 0; c < chunks; c++) {
    const from = start + c * size;
    const to = Math.min(end, from + size);
    const nr = to - from - (chunkLeft[c] as number);
    if (nr > 0) idx.set(right.subarray(from, from + nr), pos);
    pos += nr;
  }
  if (histSide >= 0 && out) mergeChunks(pool.state, chunks, nf, out);
  return mid;
}

/** parent −= child over the listed features (histogram subtraction: the larger child's histogram). */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  features: Int32Array,
  nf: number,
): void {
  for (let q = 0; q < nf; q++) {
    const o = (features[q] as number) * FEATURE_HIST;
    for (let k = o, end = o + FEATURE_HIST; k < end; k++)
      parent[k] = (parent[k] as number) - (child[k] as number);
  }
}

/** Sums of gradients, hessians and rows of a node, read off one feature's histogram. */
export function histogramTotals(
  hist: Float64Array,
  feature: number,
): { g: number; h: number; count: number } {
  let g = 0;
  let h = 0;
  let count = 0;
  for (let k = feature * FEATURE_HIST, end = k + FEATURE_HIST; k < end; k += 3) {
    g += hist[k] as number;
    h += hist[k + 1] as number;
    count += hist[k + 2] as number;
  }
  return { g, h, count };
}
