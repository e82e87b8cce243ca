import { availableParallelism } from 'node:os';
import type { Matrix } from '../matrix.ts';
import { Rng } from '../random.ts';
import { KMeansPool } from './kmeansPool.ts';
import type { Pass } from './kmeansPlusPlus.ts';
import { chunkColumn, defaultTrials, runInline, seedSteps } from './kmeansPlusPlus.ts';
import type { KernelState } from './kmeansWorker.mjs';
import { createState, OP_FINAL, OP_FULL, OP_STEP, OP_SUMS } from './kmeansWorker.mjs';
import type { LongWorkOptions } from './progressTicker.ts';

export interface KMeansOptions extends LongWorkOptions {
  /** Number of clusters, 1 ≤ k ≤ rows. */
  readonly k: number;
  /** Independent k-means++ initialisations; the run with the lowest inertia is kept (default 1, as sklearn ≥ 1.4). */
  readonly nInit?: number;
  /** Seed of the k-means++ draws (default 0): the same seed and data give the same result, threads or not. */
  readonly seed?: number;
  /** Lloyd iterations per initialisation (default 300). */
  readonly maxIterations?: number;
  /**
   * Relative tolerance, scikit-learn's `tol` (default 1e-4): a run stops when the summed squared shift of the
   * centres is at most `tolerance` × the mean of the per-column variances of the data.
   */
  readonly tolerance?: number;
  /** Initial centres (k × cols) instead of k-means++; then a single run whatever `nInit` says. */
  readonly init?: Matrix;
  /**
   * Most threads to use, this one included (default: the machine's available parallelism, at most 8). Inputs with
   * rows·k·cols ≤ {@link THREADED_MIN_WORK} always run on this thread, where workers would cost more than they save.
   */
  readonly threads?: number;
}

export interface KMeansResult {
  /** Cluster of each row, 0 … k−1 (in the order k-means++ chose the seeds). */
  readonly labels: Int32Array;
  /** Cluster centres, k × cols: the mean of each cluster's rows at the last update. */
  readonly centroids: Matrix;
  /** Rows in each cluster. */
  readonly sizes: Int32Array;
  /** Sum over rows of the squared Euclidean distance to their centre, in the space of the data given (sklearn's `inertia_`). */
  readonly inertia: number;
  /** Lloyd iterations of the kept run (sklearn's `n_iter_`). */
  readonly iterations: number;
  /** Whether the kept run stopped by the tolerance or a stable assignment rather than by `maxIterations`. */
  readonly converged: boolean;
  /** Threads that did the work (1: inline). */
  readonly threads: number;
}

/** Below this many rows·k·cols, K-Means runs on the calling thread. */
export const THREADED_MIN_WORK = 2_000_000;

interface Resolved {
  readonly k: number;
  readonly nInit: number;
  readonly seed: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly init: Matrix | null;
  readonly threads: number;
}

/** Hooks the driver gives the algorithm: progress after each Lloyd iteration. */
type Report = (fraction: number, message: string) => void;

/**
 * K-Means by Lloyd's algorithm, accelerated with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"):
 * the same iterations and result as plain Lloyd, but a row is only compared with all centres when its upper bound
 * to its own centre exceeds its lower bound to the others. Seeded by greedy k-means++ (Arthur & Vassilvitskii
 * 2007, as scikit-learn does), best of `nInit` runs by inertia, empty clusters re-seeded with the rows farthest from
 * their centres (as sklearn). Follows scikit-learn's `KMeans(algorithm='lloyd')` stopping rules: a run ends when no
 * row changes cluster, or when the centres' summed squared shift is at most `tolerance` × the mean column variance,
 * then one last assignment step labels the rows by the final centres.
 *
 * Large inputs are split over worker threads sharing the data (a SharedArrayBuffer; a Matrix not already on one is
 * copied once). Results are bit-identical with and without threads. Progress is reported after each iteration; an
 * aborted `signal` rejects with its reason at the next pass.
 *
 * Throws a `RangeError` on empty data, k outside 1 … rows, a NaN or infinite value (naming its row and column), or
 * bad options, and a `TypeError` when `x` is not a Float64 matrix.
 */
