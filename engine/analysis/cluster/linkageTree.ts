/**
 * Reading a SciPy-style linkage matrix (as made by `linkageMatrix` in hierarchical.ts): flat clusters by
 * cutting the tree, and dendrogram coordinates for plotting.
 */

/**
 * A SciPy-style linkage matrix: (n−1) × 4 row-major. Row m merges clusters a < b (ids < n are rows; id n + j is
 * the cluster made by row j) at `distance` into a cluster of `size` rows, with rows sorted by distance.
 */
export type Linkage = Float64Array;

/** Rows of a linkage matrix (n − 1) and so the number of leaves n; throws on a malformed matrix. */
export function leafCount(z: Linkage): number {
  if (z.length === 0 || z.length % 4 !== 0)
    throw new RangeError(`linkage: length ${z.length} is not a positive multiple of 4`);
  return z.length / 4 + 1;
}

/**
 * Flat clusters from the first n − k merges (SciPy's `cut_tree(z, n_clusters=k)`; equals `fcluster(z, k,
 * 'maxclust')` when heights are distinct). Labels are 0 … k−1, numbered by first appearance in row order (row 0
 * is in cluster 0, the first row outside it is in cluster 1, …).
 */
export function cutTree(z: Linkage, k: number): Int32Array {
  const n = leafCount(z);
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`cutTree: k must be between 1 and ${n}, got ${k}`);
  const parent = new Int32Array(2 * n - 1).fill(-1);
  for (let i = 0; i < n - k; i++) {
    const id = n + i;
    parent[z[i * 4] as number] = id;
    parent[z[i * 4 + 1] as number] = id;
  }
  const labelOf = new Int32Array(2 * n - 1).fill(-1);
  const labels = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    let root = i;
    while ((parent[root] as number) >= 0) root = parent[root] as number;
    let v = i;
    while ((parent[v] as number) >= 0) {
      const up = parent[v] as number;
      parent[v] = root;
      v = up;
    }
    if ((labelOf[root] as number) < 0) labelOf[root] = next++;
    labels[i] = labelOf[root] as number;
  }
  return labels;
}

/** Plot data for a dendrogram, as SciPy's `dendrogram(z, truncate_mode='lastp', p, no_plot=True)`. */
export interface Dendrogram {
  /** One U-shaped link per merge shown: x of its four points (leaves sit at x = 5, 15, 25, …). */
  readonly icoord: number[][];
  /** y of the same four points: child height, merge height, merge height, child height. */
  readonly dcoord: number[][];
  /** Cluster id of each leaf, left to right (ids ≥ n are truncated subtrees). */
  readonly leaves: number[];
  /** Rows under each leaf. */
  readonly leafSizes: number[];
  /** SciPy's `ivl`: the row number, or "(size)" for a truncated subtree. */
  readonly leafLabels: string[];
}

/**
 * Dendrogram coordinates showing only the last `p` merged clusters as leaves (default 30; p ≥ n or 0 shows the
 * full tree). Children are drawn in linkage order (a left, b right), as SciPy without count/distance sorting.
 */
export function dendrogram(z: Linkage, p = 30): Dendrogram {
  const n = leafCount(z);
  if (!Number.isInteger(p) || p < 0)
    throw new RangeError(`dendrogram: p must be a non-negative integer, got ${p}`);
  const shown = p > n || p === 0 ? n : p;
  const out: Dendrogram = { icoord: [], dcoord: [], leaves: [], leafSizes: [], leafLabels: [] };
  // Explicit post-order walk (chains of single linkage are n deep). A frame visits its left child, then its
  // right child starting where the left one ended, then emits its link.
  interface Frame {
    node: number;
    iv: number;
    left?: Placed;
  }
  interface Placed {
    centre: number;
    width: number;
    height: number;
  }
  let result: Placed | null = null;
  const stack: Frame[] = [{ node: 2 * n - 2, iv: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const i = frame.node;
    if (i < 2 * n - shown) {
      // A leaf: an original row, or a subtree merged before the last p clusters formed.
      stack.pop();
      const size = i < n ? 1 : (z[(i - n) * 4 + 3] as number);
      out.leaves.push(i);
      out.leafSizes.push(size);
      out.leafLabels.push(i < n ? String(i) : `(${size})`);
      result = { centre: frame.iv + 5, width: 10, height: 0 };
      continue;
    }
    const row = (i - n) * 4;
    if (result === null) {
      stack.push({ node: z[row] as number, iv: frame.iv });
      continue;
    }
    if (frame.left === undefined) {
      frame.left = result;
      result = null;
      stack.push({ node: z[row + 1] as number, iv: frame.iv + frame.left.width });
      continue;
    }
    const left = frame.left;
    const right: Placed = result;
    const h = z[row + 2] as number;
    out.icoord.push([left.centre, left.centre, right.centre, right.centre]);
    out.dcoord.push([left.height, h, h, right.height]);
    stack.pop();
    result = { centre: (left.centre + right.centre) / 2, width: left.width + right.width, height: h };
  }
  return out;
}
