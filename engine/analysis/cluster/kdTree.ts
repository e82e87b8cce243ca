import type { Matrix } from '../matrix.ts';

/** A query point: a row index of the tree's matrix, or `cols` coordinates. */
export type QueryPoint = number | Float64Array;

/** The k nearest rows of a query, nearest first (ties by row index). */
export interface Neighbours {
  readonly indices: Int32Array;
  /** Squared Euclidean distances, ascending. */
  readonly squaredDistances: Float64Array;
}

/**
 * A k-d tree (Bentley 1975) over the rows of a matrix for Euclidean neighbour queries. Built once in
 * O(n log n): each node splits its rows at the median of the dimension with the widest spread (Friedman,
 * Bentley & Finkel 1977), down to leaves of at most `leafSize` rows; every node keeps its bounding box, and a
 * query skips any node whose box is farther than the current radius. The matrix is referenced, not copied:
 * do not change it while the tree is in use. Distances are squared Euclidean, summed over the columns in order.
 */
export class KdTree {
  readonly points: Matrix;
  readonly leafSize: number;
  /** Row indices, permuted so that every node owns the contiguous range [start, end). */
  private readonly order: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Child node numbers; −1 for a leaf. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** The rows copied in `order` (tree order), so a leaf's rows are contiguous in memory. */
  private readonly sorted: Float64Array;
  /** Bounding boxes, node × cols. */
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly stack: Int32Array;

  constructor(points: Matrix, leafSize = 16) {
    if (!Number.isInteger(leafSize) || leafSize < 1)
      throw new RangeError(`k-d tree: leafSize must be ≥ 1, got ${leafSize}`);
    this.points = points;
    this.leafSize = leafSize;
    const n = points.rows;
    const d = points.cols;
    const nodes = nodeCount(n, leafSize);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.start = new Int32Array(nodes);
    this.end = new Int32Array(nodes);
    this.left = new Int32Array(nodes).fill(-1);
    this.right = new Int32Array(nodes).fill(-1);
    this.lower = new Float64Array(nodes * d);
    this.upper = new Float64Array(nodes * d);
    this.stack = new Int32Array(Math.max(1, 2 * Math.ceil(Math.log2(nodes + 1)) + 4));
    if (n > 0) this.build(nodes);
    this.sorted = new Float64Array(n * d);
    for (let p = 0; p < n; p++) {
      const i = this.order[p] as number;
      this.sorted.set(points.data.subarray(i * d, (i + 1) * d), p * d);
    }
  }

  /** Number of nodes (for tests and diagnostics). */
  get nodeCount(): number {
    return this.start.length;
  }

  /**
   * Rows within squared distance `r2` of `point` (distance² ≤ r2, the query row itself included), written into
   * `out` (cleared first) in tree order; returns their count. With a `limit` the search stops once it has found
   * that many (so `out` is complete only when the count is below the limit).
   */
  radiusQuery(point: QueryPoint, r2: number, out: number[], limit = Infinity): number {
    out.length = 0;
    this.visitRadius(point, r2, limit, out);
    return out.length;
  }

  /**
   * Calls `visit(i, j)` once for every unordered pair of distinct rows i ≠ j within squared distance `r2`
   * (a dual-tree self-join: pairs of nodes farther apart than r are skipped whole, so each pair is examined
   * once instead of twice as with one radius query per row). A generator: it yields (the number of leaf pairs
   * compared so far) every 256 leaf pairs, so a caller can pause; iterate it to the end to visit every pair.
   */
  *pairsWithin(r2: number, visit: (i: number, j: number) => void): Generator<number, void, void> {
    const n = this.points.rows;
    if (n < 2) return;
    let leafPairs = 0;
    const d = this.points.cols;
    const data = this.sorted;
    const order = this.order;
    const pairs: number[] = [0, 0];
    while (pairs.length > 0) {
      const b = pairs.pop() as number;
      const a = pairs.pop() as number;
      if (a !== b && this.boxGap(a, b) > r2) continue;
      const al = this.left[a] as number;
      const bl = this.left[b] as number;
      if (al < 0 && bl < 0) {
        const bs = this.start[b] as number;
        const be = this.end[b] as number;
        for (let p = this.start[a] as number, e = this.end[a] as number; p < e; p++) {
          const from = a === b ? p + 1 : bs;
          if (a !== b && this.boxDistance(b, data, p * d) > r2) continue;
          for (let q = from; q < be; q++) {
            let s = 0;
            for (let c = 0, u = p * d, v = q * d; c < d && s <= r2; c++, u++, v++) {
              const diff = (data[u] as number) - (data[v] as number);
              s += diff * diff;
            }
            if (s <= r2) visit(order[p] as number, order[q] as number);
          }
        }
        if ((++leafPairs & 255) === 0) yield leafPairs;
        continue;
      }
      if (a === b) {
        pairs.push(al, al, al, al + 1, al + 1, al + 1);
      } else if (bl < 0 || (al >= 0 && this.size(a) >= this.size(b))) {
        pairs.push(al, b, al + 1, b);
      } else {
        pairs.push(a, bl, a, bl + 1);
      }
    }
  }

