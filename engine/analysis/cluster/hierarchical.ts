import type { Matrix } from '../matrix.ts';
import { takeRows } from '../matrix.ts';
import { Rng } from '../random.ts';
import type { Linkage } from './linkageTree.ts';
import { cutTree } from './linkageTree.ts';
import type { LongWorkOptions } from './progressTicker.ts';
import { progressTicker } from './progressTicker.ts';

/**
 * How the distance between two clusters is defined. `ward`: Ward's minimum-variance criterion (the merge height
 * is √(2·increase of the within-cluster sum of squares), as SciPy's); `average`: mean pairwise distance (UPGMA);
 * `complete`: largest pairwise distance; `single`: smallest pairwise distance.
 */
export type LinkageMethod = 'ward' | 'average' | 'complete' | 'single';

/**
 * Agglomerative clustering of the rows of `x` (Euclidean distances), identical to SciPy's
 * `scipy.cluster.hierarchy.linkage(x, method)` (same merge order, ids and heights): the nearest-neighbour-chain
 * algorithm with Lance–Williams updates for ward/average/complete and Prim's minimum spanning tree for single
 * (Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms"). O(n²) time and memory
 * (n(n−1)/2 doubles: 100 MB at n = 5,000) — see {@link hierarchical} for larger data. The result is a
 * {@link Linkage}; `cutTree` and `dendrogram` in linkageTree.ts read it.
 */
export async function linkageMatrix(
  x: Matrix,
  method: LinkageMethod,
  options: LongWorkOptions = {},
): Promise<Linkage> {
  validate(x);
  if (x.rows < 2) throw new RangeError(`hierarchical clustering: needs at least 2 rows, got ${x.rows}`);
  if (!(['ward', 'average', 'complete', 'single'] as const).includes(method)) {
    throw new RangeError(`hierarchical clustering: unknown linkage '${String(method)}'`);
  }
  const ticker = progressTicker(options);
  const dist = await condensedDistances(x, ticker);
  const n = x.rows;
  const z = method === 'single' ? await primSingle(dist, n, ticker) : await nnChain(dist, n, method, ticker);
  sortAndRelabel(z, n);
  ticker.report(1, 'hierarchical clustering: done');
  return z;
}

/** Euclidean distances of all pairs i < j, at condensed index n·i − i(i+1)/2 + j − i − 1 (SciPy's `pdist`). */
async function condensedDistances(
  x: Matrix,
  ticker: ReturnType<typeof progressTicker>,
): Promise<Float64Array> {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const pause = ticker.tick((0.3 * i * (2 * n - i)) / (n * n), 'hierarchical clustering: distances');
    if (pause) await pause;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0, a = i * d, b = j * d; c < d; c++, a++, b++) {
        const diff = (data[a] as number) - (data[b] as number);
        s += diff * diff;
      }
      out[p++] = Math.sqrt(s);
    }
  }
  return out;
}

function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) [i, j] = [j, i];
  return n * i - (i * (i + 1)) / 2 + j - i - 1;
}

/** Lance–Williams update of the distance from cluster i to x ∪ y, written as SciPy's `_hierarchy_distance_update`. */
function update(
  method: LinkageMethod,
  dxi: number,
  dyi: number,
  dxy: number,
  nx: number,
  ny: number,
  ni: number,
): number {
  switch (method) {
    case 'ward': {
      const t = 1.0 / (nx + ny + ni);
      return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
    }
    case 'average':
      return (nx * dxi + ny * dyi) / (nx + ny);
    case 'complete':
      return Math.max(dxi, dyi);
    case 'single':
      return Math.min(dxi, dyi);
  }
}

