import type { Matrix } from '../matrix.ts';
import { Rng } from '../random.ts';
import { addDistancesBetween, addDistancesWithin } from './distanceSums.ts';
import type { LongWorkOptions } from './progressTicker.ts';
import { progressTicker } from './progressTicker.ts';

/**
 * Internal validation metrics for a clustering of the rows of a matrix, with scikit-learn 1.2's
 * definitions (`silhouette_score`, `davies_bouldin_score`, `calinski_harabasz_score`) and the
 * Euclidean distance. Labels are small non-negative integers, one per row; a negative label
 * (DBSCAN's −1) marks noise, and noise rows are left out of every metric here (scikit-learn would
 * count them as one more cluster). All three need 2 ≤ clusters ≤ rows − 1 among the rows kept.
 */

/** Rows above which {@link silhouette} samples by default (scikit-learn's `sample_size`). */
export const SILHOUETTE_EXACT_LIMIT = 10_000;

export interface SilhouetteOptions extends LongWorkOptions {
  /**
   * `'all'`: always exact (O(n²·d)). A number s: exact when at most s rows are clustered, otherwise
   * the silhouette of a seeded random sample of s clustered rows, computed within the sample as
   * `silhouette_score(X, labels, sample_size=s)` does. Default {@link SILHOUETTE_EXACT_LIMIT}.
   */
  readonly sample?: number | 'all';
  /** Seed of the sample draw (default 0); the same seed gives the same sample and score. */
  readonly seed?: number;
}

export interface SilhouetteResult {
  /** Mean silhouette over the rows used, in [−1, 1]: near 1 tight and well separated, near 0 overlapping. */
  readonly score: number;
  /** Rows the score averages over (all clustered rows when exact, else the sample size). */
  readonly sampleSize: number;
  /** True when every clustered row was used. */
  readonly exact: boolean;
  /** Rows left out as noise (negative label). */
  readonly noise: number;
  /** Mean silhouette of each cluster's rows, indexed by label; NaN for a label with no row used. */
  readonly perCluster: Float64Array;
  /** Rows used per cluster, indexed by label. */
  readonly clusterSizes: Int32Array;
}

/**
 * Silhouette coefficient (Rousseeuw 1987). For row i in cluster A, a(i) is its mean distance to the
 * other rows of A and b(i) the smallest mean distance to the rows of another cluster;
 * s(i) = (b − a) / max(a, b), and 0 for a row alone in its cluster (or when a = b = 0). The score is
 * the mean of s(i). Exact up to {@link SILHOUETTE_EXACT_LIMIT} clustered rows by default, sampled
 * above (see {@link SilhouetteOptions.sample}); noise rows (negative labels) are excluded.
 * Each distance is computed once, in cache-sized blocks (10,000 × 16 takes well under a second);
 * the loop yields to the event loop between blocks, reporting the share of pairs done.
 */
export async function silhouette(
  x: Matrix,
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): Promise<SilhouetteResult> {
  const { sample = SILHOUETTE_EXACT_LIMIT, seed = 0 } = options;
  const ticker = progressTicker(options);
  checkInput('silhouette', x, labels);
  if (sample !== 'all' && !(Number.isInteger(sample) && sample >= 2)) {
    throw new RangeError(`silhouette: sample must be 'all' or an integer ≥ 2, got ${sample}`);
  }
  let rows = clusteredRows(labels);
  const noise = labels.length - rows.length;
  const exact = sample === 'all' || rows.length <= sample;
  if (!exact) rows = sampleRows(rows, sample, seed);
  const groups = groupRows(x, labels, rows, 'silhouette');
  const s = new Float64Array(rows.length);
  const work = silhouetteBlocks(groups, s);
  const pairs = (rows.length * (rows.length - 1)) / 2;
  for (let step = work.next(); !step.done; step = work.next()) {
    const pending = ticker.tick(step.value / pairs, 'silhouette');
    if (pending) await pending;
  }
  const maxLabel = groups.labelValues[groups.labelValues.length - 1] as number;
  const perCluster = new Float64Array(maxLabel + 1).fill(NaN);
  const clusterSizes = new Int32Array(maxLabel + 1);
  let total = 0;
  for (let c = 0; c < groups.k; c++) {
    let sum = 0;
    for (let r = groups.start[c] as number; r < (groups.start[c + 1] as number); r++) sum += s[r] as number;
    const label = groups.labelValues[c] as number;
    const size = (groups.start[c + 1] as number) - (groups.start[c] as number);
    perCluster[label] = sum / size;
    clusterSizes[label] = size;
    total += sum;
  }
  return { score: total / rows.length, sampleSize: rows.length, exact, noise, perCluster, clusterSizes };
}