export async function kmeans(x: Matrix, options: KMeansOptions): Promise<KMeansResult> {
  const o = resolveOptions(x, options);
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const threads = x.rows * o.k * x.cols > THREADED_MIN_WORK ? o.threads : 1;
  if (threads <= 1) {
    const tolerance = scanData(x, o);
    const s = createState(x.data, x.rows, x.cols, o.k, defaultTrials(o.k), false);
    const steps = fitSteps(s, o, tolerance, onProgress);
    let lastYield = performance.now();
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return { ...step.value, threads: 1 };
      signal?.throwIfAborted();
      s.control[0] = 0;
      runInline(s, once(step.value));
      // Inline passes hold the event loop; give it back now and then so an abort or a UI message gets through.
      if (performance.now() - lastYield > 25) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        lastYield = performance.now();
      }
    }
  }
  const shared = x.data.buffer instanceof SharedArrayBuffer ? x.data : toShared(x.data);
  const s = createState(shared, x.rows, x.cols, o.k, defaultTrials(o.k), true);
  const starting = KMeansPool.start(s, threads);
  let pool: KMeansPool | null = null;
  try {
    // Checked while the workers boot.
    const tolerance = scanData(x, o);
    pool = await starting;
    const steps = fitSteps(s, o, tolerance, onProgress);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return { ...step.value, threads: pool ? pool.size : 1 };
      signal?.throwIfAborted();
      if (pool) await pool.run(...step.value);
      else runInline(s, once(step.value));
    }
  } finally {
    await (pool ?? (await starting.catch(() => null)))?.close();
  }
}

/**
 * {@link kmeans} on the calling thread, synchronously: for small inputs and for callers that cannot await. The
 * signal is checked between passes (so it only stops the run when aborted from `onProgress` or before the call).
 */
export function kmeansSync(x: Matrix, options: KMeansOptions): KMeansResult {
  const o = resolveOptions(x, options);
  options.signal?.throwIfAborted();
  const tolerance = scanData(x, o);
  const s = createState(x.data, x.rows, x.cols, o.k, defaultTrials(o.k), false);
  const steps = fitSteps(s, o, tolerance, options.onProgress);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return { ...step.value, threads: 1 };
    options.signal?.throwIfAborted();
    s.control[0] = 0;
    runInline(s, once(step.value));
  }
}

function* once(pass: Pass): Generator<Pass, void, void> {
  yield pass;
}

function resolveOptions(x: Matrix, options: KMeansOptions): Resolved {
  if (!(x.data instanceof Float64Array) || x.data.length !== x.rows * x.cols) {
    throw new TypeError('k-means: x must be a Matrix over a Float64Array of rows × cols values');
  }
  const { k } = options;
  if (x.rows === 0) throw new RangeError('k-means: the data has no rows');
  if (x.cols === 0) throw new RangeError('k-means: the data has no columns');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k-means: k must be an integer ≥ 1, got ${k}`);
  if (k > x.rows) throw new RangeError(`k-means: k = ${k} is more than the ${x.rows} rows`);
  const nInit = options.nInit ?? 1;
  const seed = options.seed ?? 0;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-4;
  const threads = options.threads ?? Math.min(8, availableParallelism());
  if (!Number.isInteger(nInit) || nInit < 1)
    throw new RangeError(`k-means: nInit must be an integer ≥ 1, got ${nInit}`);
  if (!Number.isInteger(seed)) throw new RangeError(`k-means: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`k-means: maxIterations must be an integer ≥ 1, got ${maxIterations}`);
  }
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(`k-means: tolerance must be a finite number ≥ 0, got ${tolerance}`);
  }
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`k-means: threads must be an integer ≥ 1, got ${threads}`);
  const init = options.init ?? null;
  if (init) {
    if (init.rows !== k || init.cols !== x.cols) {
      throw new RangeError(`k-means: init is ${init.rows} × ${init.cols}, expected ${k} × ${x.cols}`);
    }
    const bad = init.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `k-means: init row ${Math.floor(bad / x.cols)}, column ${bad % x.cols} is ${init.data[bad]}`,
      );
    }
  }
  return { k, nInit: init ? 1 : nInit, seed, maxIterations, tolerance, init, threads };
}