  /** How many rows lie within squared distance `r2` of `point`, counting stops once it reaches `limit`. */
  radiusCount(point: QueryPoint, r2: number, limit = Infinity): number {
    return this.visitRadius(point, r2, limit, null);
  }

  /** The `k` rows nearest to `point` (the query row itself included when `point` is a row index). */
  knn(point: QueryPoint, k: number): Neighbours {
    const n = this.points.rows;
    if (!Number.isInteger(k) || k < 1 || k > n)
      throw new RangeError(`k-d tree: k must be between 1 and ${n}, got ${k}`);
    const { src, offset } = this.resolve(point);
    const d = this.points.cols;
    const data = this.sorted;
    // Max-heap on (distance, index) of the best k so far.
    const heapDist = new Float64Array(k).fill(Infinity);
    const heapIndex = new Int32Array(k).fill(-1);
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top] as number;
      if (this.boxDistance(node, src, offset) > (heapDist[0] as number)) continue;
      const l = this.left[node] as number;
      if (l < 0) {
        for (let p = this.start[node] as number, e = this.end[node] as number; p < e; p++) {
          const i = this.order[p] as number;
          const worst = heapDist[0] as number;
          let s = 0;
          for (let c = 0, q = p * d; c < d && s <= worst; c++, q++) {
            const diff = (src[offset + c] as number) - (data[q] as number);
            s += diff * diff;
          }
          if (s < worst || (s === worst && i < (heapIndex[0] as number)))
            siftDown(heapDist, heapIndex, k, s, i);
        }
        continue;
      }
      const r = this.right[node] as number;
      // Push the farther child first so the nearer one is searched first.
      if (this.boxDistance(l, src, offset) <= this.boxDistance(r, src, offset)) {
        stack[top++] = r;
        stack[top++] = l;
      } else {
        stack[top++] = l;
        stack[top++] = r;
      }
    }
    const order = Array.from({ length: k }, (_, j) => j).sort(
      (a, b) =>
        (heapDist[a] as number) - (heapDist[b] as number) ||
        (heapIndex[a] as number) - (heapIndex[b] as number),
    );
    return {
      indices: Int32Array.from(order, (j) => heapIndex[j] as number),
      squaredDistances: Float64Array.from(order, (j) => heapDist[j] as number),
    };
  }

  private resolve(point: QueryPoint): { src: Float64Array; offset: number } {
    if (typeof point === 'number') {
      if (!Number.isInteger(point) || point < 0 || point >= this.points.rows) {
        throw new RangeError(`k-d tree: row ${point} is out of range`);
      }
      return { src: this.points.data, offset: point * this.points.cols };
    }
    if (point.length !== this.points.cols) {
      throw new RangeError(`k-d tree: query has ${point.length} values, expected ${this.points.cols}`);
    }
    return { src: point, offset: 0 };
  }

  private visitRadius(point: QueryPoint, r2: number, limit: number, out: number[] | null): number {
    if (this.points.rows === 0) return 0;
    const { src, offset } = this.resolve(point);
    const d = this.points.cols;
    const data = this.sorted;
    const order = this.order;
    const stack = this.stack;
    let count = 0;
    let top = 0;
    if (this.boxDistance(0, src, offset) <= r2) stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top] as number;
      const l = this.left[node] as number;
      if (l >= 0) {
        // Children are pruned before they are pushed, the nearer one last so it is searched first (a count
        // with a limit then usually stops early).
        const r = this.right[node] as number;
        const dl = this.boxDistance(l, src, offset);
        const dr = this.boxDistance(r, src, offset);
        if (dl <= dr) {
          if (dr <= r2) stack[top++] = r;
          if (dl <= r2) stack[top++] = l;
        } else {
          if (dl <= r2) stack[top++] = l;
          if (dr <= r2) stack[top++] = r;
        }
        continue;
      }
      for (let p = this.start[node] as number, e = this.end[node] as number; p < e; p++) {
        // Partial distance: stop summing once it exceeds r².
        let s = 0;
        for (let c = 0, q = p * d; c < d && s <= r2; c++, q++) {
          const diff = (src[offset + c] as number) - (data[q] as number);
          s += diff * diff;
        }
        if (s <= r2) {
          out?.push(order[p] as number);
          if (++count >= limit) return count;
        }
      }
    }
    return count;
  }

  private size(node: number): number {
    return (this.end[node] as number) - (this.start[node] as number);
  }

  /** Squared distance between the bounding boxes of two nodes (0 when they overlap). */
  private boxGap(a: number, b: number): number {
    const d = this.points.cols;
    const lower = this.lower;
    const upper = this.upper;
    let s = 0;
    for (let c = 0, p = a * d, q = b * d; c < d; c++, p++, q++) {
      const gap = Math.max(
        (lower[p] as number) - (upper[q] as number),
        (lower[q] as number) - (upper[p] as number),
        0,
      );
      s += gap * gap;
    }
    return s;
  }

  /** Squared distance from the point to the node's bounding box (0 inside it). */
  private boxDistance(node: number, src: Float64Array, offset: number): number {
    const d = this.points.cols;
    const lower = this.lower;
    const upper = this.upper;
    let s = 0;
    for (let c = 0, b = node * d; c < d; c++, b++) {
      const v = src[offset + c] as number;
      const lo = lower[b] as number;
      if (v < lo) {
        s += (lo - v) * (lo - v);
        continue;
      }
      const hi = upper[b] as number;
      if (v > hi) s += (v - hi) * (v - hi);
    }
    return s;
  }

  /** Builds the nodes breadth-first: node 0 is the root, children are allocated in creation order. */
  private build(nodes: number): void {
    const { data, cols: d } = this.points;
    const order = this.order;
    let next = 1;
    this.start[0] = 0;
    this.end[0] = this.points.rows;
    for (let node = 0; node < next; node++) {
      const s = this.start[node] as number;
      const e = this.end[node] as number;
      let widest = 0;
      let spread = -1;
      for (let c = 0; c < d; c++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let p = s; p < e; p++) {
          const v = data[(order[p] as number) * d + c] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        this.lower[node * d + c] = lo;
        this.upper[node * d + c] = hi;
        if (hi - lo > spread) {
          spread = hi - lo;
          widest = c;
        }
      }
      if (e - s <= this.leafSize) continue;
      const mid = s + ((e - s) >> 1);
      select(order, s, e - 1, mid, data, d, widest);
      this.left[node] = next;
      this.start[next] = s;
      this.end[next] = mid;
      this.right[node] = next + 1;
      this.start[next + 1] = mid;
      this.end[next + 1] = e;
      next += 2;
    }
    if (next !== nodes) throw new Error(`k-d tree: built ${next} nodes, expected ${nodes}`);
  }
}