/**
 * The silhouette s(i) of every row (scikit-learn's `silhouette_samples`), exact, synchronous;
 * NaN for noise rows. For a silhouette plot of a few thousand rows.
 */
export function silhouetteSamples(x: Matrix, labels: ArrayLike<number>): Float64Array {
  checkInput('silhouetteSamples', x, labels);
  const rows = clusteredRows(labels);
  const groups = groupRows(x, labels, rows, 'silhouetteSamples');
  const sorted = new Float64Array(rows.length);
  const work = silhouetteBlocks(groups, sorted);
  while (!work.next().done);
  const out = new Float64Array(labels.length).fill(NaN);
  for (let r = 0; r < rows.length; r++) out[groups.rowOf[r] as number] = sorted[r] as number;
  return out;
}

/**
 * Davies–Bouldin index (Davies & Bouldin 1979), as scikit-learn: with s_i the mean distance of
 * cluster i's rows to its centroid and d_ij the distance between centroids, the mean over clusters
 * of max_{j≠i} (s_i + s_j) / d_ij. 0 is best; lower means more compact, better separated clusters.
 * Returns 0 when every s_i or every d_ij is (all-close to) 0, as scikit-learn does. Noise excluded.
 */
export function daviesBouldin(x: Matrix, labels: ArrayLike<number>): number {
  checkInput('daviesBouldin', x, labels);
  const { k, centroids, members, groups } = centroidsOf(x, labels, 'daviesBouldin');
  const d = x.cols;
  const intra = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let sum = 0;
    for (let r = groups.start[c] as number; r < (groups.start[c + 1] as number); r++) {
      sum += Math.sqrt(distance2(groups.data, r * d, centroids, c * d, d));
    }
    intra[c] = sum / (members[c] as number);
  }
  const between = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++)
      between[i * k + j] = Math.sqrt(distance2(centroids, i * d, centroids, j * d, d));
  }
  // np.allclose(v, 0) with its default tolerances: every |v| ≤ 1e-8.
  if (intra.every((v) => Math.abs(v) <= 1e-8) || between.every((v) => Math.abs(v) <= 1e-8)) return 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    let worst = -Infinity;
    for (let j = 0; j < k; j++) {
      const dij = between[i * k + j] as number;
      const ratio = ((intra[i] as number) + (intra[j] as number)) / (dij === 0 ? Infinity : dij);
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / k;
}

/**
 * Calinski–Harabasz index, the variance ratio criterion (Caliński & Harabasz 1974), as
 * scikit-learn: [B / (k − 1)] / [W / (n − k)] with B the between-cluster dispersion
 * Σ n_c‖μ_c − μ‖² and W the within-cluster dispersion Σ‖x − μ_c‖². Higher is better; unbounded.
 * Returns 1 when W = 0, as scikit-learn does. Noise excluded.
 */
