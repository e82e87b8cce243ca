import type { Matrix } from '../matrix.ts';
import { takeRows } from '../matrix.ts';
import { KdTree } from './kdTree.ts';
import type { LongWorkOptions } from './progressTicker.ts';
import { progressTicker } from './progressTicker.ts';

export interface DbscanOptions extends LongWorkOptions {
  /** Neighbourhood radius (Euclidean, > 0): rows at distance ≤ eps are neighbours. */
  readonly eps: number;
  /** Neighbours (the row itself included, as scikit-learn) a row needs within eps to be a core row (≥ 1; default 5). */
  readonly minSamples?: number;
  /** Leaf size of the k-d tree (default 16). */
  readonly leafSize?: number;
}

export interface DbscanResult {
  /** Cluster of each row, 0 … clusters−1, or −1 for noise. */
  readonly labels: Int32Array;
  /** Whether each row is a core row (1) or not (0). */
  readonly core: Uint8Array;
  readonly clusters: number;
  /** Rows labelled −1. */
  readonly noise: number;
}

/** Label of rows that belong to no cluster. */
export const NOISE = -1;

/**
 * DBSCAN, density-based clustering with noise (Ester, Kriegel, Sander & Xu 1996), with scikit-learn's
 * conventions so the labels are identical to `sklearn.cluster.DBSCAN(eps, min_samples).fit(X).labels_`:
 * a row is a core row when at least `minSamples` rows (itself included) lie within distance ≤ eps; clusters
 * are the connected components of core rows plus the non-core rows within eps of one of them; the rest is noise
 * (−1). Clusters are numbered 0, 1, … in the order of their lowest-numbered core row, and a border row within
 * reach of several clusters goes to the lowest-numbered of them (the first to reach it when rows are scanned in
 * order) — exactly sklearn's expansion order.
 *
 * Computed without sklearn's stored neighbourhoods, with the same result: (1) a k-d tree radius count per row,
 * stopping at `minSamples`, marks the core rows; (2) a dual-tree self-join over the core rows finds each pair of
 * core rows within eps once, and union–find merges them into clusters; (3) each non-core row takes the lowest
 * cluster among its core neighbours. Low-dimensional data so costs about O(n log n) plus the neighbour pairs, not
 * O(n²), and memory is O(n · minSamples).
 */
export async function dbscan(x: Matrix, options: DbscanOptions): Promise<DbscanResult> {
  const eps = options.eps;
  const minSamples = options.minSamples ?? 5;
  validate(x, 'DBSCAN');
  if (!(eps > 0) || !Number.isFinite(eps))
    throw new RangeError(`DBSCAN: eps must be a positive number, got ${eps}`);
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new RangeError(`DBSCAN: minSamples must be an integer ≥ 1, got ${minSamples}`);
  }
  const n = x.rows;
  const leafSize = options.leafSize ?? 16;
  const ticker = progressTicker(options);
  ticker.report(0, 'DBSCAN: building the k-d tree');
  const tree = new KdTree(x, leafSize);
  const r2 = eps * eps;

  // 1. Core rows. Counting stops at minSamples, so the search is complete exactly for the non-core rows:
  //    their neighbours (fewer than minSamples each) are kept to attach border rows later.
  const core = new Uint8Array(n);
  const nonCoreStart = new Int32Array(n + 1);
  const nonCoreNeighbours: number[] = [];
  const found: number[] = [];
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 1023) {
      const pause = ticker.tick((0.4 * i) / n, 'DBSCAN: finding core rows');
      if (pause) await pause;
    }
    if (tree.radiusQuery(i, r2, found, minSamples) >= minSamples) core[i] = 1;
    else for (const j of found) nonCoreNeighbours.push(j);
    nonCoreStart[i + 1] = nonCoreNeighbours.length;
  }

  // 2. Clusters are the connected components of the core rows (pairs within eps), found by a self-join of a
  //    tree over the core rows only and union–find.
  const coreRows: number[] = [];
  for (let i = 0; i < n; i++) if (core[i] === 1) coreRows.push(i);
  const m = coreRows.length;
  const parent = new Int32Array(m);
  for (let a = 0; a < m; a++) parent[a] = a;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      const up = parent[parent[a] as number] as number;
      parent[a] = up;
      a = up;
    }
    return a;
  };
  ticker.report(0.4, 'DBSCAN: connecting core rows');
  const coreTree = new KdTree(takeRows(x, coreRows), leafSize);
  const joins = coreTree.pairsWithin(r2, (a, b) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  });
  for (let step = joins.next(); step.done !== true; step = joins.next()) {
    const pause = ticker.tick(0.4, 'DBSCAN: connecting core rows');
    if (pause) await pause;
  }

  // 3. Labels: components numbered by their lowest core row (sklearn's order of discovery); a border row takes
  //    the lowest label among its core neighbours (the first cluster to reach it in sklearn's expansion).
  const labels = new Int32Array(n).fill(NOISE);
  const componentLabel = new Int32Array(m).fill(NOISE);
  let clusters = 0;
  for (let a = 0; a < m; a++) {
    const root = find(a);
    if (componentLabel[root] === NOISE) componentLabel[root] = clusters++;
    labels[coreRows[a] as number] = componentLabel[root] as number;
  }
  let noise = 0;
  for (let i = 0; i < n; i++) {
    if (core[i] === 1) continue;
    let best = NOISE;
    for (let p = nonCoreStart[i] as number, e = nonCoreStart[i + 1] as number; p < e; p++) {
      const j = nonCoreNeighbours[p] as number;
      const label = labels[j] as number;
      if (core[j] === 1 && (best === NOISE || label < best)) best = label;
    }
    labels[i] = best;
    if (best === NOISE) noise++;
  }
  ticker.report(1, `DBSCAN: ${clusters} clusters, ${noise} noise rows`);
  return { labels, core, clusters, noise };
}