/** Nearest-neighbour chain, step for step SciPy's `_hierarchy.nn_chain` (merges in discovery order, ids raw). */
async function nnChain(
  dist: Float64Array,
  n: number,
  method: LinkageMethod,
  ticker: ReturnType<typeof progressTicker>,
): Promise<Float64Array> {
  const z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let length = 0;
  for (let k = 0; k < n - 1; k++) {
    const pause = ticker.tick(0.3 + (0.7 * k) / (n - 1), 'hierarchical clustering: merging');
    if (pause) await pause;
    if (length === 0) {
      length = 1;
      for (let i = 0; i < n; i++) {
        if ((size[i] as number) > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x: number;
    let y = -1;
    let currentMin: number;
    for (;;) {
      x = chain[length - 1] as number;
      if (length > 1) {
        y = chain[length - 2] as number;
        currentMin = dist[condensedIndex(n, x, y)] as number;
      } else currentMin = Infinity;
      // Rows i < x sit in column x of earlier condensed rows; rows i > x are contiguous after x's own row start.
      let p = x - 1;
      for (let i = 0; i < x; i++) {
        if ((size[i] as number) !== 0) {
          const v = dist[p] as number;
          if (v < currentMin) {
            currentMin = v;
            y = i;
          }
        }
        p += n - i - 2;
      }
      const base = n * x - (x * (x + 1)) / 2 - x - 1;
      for (let i = x + 1; i < n; i++) {
        if ((size[i] as number) === 0) continue;
        const v = dist[base + i] as number;
        if (v < currentMin) {
          currentMin = v;
          y = i;
        }
      }
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x] as number;
    const ny = size[y] as number;
    z[k * 4] = x;
    z[k * 4 + 1] = y;
    z[k * 4 + 2] = currentMin;
    z[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i] as number;
      if (ni === 0 || i === y) continue;
      const iy = condensedIndex(n, i, y);
      dist[iy] = update(
        method,
        dist[condensedIndex(n, i, x)] as number,
        dist[iy] as number,
        currentMin,
        nx,
        ny,
        ni,
      );
    }
  }
  return z;
}

/** Single linkage by Prim's algorithm on the complete graph, step for step SciPy's `mst_single_linkage`. */
async function primSingle(
  dist: Float64Array,
  n: number,
  ticker: ReturnType<typeof progressTicker>,
): Promise<Float64Array> {
  const z = new Float64Array((n - 1) * 4);
  const merged = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    const pause = ticker.tick(0.3 + (0.7 * k) / (n - 1), 'hierarchical clustering: spanning tree');
    if (pause) await pause;
    let currentMin = Infinity;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const v = dist[condensedIndex(n, x, i)] as number;
      if ((nearest[i] as number) > v) nearest[i] = v;
      if ((nearest[i] as number) < currentMin) {
        y = i;
        currentMin = nearest[i] as number;
      }
    }
    z[k * 4] = x;
    z[k * 4 + 1] = y;
    z[k * 4 + 2] = currentMin;
    x = y;
  }
  return z;
}

/**
 * Stable sort of the merges by distance, then SciPy's `label()`: replace the raw row/slot ids by cluster ids
 * (union-find, new clusters numbered n, n+1, … in merge order), smaller id first, and fill in the sizes.
 */
function sortAndRelabel(z: Float64Array, n: number): void {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, i) => i).sort(
    (a, b) => (z[a * 4 + 2] as number) - (z[b * 4 + 2] as number) || a - b,
  );
  const sorted = new Float64Array(m * 4);
  order.forEach((from, to) => sorted.set(z.subarray(from * 4, from * 4 + 4), to * 4));
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const sizes = new Float64Array(2 * n - 1).fill(1);
  const find = (v: number): number => {
    let root = v;
    while ((parent[root] as number) >= 0) root = parent[root] as number;
    while ((parent[v] as number) >= 0) {
      const next = parent[v] as number;
      parent[v] = root;
      v = next;
    }
    return root;
  };
  for (let i = 0; i < m; i++) {
    const a = find(sorted[i * 4] as number);
    const b = find(sorted[i * 4 + 1] as number);
    const id = n + i;
    z[i * 4] = Math.min(a, b);
    z[i * 4 + 1] = Math.max(a, b);
    z[i * 4 + 2] = sorted[i * 4 + 2] as number;
    const size = (sizes[a] as number) + (sizes[b] as number);
    sizes[id] = size;
    z[i * 4 + 3] = size;
    parent[a] = id;
    parent[b] = id;
  }
}

export interface HierarchicalOptions extends LongWorkOptions {
  /** Number of flat clusters to cut the tree into (1 ≤ k ≤ rows). */
  readonly k: number;
  /** Default `ward`. */
  readonly linkage?: LinkageMethod;
  /** Largest number of rows clustered directly (default 5,000); more rows are sampled. */
  readonly maxRows?: number;
  /** Seed of the sample when rows > maxRows (default 0). */
  readonly seed?: number;
}

