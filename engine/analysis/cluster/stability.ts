import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Matrix } from '../matrix.ts';
import { takeRows } from '../matrix.ts';
import { deriveSeed, Rng } from '../random.ts';
import { adjustedRandIndex, bestMatchJaccard } from './agreement.ts';
import type { LongWorkOptions } from './progressTicker.ts';

/**
 * Any clustering method as a function of the data and a seed, returning one label per row
 * (negative = noise). The seed makes each run reproducible; a method without randomness ignores it.
 */
export type ClusterFunction = (x: Matrix, seed: number) => Int32Array | Promise<Int32Array>;

/**
 * `onProgress` is called after the reference run (fraction 0) and after each resample (r / resamples);
 * `signal` is checked before each clustering run, and the event loop gets a turn between runs.
 */
export interface StabilityOptions extends LongWorkOptions {
  /** Bootstrap resamples (default 20; Hennig suggests at least 20, 100 for a final answer). */
  readonly resamples?: number;
  /** Master seed (default 0): the reference run uses it, each resample derives its own. */
  readonly seed?: number;
}

export interface StabilityResult {
  /** Mean adjusted Rand index between reference and resample labels on the resampled items. */
  readonly meanAri: number;
  /** Sample standard deviation of those ARIs (0 for one resample). */
  readonly sdAri: number;
  /** The ARI of each resample. */
  readonly ari: Float64Array;
  /**
   * Per reference cluster (indexed by its label): the mean over resamples of its best Jaccard match
   * (resamples in which none of its items was drawn are skipped; NaN if that was every resample).
   * Hennig's reading: ≤ 0.5 dissolved, ≥ 0.6 some pattern, ≥ 0.75 valid and stable, ≥ 0.85 highly stable.
   */
  readonly perClusterJaccard: Float64Array;
  /** Per reference cluster: resamples in which its best Jaccard was ≤ 0.5 (Hennig's "dissolved"). */
  readonly perClusterDissolved: Int32Array;
  /** The labels of the run on the full data, which the resamples are compared with. */
  readonly reference: Int32Array;
  /** Resamples done. */
  readonly resamples: number;
}

/**
 * Bootstrap stability of a clustering (Hennig 2007, "Cluster-wise assessment of cluster
 * stability", as fpc's `clusterboot`): cluster the full data once (the reference), then draw
 * `resamples` bootstrap samples of n rows with replacement, cluster each, and compare it with the
 * reference on the distinct rows drawn (about 63% of them; a duplicated row takes the label of its
 * first copy). Returns the mean and spread of the adjusted Rand index overall and the mean best
 * Jaccard of each reference cluster. Values near 1 mean the method finds the same clusters on
 * perturbed data; a method imposing structure on structureless data scores clearly lower.
 */
export async function bootstrapStability(
  x: Matrix,
  cluster: ClusterFunction,
  options: StabilityOptions = {},
): Promise<StabilityResult> {
  const { resamples = 20, seed = 0, onProgress, signal } = options;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapStability: resamples must be a positive integer, got ${resamples}`);
  }
  const n = x.rows;
  if (n < 2) throw new RangeError(`bootstrapStability: needs at least 2 rows, got ${n}`);
  signal?.throwIfAborted();
  const reference = await cluster(x, seed);
  checkLabels(reference, n, 'the reference run');
  let maxLabel = -1;
  for (const label of reference) maxLabel = Math.max(maxLabel, label);
  const jaccardSum = new Float64Array(maxLabel + 1);
  const present = new Int32Array(maxLabel + 1);
  const dissolved = new Int32Array(maxLabel + 1);
  const ari = new Float64Array(resamples);
  onProgress?.(0, `stability: reference clustering done, ${resamples} resamples to go`);

  const rng = new Rng(deriveSeed(seed, 0x5eed));
  const drawn = new Int32Array(n);
  const firstCopy = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    await yieldToEventLoop();
    signal?.throwIfAborted();
    for (let i = 0; i < n; i++) drawn[i] = rng.int(n);
    const labels = await cluster(takeRows(x, drawn), deriveSeed(seed, r + 1));
    checkLabels(labels, n, `resample ${r + 1}`);
    // The distinct rows drawn, each with the resample label of its first copy.
    firstCopy.fill(-1);
    for (let s = 0; s < n; s++)
      if ((firstCopy[drawn[s] as number] as number) < 0) firstCopy[drawn[s] as number] = s;
    const shared: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = firstCopy[i] as number;
      if (s < 0) continue;
      shared.push(reference[i] as number);
      theirs.push(labels[s] as number);
    }
    ari[r] = adjustedRandIndex(shared, theirs);
    const best = bestMatchJaccard(shared, theirs);
    best.labels.forEach((label, c) => {
      const j = best.jaccard[c] as number;
      jaccardSum[label] = (jaccardSum[label] as number) + j;
      present[label] = (present[label] as number) + 1;
      if (j <= 0.5) dissolved[label] = (dissolved[label] as number) + 1;
    });
    onProgress?.((r + 1) / resamples, `stability: resample ${r + 1} of ${resamples}`);
  }

  let mean = 0;
  for (const v of ari) mean += v;
  mean /= resamples;
  let squares = 0;
  for (const v of ari) squares += (v - mean) ** 2;
  const perClusterJaccard = new Float64Array(maxLabel + 1);
  for (let c = 0; c <= maxLabel; c++) {
    perClusterJaccard[c] =
      (present[c] as number) > 0 ? (jaccardSum[c] as number) / (present[c] as number) : NaN;
  }
  return {
    meanAri: mean,
    sdAri: resamples > 1 ? Math.sqrt(squares / (resamples - 1)) : 0,
    ari,
    perClusterJaccard,
    perClusterDissolved: dissolved,
    reference,
    resamples,
  };
}

function checkLabels(labels: Int32Array, n: number, which: string): void {
  if (labels.length !== n) {
    throw new RangeError(`bootstrapStability: ${which} returned ${labels.length} labels for ${n} rows`);
  }
}