export interface KDistanceResult {
  /** Distance of every row to its k-th nearest row (the row itself counted as the first), sorted descending. */
  readonly distances: Float64Array;
  /** eps at the knee of that curve: the point farthest from the chord joining its ends (both axes scaled to 0–1). */
  readonly suggestedEps: number;
  /** Position of the knee in `distances`. */
  readonly kneeIndex: number;
}

/**
 * The k-distance curve used to choose DBSCAN's eps (Ester et al. 1996, §4.2): each row's distance to its k-th
 * nearest row, sorted from largest to smallest. `k` counts the row itself, like `minSamples`, so with
 * k = minSamples a row is a core row for a given eps exactly when its k-distance is ≤ eps; rows left of the knee
 * would be noise at the suggested eps. The knee is found by the maximum distance to the chord (Satopää et al.
 * 2011's "Kneedle" idea, without smoothing).
 */
export async function kDistance(
  x: Matrix,
  k: number,
  options: LongWorkOptions & { readonly leafSize?: number } = {},
): Promise<KDistanceResult> {
  validate(x, 'k-distance');
  const n = x.rows;
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`k-distance: k must be between 1 and ${n}, got ${k}`);
  const ticker = progressTicker(options);
  ticker.report(0, 'k-distance: building the k-d tree');
  const tree = new KdTree(x, options.leafSize ?? 16);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 1023) {
      const pause = ticker.tick(i / n, 'k-distance: nearest neighbours');
      if (pause) await pause;
    }
    distances[i] = Math.sqrt(tree.knn(i, k).squaredDistances[k - 1] as number);
  }
  distances.sort().reverse();
  const kneeIndex = knee(distances);
  ticker.report(1, 'k-distance: done');
  return { distances, suggestedEps: distances[kneeIndex] as number, kneeIndex };
}

/** Index of the point of a descending curve farthest from the chord between its first and last points. */
export function knee(descending: Float64Array): number {
  const n = descending.length;
  if (n < 3) return Math.max(0, n - 1);
  const top = descending[0] as number;
  const bottom = descending[n - 1] as number;
  const span = top - bottom;
  if (!(span > 0)) return 0;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    // With both axes scaled to [0, 1] the chord is y = 1 − t; the distance to it is ∝ (1 − t) − y.
    const t = i / (n - 1);
    const y = ((descending[i] as number) - bottom) / span;
    const gap = 1 - t - y;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}

function validate(x: Matrix, what: string): void {
  if (x.rows === 0 || x.cols === 0) throw new RangeError(`${what}: the data is empty`);
  const data = x.data;
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) {
      throw new RangeError(
        `${what}: row ${Math.floor(p / x.cols)}, column ${p % x.cols} is ${data[p]}; remove or impute missing values first`,
      );
    }
  }
}