/** Nodes of a tree over n rows: a node with more than leafSize rows splits into ⌊n/2⌋ and ⌈n/2⌉. */
function nodeCount(n: number, leafSize: number): number {
  const memo = new Map<number, number>();
  const count = (m: number): number => {
    if (m <= leafSize) return 1;
    const known = memo.get(m);
    if (known !== undefined) return known;
    const value = 1 + count(m >> 1) + count(m - (m >> 1));
    memo.set(m, value);
    return value;
  };
  return count(n);
}

/**
 * Quickselect (Hoare) on `order[lo..hi]` by column `c`, so that order[kth] holds the median row and rows before
 * it are ≤, rows after it ≥ (median-of-three pivots).
 */
function select(
  order: Int32Array,
  lo: number,
  hi: number,
  kth: number,
  data: Float64Array,
  d: number,
  c: number,
): void {
  const key = (p: number): number => data[(order[p] as number) * d + c] as number;
  while (hi > lo) {
    const m = lo + ((hi - lo) >> 1);
    if (key(m) < key(lo)) swap(order, m, lo);
    if (key(hi) < key(lo)) swap(order, hi, lo);
    if (key(hi) < key(m)) swap(order, hi, m);
    const pivot = key(m);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        swap(order, i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/** Replaces the max-heap root with (dist, index) and restores the heap (ordered by distance, then index). */
function siftDown(dist: Float64Array, index: Int32Array, k: number, value: number, id: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= k) break;
    const r = l + 1;
    let child = l;
    if (r < k && greater(dist, index, r, l)) child = r;
    const cd = dist[child] as number;
    const ci = index[child] as number;
    if (cd > value || (cd === value && ci > id)) {
      dist[pos] = cd;
      index[pos] = ci;
      pos = child;
    } else break;
  }
  dist[pos] = value;
  index[pos] = id;
}

function greater(dist: Float64Array, index: Int32Array, a: number, b: number): boolean {
  const da = dist[a] as number;
  const db = dist[b] as number;
  return da > db || (da === db && (index[a] as number) > (index[b] as number));
}