export interface HierarchicalResult {
  /** Flat cluster of every row, 0 … k−1, numbered by first appearance in row order. */
  readonly labels: Int32Array;
  /** Linkage matrix of the rows clustered (all rows, or the sample: leaf i is row `sampled.rows[i]`). */
  readonly linkage: Linkage;
  /** Set when the tree was built on a sample: its size, the total rows and the sampled row numbers (ascending). */
  readonly sampled: { readonly size: number; readonly total: number; readonly rows: Int32Array } | null;
  /** Human-readable caveat (sampling), or null. */
  readonly note: string | null;
}

/**
 * Agglomerative clustering cut into k flat clusters (see {@link linkageMatrix} and {@link cutTree}). When there are
 * more than `maxRows` rows, a seeded uniform sample of `maxRows` rows is clustered, cut into k clusters, and every
 * other row is assigned to the cluster whose centroid (mean of its sampled rows) is nearest; the result says so.
 * Labels are then renumbered by first appearance over all rows.
 */
export async function hierarchical(x: Matrix, options: HierarchicalOptions): Promise<HierarchicalResult> {
  const method = options.linkage ?? 'ward';
  const maxRows = options.maxRows ?? 5000;
  const k = options.k;
  validate(x);
  if (!Number.isInteger(maxRows) || maxRows < 2)
    throw new RangeError(`hierarchical clustering: maxRows must be ≥ 2, got ${maxRows}`);
  const n = x.rows;
  if (!Number.isInteger(k) || k < 1 || k > Math.min(n, maxRows)) {
    throw new RangeError(
      `hierarchical clustering: k must be between 1 and ${Math.min(n, maxRows)}, got ${k}`,
    );
  }
  if (n <= maxRows) {
    if (n === 1)
      return { labels: new Int32Array(1), linkage: new Float64Array(0), sampled: null, note: null };
    const linkage = await linkageMatrix(x, method, options);
    return { labels: cutTree(linkage, k), linkage, sampled: null, note: null };
  }
  const rows = sampleRows(n, maxRows, options.seed ?? 0);
  const sample = takeRows(x, rows);
  const linkage = await linkageMatrix(sample, method, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress
      ? { onProgress: (f: number, m: string) => options.onProgress?.(0.95 * f, m) }
      : {}),
  });
  const sampleLabels = cutTree(linkage, k);
  const d = x.cols;
  const centroids = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let s = 0; s < maxRows; s++) {
    const c = sampleLabels[s] as number;
    counts[c] = (counts[c] as number) + 1;
    const from = (rows[s] as number) * d;
    for (let j = 0; j < d; j++)
      centroids[c * d + j] = (centroids[c * d + j] as number) + (x.data[from + j] as number);
  }
  for (let c = 0; c < k; c++)
    for (let j = 0; j < d; j++)
      centroids[c * d + j] = (centroids[c * d + j] as number) / (counts[c] as number);
  const raw = new Int32Array(n).fill(-1);
  rows.forEach((row, s) => (raw[row] = sampleLabels[s] as number));
  for (let i = 0; i < n; i++) {
    if ((raw[i] as number) >= 0) continue;
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = (x.data[i * d + j] as number) - (centroids[c * d + j] as number);
        s += diff * diff;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    raw[i] = best;
  }
  options.onProgress?.(1, 'hierarchical clustering: done');
  return {
    labels: renumberByFirstAppearance(raw),
    linkage,
    sampled: { size: maxRows, total: n, rows },
    note:
      `${method} linkage was computed on a random sample of ${maxRows.toLocaleString('en-US')} of ` +
      `${n.toLocaleString('en-US')} rows (seed ${options.seed ?? 0}); the other rows were assigned to the ` +
      'nearest cluster centroid',
  };
}

/** `size` distinct row numbers out of n, seeded, ascending (partial Fisher–Yates). */
function sampleRows(n: number, size: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}

function renumberByFirstAppearance(raw: Int32Array): Int32Array {
  const map = new Map<number, number>();
  return raw.map((c) => {
    let label = map.get(c);
    if (label === undefined) {
      label = map.size;
      map.set(c, label);
    }
    return label;
  });
}

function validate(x: Matrix): void {
  if (x.rows === 0 || x.cols === 0) throw new RangeError('hierarchical clustering: the data is empty');
  const data = x.data;
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) {
      throw new RangeError(
        `hierarchical clustering: row ${Math.floor(p / x.cols)}, column ${p % x.cols} is ${data[p]}; remove or impute missing values first`,
      );
    }
  }
}
