import type { Matrix } from '../../matrix.ts';
import { Rng } from '../../random.ts';
import { sortFloat64 } from './histogramKernel.mjs';

/** Bin code of a missing value (NaN); value bins are 0 … maxBins − 1 ≤ 254. */
export const MISSING_BIN = 255;
/** Largest number of value bins per feature (one byte per code, the last code kept for missing values). */
export const MAX_BINS = 255;
/** Cells of the lookup grid of {@link applyBins}. */
const GRID = 2048;
/** scikit-learn's cap on +∞ thresholds (`ALMOST_INF`). */
const ALMOST_INF = 1e300;

/**
 * The bin edges of every feature, as scikit-learn's `_BinMapper` makes them: a value x of feature j goes to the first
 * bin k with x ≤ thresholds[j][k] (bin thresholds[j].length when it exceeds them all), NaN to {@link MISSING_BIN}.
 */
export interface BinEdges {
  readonly thresholds: readonly Float64Array[];
  /** 1 for the features that had missing values in training (their splits learn where NaN goes). */
  readonly hasMissing: Uint8Array;
}

/**
 * Thresholds of one feature from its non-missing values (sorted ascending, modified in place by nothing): with at most
 * `maxBins` distinct values the midpoints between consecutive ones, else the `maxBins − 1` inner quantiles at
 * 100·k / maxBins per cent, each the midpoint of its two order statistics (numpy's `percentile(…, method='midpoint')`).
 * Identical to scikit-learn 1.2's `_find_binning_thresholds`.
 */
export function binThresholds(sorted: Float64Array, maxBins = MAX_BINS): Float64Array {
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  let out: Float64Array;
  if (distinct <= maxBins) {
    out = new Float64Array(Math.max(0, distinct - 1));
    let k = 0;
    let prev = sorted[0] ?? 0;
    for (let i = 1; i < n; i++) {
      const v = sorted[i] as number;
      if (v !== prev) {
        out[k++] = (prev + v) * 0.5;
        prev = v;
      }
    }
  } else {
    out = new Float64Array(maxBins - 1);
    const step = 100 / maxBins;
    for (let k = 1; k < maxBins; k++) {
      const q = (k * step) / 100;
      const at = (n - 1) * q;
      const virtual = 0.5 * (Math.floor(at) + Math.ceil(at));
      const lo = Math.floor(virtual);
      const a = sorted[lo] as number;
      if (virtual === lo) out[k - 1] = a;
      else {
        const b = sorted[Math.min(n - 1, lo + 1)] as number;
        out[k - 1] = b - (b - a) * 0.5;
      }
    }
  }
  for (let k = 0; k < out.length; k++) if ((out[k] as number) > ALMOST_INF) out[k] = ALMOST_INF;
  return out;
}

/**
 * Fits the bin edges of every column of `x` (its rows listed in `rows`, or all) on at most `subsample` of them (a
 * seeded sample without replacement, as scikit-learn's 200,000), ignoring missing values.
 */
export function fitBinEdges(
  x: Matrix,
  options: { maxBins?: number; subsample?: number; seed?: number; rows?: Uint32Array } = {},
): BinEdges {
  const { maxBins = MAX_BINS, subsample = 200_000, seed = 0 } = options;
  const { cols, data } = x;
  let rows = options.rows ?? null;
  const total = rows ? rows.length : x.rows;
  if (total > subsample) {
    const all = new Uint32Array(total);
    for (let i = 0; i < total; i++) all[i] = rows ? (rows[i] as number) : i;
    const rng = new Rng(seed ^ 0x5bd1e995);
    for (let i = 0; i < subsample; i++) {
      const j = i + rng.int(total - i);
      const t = all[i] as number;
      all[i] = all[j] as number;
      all[j] = t;
    }
    rows = all.subarray(0, subsample).sort();
  }
  const m = rows ? rows.length : x.rows;
  // The sample, column-major, gathered in one pass over its rows (a column at a time would read the
  // whole matrix once per column). NaN is left out and counted.
  const columns = new Float64Array(m * cols);
  const present = new Int32Array(cols);
  for (let t = 0; t < m; t++) {
    const p = (rows ? (rows[t] as number) : t) * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[p + j] as number;
      if (v === v) columns[j * m + present[j]!++] = v;
    }
  }
  const thresholds: Float64Array[] = [];
  const hasMissing = new Uint8Array(cols);
  for (let j = 0; j < cols; j++) {
    const k = present[j]!;
    if (k < m) hasMissing[j] = 1;
    thresholds.push(binThresholds(sortFloat64(columns.subarray(j * m, j * m + k)), maxBins));
  }
  // Missing values anywhere in the training rows (not only in the sample) make the splits learn their side.
  if (total > m && hasMissing.includes(0)) {
    const all = options.rows;
    for (let t = 0; t < total; t++) {
      const p = (all ? (all[t] as number) : t) * cols;
      for (let j = 0; j < cols; j++) if (data[p + j] !== data[p + j]) hasMissing[j] = 1;
    }
  }
  return { thresholds, hasMissing };
}

/** The bin of value v among ascending thresholds (binary search: the first k with v ≤ thresholds[k]). */
export function binOf(v: number, thresholds: Float64Array): number {
  if (v !== v) return MISSING_BIN;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= (thresholds[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bin codes of the rows of `x` (all, or those listed in `rows`), column-major: feature j of row i at j·n + i, where n
 * is the number of rows coded.
 */
export function applyBins(x: Matrix, edges: BinEdges, rows?: ArrayLike<number>): Uint8Array {
  const { cols, data } = x;
  const n = rows ? rows.length : x.rows;
  const out = new Uint8Array(n * cols);
  const cellStart = new Float64Array(GRID);
  const cellBin = new Int32Array(GRID);
  for (let j = 0; j < cols; j++) {
    const t = edges.thresholds[j] as Float64Array;
    const len = t.length;
    const col = j * n;
    if (len === 0) {
      // One distinct value: every present value is bin 0.
      for (let i = 0; i < n; i++) {
        const v = data[(rows ? (rows[i] as number) : i) * cols + j] as number;
        out[col + i] = v !== v ? MISSING_BIN : 0;
      }
      continue;
    }
    // A uniform grid over [first, last threshold]: each cell knows the bin of its left edge, a lower bound of the
    // bin of any value in it, from which a short forward scan finds the exact bin (same result as binOf).
    const lo = t[0] as number;
    const hi = t[len - 1] as number;
    const width = (hi - lo) / GRID;
    const gridded = width > 0 && Number.isFinite(width);
    if (gridded) {
      for (let c = 0; c < GRID; c++) {
        const edge = lo + c * width;
        cellStart[c] = edge;
        cellBin[c] = binOf(edge, t);
      }
    }
    for (let i = 0; i < n; i++) {
      const v = data[(rows ? (rows[i] as number) : i) * cols + j] as number;
      let code: number;
      if (v !== v) code = MISSING_BIN;
      else if (v <= lo) code = 0;
      else if (v > hi) code = len;
      else if (gridded) {
        let c = Math.min(GRID - 1, Math.floor((v - lo) / width));
        while (c > 0 && v < (cellStart[c] as number)) c--;
        let k = cellBin[c] as number;
        while ((t[k] as number) < v) k++;
        code = k;
      } else code = binOf(v, t);
      out[col + i] = code;
    }
  }
  return out;
}