/**
 * Rejects NaN and infinite values and returns the absolute tolerance: `tolerance` × the mean over columns of the
 * population variance (sklearn's `_tolerance`). One pass, with the values shifted by the first row for accuracy.
 */
function scanData(x: Matrix, o: Resolved): number {
  const { rows, cols, data } = x;
  const sum = new Float64Array(cols);
  const sumSq = new Float64Array(cols);
  for (let p = 0; p < rows * cols; p += cols) {
    for (let j = 0; j < cols; j++) {
      const e = (data[p + j] as number) - (data[j] as number);
      sum[j] = (sum[j] as number) + e;
      sumSq[j] = (sumSq[j] as number) + e * e;
    }
  }
  let variance = 0;
  for (let j = 0; j < cols; j++) {
    const mean = (sum[j] as number) / rows;
    variance += Math.max(0, (sumSq[j] as number) / rows - mean * mean);
  }
  // A NaN or an infinity anywhere makes the sums non-finite (so can an overflow): only then look for the culprit.
  if (!Number.isFinite(variance)) {
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `k-means: row ${Math.floor(bad / cols)}, column ${bad % cols} is ${data[bad]}; the data must be finite`,
      );
    }
    throw new RangeError('k-means: the values are too large (their variance overflows)');
  }
  return (o.tolerance * variance) / cols;
}

function toShared(data: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(data.byteLength));
  out.set(data);
  return out;
}

/** Every run of the fit, as passes for a driver; returns the best run. */
function* fitSteps(
  s: KernelState,
  o: Resolved,
  tolerance: number,
  onProgress: Report | undefined,
): Generator<Pass, Omit<KMeansResult, 'threads'>, void> {
  const { n, k, d } = s;
  const rng = new Rng(o.seed);
  let best: Omit<KMeansResult, 'threads'> | null = null;
  for (let run = 0; run < o.nInit; run++) {
    const label = o.nInit > 1 ? `K-Means run ${run + 1} of ${o.nInit}` : 'K-Means';
    onProgress?.(run / o.nInit, `${label}: k-means++ seeding`);
    if (o.init) s.centres.set(o.init.data);
    else yield* seedSteps(s, rng);
    const report: Report = (fraction, message) =>
      onProgress?.((run + fraction) / o.nInit, `${label}: ${message}`);
    const r = yield* lloydSteps(s, o.init ? OP_FULL : OP_SUMS, o.maxIterations, tolerance, report);
    if (!best || r.inertia < best.inertia) {
      const sizes = new Int32Array(k);
      for (let i = 0; i < n; i++) {
        const j = s.labels[i] as number;
        sizes[j] = (sizes[j] as number) + 1;
      }
      best = {
        labels: s.labels.slice(),
        centroids: { data: s.centres.slice(), rows: k, cols: d },
        sizes,
        ...r,
      };
    }
  }
  onProgress?.(1, `K-Means: done, inertia ${best?.inertia.toPrecision(6)}`);
  if (!best) throw new Error('k-means: no run');
  return best;
}

