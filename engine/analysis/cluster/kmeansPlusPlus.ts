import type { Matrix } from '../matrix.ts';
import type { Rng } from '../random.ts';
import type { KernelOp, KernelState } from './kmeansWorker.mjs';
import { createState, drain, OP_SEED_APPLY, OP_SEED_FIRST, OP_SEED_TRIALS } from './kmeansWorker.mjs';

/** One pass over all rows, run inline or spread over workers: the operation and its two arguments. */
export type Pass = readonly [op: KernelOp, a: number, b: number];

/** What k-means++ leaves behind besides the seeds: every row's nearest seed, which K-Means starts from. */
export interface Seeding {
  /** Row indices of the k seeds, in the order chosen. */
  readonly seeds: Int32Array;
  /** For each row, the position in `seeds` (0 … k−1) of its nearest seed; ties go to the earlier seed. */
  readonly nearest: Int32Array;
  /** For each row, the squared Euclidean distance to that seed (D(x)² in the paper). */
  readonly closest: Float64Array;
}

/** scikit-learn's number of greedy candidates per k-means++ step. */
export function defaultTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) with scikit-learn's greedy variant: at each
 * step `trials` candidates (default 2 + ⌊ln k⌋) are drawn with probability proportional to D(x)²
 * and the one that lowers the total potential most is kept. Returns the indices of the k seed
 * rows, in the order chosen. Used by K-Means and to initialise Gaussian mixtures.
 */
export function kmeansPlusPlus(x: Matrix, k: number, rng: Rng, trials = defaultTrials(k)): Int32Array {
  return kmeansPlusPlusSeeding(x, k, rng, trials).seeds;
}

/**
 * {@link kmeansPlusPlus}, also returning each row's nearest seed and squared distance to it (the first
 * assignment step of Lloyd's algorithm, for free). Runs inline; K-Means runs the same steps on its workers.
 */
export function kmeansPlusPlusSeeding(x: Matrix, k: number, rng: Rng, trials = defaultTrials(k)): Seeding {
  if (!Number.isInteger(k) || k < 1 || k > x.rows) {
    throw new RangeError(`k-means++: k = ${k} needs between 1 and ${x.rows} rows`);
  }
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`k-means++: trials = ${trials}`);
  const s = createState(x.data, x.rows, x.cols, k, trials, false);
  const seeds = runInline(s, seedSteps(s, rng));
  return { seeds, nearest: s.labels, closest: s.upper };
}

/** Drives a generator of passes on this thread. */
export function runInline<T>(s: KernelState, steps: Generator<Pass, T, void>): T {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    s.control[0] = 0;
    drain(s, ...step.value);
  }
}

/**
 * The k-means++ steps as passes over the rows, for whichever driver runs them. On return `s.labels` holds each
 * row's nearest seed, `s.upper` its D², and `s.centres` the seed rows.
 *
 * Exact, but most distances are never computed: a row whose nearest seed s is at distance D cannot get closer to
 * a candidate c with ‖c − s‖ ≥ 2D (triangle inequality, as in Elkan 2003), so the pass skips it. The candidates'
 * potentials are summed per chunk and added up in chunk order, so the draw is the same on any number of threads.
 */
export function* seedSteps(s: KernelState, rng: Rng): Generator<Pass, Int32Array, void> {
  const { x, n, d, k, trials, centres, candidates, seedGap } = s;
  const seeds = new Int32Array(k);
  const first = rng.int(n);
  seeds[0] = first;
  centres.set(x.subarray(first * d, first * d + d), 0);
  yield [OP_SEED_FIRST, 0, 0];
  const totals = new Float64Array(s.chunks);
  let potential = chunkColumn(s, 0, totals);
  const drawn = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const row = potential > 0 ? sampleRow(s, totals, rng.next() * potential) : rng.int(n);
      drawn[t] = row;
      candidates.set(x.subarray(row * d, row * d + d), t * d);
      for (let j = 0; j < c; j++) seedGap[t * k + j] = squaredGap(candidates, t * d, centres, j * d, d);
    }
    yield [OP_SEED_TRIALS, trials, 0];
    let best = 0;
    let bestDelta = Infinity;
    for (let t = 0; t < trials; t++) {
      const delta = chunkColumn(s, t, totals);
      if (delta < bestDelta) {
        bestDelta = delta;
        best = t;
      }
    }
    seeds[c] = drawn[best] as number;
    centres.set(candidates.subarray(best * d, best * d + d), c * d);
    yield [OP_SEED_APPLY, best, c];
    potential = chunkColumn(s, 0, totals);
  }
  return seeds;
}

/** Copies column `t` of the per-chunk stats into `into` and returns its sum, in chunk order. */
export function chunkColumn(s: KernelState, t: number, into?: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < s.chunks; c++) {
    const v = s.stats[c * s.width + t] as number;
    if (into) into[c] = v;
    sum += v;
  }
  return sum;
}

/** The row drawn with probability D²/potential, where `target` is uniform in [0, potential). */
function sampleRow(s: KernelState, totals: Float64Array, target: number): number {
  let c = 0;
  for (; c < s.chunks - 1 && target >= (totals[c] as number); c++) target -= totals[c] as number;
  const weights = s.upper;
  let last = -1;
  for (let i = c * s.chunkSize, end = Math.min(s.n, i + s.chunkSize); i < end; i++) {
    const w = weights[i] as number;
    if (w > 0) {
      last = i;
      target -= w;
      if (target < 0) return i;
    }
  }
  if (last >= 0) return last;
  // Rounding left the target past every weighted row of the chunk: take the last row with weight at all.
  for (let i = s.n - 1; i > 0; i--) if ((weights[i] as number) > 0) return i;
  return 0;
}

function squaredGap(a: Float64Array, p: number, b: Float64Array, q: number, d: number): number {
  let sum = 0;
  for (let t = 0; t < d; t++) {
    const e = (a[p + t] as number) - (b[q + t] as number);
    sum += e * e;
  }
  return sum;
}