export function calinskiHarabasz(x: Matrix, labels: ArrayLike<number>): number {
  checkInput('calinskiHarabasz', x, labels);
  const { k, centroids, members, groups } = centroidsOf(x, labels, 'calinskiHarabasz');
  const d = x.cols;
  const n = groups.rowOf.length;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (groups.data[r * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  let between = 0;
  let within = 0;
  for (let c = 0; c < k; c++) {
    between += (members[c] as number) * distance2(centroids, c * d, mean, 0, d);
    for (let r = groups.start[c] as number; r < (groups.start[c + 1] as number); r++) {
      within += distance2(groups.data, r * d, centroids, c * d, d);
    }
  }
  return within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
}

/** Clustered rows copied contiguously, grouped by cluster (clusters in ascending label order). */
interface Groups {
  /** Rows × cols, cluster by cluster. */
  readonly data: Float64Array;
  readonly cols: number;
  /** Number of clusters. */
  readonly k: number;
  /** Rows of cluster c are start[c] ≤ r < start[c + 1] (length k + 1). */
  readonly start: Int32Array;
  /** The label of each cluster c (ascending). */
  readonly labelValues: Int32Array;
  /** Input row of each grouped row. */
  readonly rowOf: Int32Array;
}

/** Throws unless `x` and `labels` agree, every value is finite and every label an integer. */
function checkInput(name: string, x: Matrix, labels: ArrayLike<number>): void {
  if (labels.length !== x.rows) throw new RangeError(`${name}: ${labels.length} labels for ${x.rows} rows`);
  if (x.rows === 0 || x.cols === 0)
    throw new RangeError(`${name}: the matrix is empty (${x.rows} × ${x.cols})`);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i] as number;
    if (!Number.isFinite(v)) {
      throw new RangeError(`${name}: row ${Math.floor(i / x.cols)}, column ${i % x.cols} is ${v}`);
    }
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label >= 2 ** 24) {
      throw new RangeError(`${name}: label of row ${i} is ${label}; labels are integers below 2^24`);
    }
  }
}

/** Indices of the rows with a non-negative label. */
function clusteredRows(labels: ArrayLike<number>): Int32Array {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) count++;
  const rows = new Int32Array(count);
  for (let i = 0, r = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) rows[r++] = i;
  return rows;
}

/** `size` of `rows` drawn without replacement by a seeded partial Fisher–Yates shuffle, in input order. */
function sampleRows(rows: Int32Array, size: number, seed: number): Int32Array {
  const pool = Int32Array.from(rows);
  const rng = new Rng(seed);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(pool.length - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
  }
  return pool.subarray(0, size).sort();
}

/** Groups `rows` by label (counting sort) and enforces 2 ≤ clusters ≤ rows − 1. */
function groupRows(x: Matrix, labels: ArrayLike<number>, rows: Int32Array, name: string): Groups {
  const n = rows.length;
  const distinct = new Map<number, number>();
  for (const i of rows) {
    const label = labels[i] as number;
    distinct.set(label, (distinct.get(label) ?? 0) + 1);
  }
  const k = distinct.size;
  if (k < 2 || k > n - 1) {
    const where = n === labels.length ? `${n} rows` : `${n} clustered rows used (of ${labels.length})`;
    throw new RangeError(`${name}: needs 2 to n − 1 clusters, found ${k} in ${where}`);
  }
  const labelValues = Int32Array.from(distinct.keys()).sort();
  const indexOf = new Map<number, number>();
  const start = new Int32Array(k + 1);
  labelValues.forEach((label, c) => {
    indexOf.set(label, c);
    start[c + 1] = (start[c] as number) + (distinct.get(label) as number);
  });
  const next = start.slice(0, k);
  const d = x.cols;
  const data = new Float64Array(n * d);
  const rowOf = new Int32Array(n);
  for (const i of rows) {
    const c = indexOf.get(labels[i] as number) as number;
    const r = next[c] as number;
    next[c] = r + 1;
    rowOf[r] = i;
    data.set(x.data.subarray(i * d, (i + 1) * d), r * d);
  }
  return { data, cols: d, k, start, labelValues, rowOf };
}