interface RunResult {
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Lloyd iterations from the centres in `s.centres` (see {@link kmeans} for the stopping rules). */
function* lloydSteps(
  s: KernelState,
  first: typeof OP_SUMS | typeof OP_FULL,
  maxIterations: number,
  tolerance: number,
  report: Report,
): Generator<Pass, RunResult, void> {
  const { k, d, centres } = s;
  const totals = new Float64Array(k * d);
  const counts = new Float64Array(k);
  s.shift.fill(0);
  updateHalfGaps(s);
  yield [first, 0, 0];
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIterations; it++) {
    if (it > 0) yield [OP_STEP, 0, 0];
    iterations = it + 1;
    const changed = it === 0 ? s.n : chunkColumn(s, 0);
    mergeChunks(s, totals, counts);
    const relocated = relocateEmptyClusters(s, counts);
    if (relocated > 0) mergeChunks(s, totals, counts);
    let shiftTotal = 0;
    for (let j = 0; j < k; j++) {
      const count = counts[j] as number;
      let moved = 0;
      for (let t = 0, q = j * d; t < d; t++, q++) {
        // A cluster still empty (fewer distinct rows than k) keeps its centre.
        const v = count > 0 ? (totals[q] as number) / count : (centres[q] as number);
        const e = v - (centres[q] as number);
        moved += e * e;
        centres[q] = v;
      }
      s.shift[j] = Math.sqrt(moved);
      shiftTotal += moved;
    }
    updateHalfGaps(s);
    report(iterations / maxIterations, `iteration ${iterations}, ${changed + relocated} rows moved`);
    if (changed + relocated === 0 || shiftTotal <= tolerance) {
      converged = true;
      break;
    }
  }
  yield [OP_FINAL, 0, 0];
  return { inertia: chunkColumn(s, 1), iterations, converged };
}

/** Adds the chunks' cluster sums and counts, in chunk order. */
function mergeChunks(s: KernelState, totals: Float64Array, counts: Float64Array): void {
  const { k, d, chunks } = s;
  totals.fill(0);
  counts.fill(0);
  for (let c = 0; c < chunks; c++) {
    for (let q = 0, p = c * k * d; q < k * d; q++, p++)
      totals[q] = (totals[q] as number) + (s.sums[p] as number);
    for (let j = 0, p = c * k; j < k; j++, p++) counts[j] = (counts[j] as number) + (s.counts[p] as number);
  }
}

/**
 * scikit-learn's `_relocate_empty_clusters`: each empty cluster takes one of the rows farthest from their centres
 * (before this update), farthest first. Returns the number of rows moved. Rare, so done here on one thread.
 */
function relocateEmptyClusters(s: KernelState, counts: Float64Array): number {
  const { n, d, k, x, labels, centres } = s;
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length === 0) return 0;
  const far = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0, p = i * d, q = (labels[i] as number) * d; t < d; t++, p++, q++) {
      const e = (x[p] as number) - (centres[q] as number);
      sum += e * e;
    }
    far[i] = sum;
  }
  let moved = 0;
  for (const j of empty) {
    let row = -1;
    for (let i = 0; i < n; i++) if (row < 0 || (far[i] as number) > (far[row] as number)) row = i;
    if (row < 0 || !((far[row] as number) > 0)) break;
    far[row] = -1;
    const from = labels[row] as number;
    const c = Math.floor(row / s.chunkSize);
    const sums = s.sums.subarray(c * k * d, (c + 1) * k * d);
    for (let t = 0; t < d; t++) {
      const v = x[row * d + t] as number;
      sums[from * d + t] = (sums[from * d + t] as number) - v;
      sums[j * d + t] = (sums[j * d + t] as number) + v;
    }
    s.counts[c * k + from] = (s.counts[c * k + from] as number) - 1;
    s.counts[c * k + j] = (s.counts[c * k + j] as number) + 1;
    if (s.counts[c * k + from] === 0) sums.fill(0, from * d, from * d + d);
    labels[row] = j;
    // Unknown distances now: force the next pass to measure this row.
    s.upper[row] = Infinity;
    s.lower[row] = 0;
    moved++;
  }
  return moved;
}

/** halfMin[j] = half the distance from centre j to the nearest other centre (Hamerly's s(j)). */
function updateHalfGaps(s: KernelState): void {
  const { k, d, centres, halfMin } = s;
  halfMin.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let sum = 0;
      for (let t = 0; t < d; t++) {
        const e = (centres[a * d + t] as number) - (centres[b * d + t] as number);
        sum += e * e;
      }
      const half = Math.sqrt(sum) / 2;
      if (half < (halfMin[a] as number)) halfMin[a] = half;
      if (half < (halfMin[b] as number)) halfMin[b] = half;
    }
  }
}