/** Cluster centroids (k × d, row-major) and sizes over the clustered rows. */
function centroidsOf(
  x: Matrix,
  labels: ArrayLike<number>,
  name: string,
): { k: number; centroids: Float64Array; members: Int32Array; groups: Groups } {
  const groups = groupRows(x, labels, clusteredRows(labels), name);
  const { k, cols: d, data, start } = groups;
  const centroids = new Float64Array(k * d);
  const members = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    const from = start[c] as number;
    const to = start[c + 1] as number;
    members[c] = to - from;
    for (let r = from; r < to; r++) {
      for (let j = 0; j < d; j++)
        centroids[c * d + j] = (centroids[c * d + j] as number) + (data[r * d + j] as number);
    }
    for (let j = 0; j < d; j++) centroids[c * d + j] = (centroids[c * d + j] as number) / (to - from);
  }
  return { k, centroids, members, groups };
}

/** Squared distance between a[p .. p + d) and b[q .. q + d). */
function distance2(a: Float64Array, p: number, b: Float64Array, q: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = (a[p + j] as number) - (b[q + j] as number);
    s += diff * diff;
  }
  return s;
}

/** Rows per block: two blocks of 128 rows × 16 columns (32 kB) stay in cache together. */
const BLOCK = 128;

/**
 * Fills `out` (one value per grouped row) with s(i). Works cluster pair by cluster pair (a ≤ b), so
 * that once a pair is done the mean distances of a's rows to b and of b's rows to a are complete:
 * a(i) is kept, b(i) is a running minimum, and no n × k table is needed. Each distance is computed
 * once. Yields the number of pairs done after each block of rows of a pair (the async caller's
 * chance to report progress and check `signal`).
 */
function* silhouetteBlocks(groups: Groups, out: Float64Array): Generator<number, void, void> {
  const { data, cols: d, k, start } = groups;
  const n = groups.rowOf.length;
  const own = new Float64Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const sumA = new Float64Array(n);
  const sumB = new Float64Array(n);
  let done = 0;
  for (let a = 0; a < k; a++) {
    const a0 = start[a] as number;
    const a1 = start[a + 1] as number;
    for (let b = a; b < k; b++) {
      const b0 = start[b] as number;
      const b1 = start[b + 1] as number;
      sumA.fill(0, a0, a1);
      sumB.fill(0, b0, b1);
      for (let i0 = a0; i0 < a1; i0 += BLOCK) {
        const i1 = Math.min(i0 + BLOCK, a1);
        for (let j0 = a === b ? i0 : b0; j0 < b1; j0 += BLOCK) {
          const j1 = Math.min(j0 + BLOCK, b1);
          if (a === b && j0 === i0) addDistancesWithin(data, d, i0, i1, sumA, sumB);
          else addDistancesBetween(data, d, i0, i1, j0, j1, sumA, sumB);
        }
        done += a === b ? ((i1 - i0) * (2 * b1 - i0 - i1 - 1)) / 2 : (i1 - i0) * (b1 - b0);
        yield done;
      }
      if (a === b) {
        for (let i = a0; i < a1; i++) own[i] = ((sumA[i] as number) + (sumB[i] as number)) / (a1 - a0 - 1);
      } else {
        for (let i = a0; i < a1; i++)
          nearest[i] = Math.min(nearest[i] as number, (sumA[i] as number) / (b1 - b0));
        for (let j = b0; j < b1; j++)
          nearest[j] = Math.min(nearest[j] as number, (sumB[j] as number) / (a1 - a0));
      }
    }
  }
  for (let c = 0; c < k; c++) {
    const singleton = (start[c + 1] as number) - (start[c] as number) === 1;
    for (let i = start[c] as number; i < (start[c + 1] as number); i++) {
      const ai = own[i] as number;
      const bi = nearest[i] as number;
      const denominator = Math.max(ai, bi);
      // scikit-learn: NaN (a singleton's 0/0, or a = b = 0) becomes 0.
      out[i] = singleton || denominator === 0 ? 0 : (bi - ai) / denominator;
    }
  }
}
