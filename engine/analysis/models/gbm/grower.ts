import type { HistogramStore } from './nodes.ts';
import { buildHistogram, histogramTotals, partition, subtractHistogram } from './nodes.ts';
import type { TreePool } from './pool.ts';
import type { SplitRules } from './split.ts';
import { findBestSplit, SplitInfo } from './split.ts';
import type { Tree } from './tree.ts';
import { TreeBuilder } from './tree.ts';

/** What the leaf-wise grower needs besides the rows. */
export interface GrowerSettings {
  readonly rules: SplitRules;
  readonly maxLeafNodes: number;
  /** Root at depth 0; children at this depth become leaves. Infinity for no limit. */
  readonly maxDepth: number;
  /** Value bins per feature (thresholds + 1). */
  readonly nBins: Int32Array;
  readonly hasMissing: Uint8Array;
  readonly thresholds: readonly Float64Array[];
  /** Leaf value from a leaf's sums of gradients and hessians. */
  leafValue(g: number, h: number): number;
}

interface GrowNode {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly g: number;
  readonly h: number;
  readonly count: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

/** A leaf and its rows: idx[start … end) of the pool's index array after growing. */
export interface GrownLeaf {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

export interface GrownTree {
  readonly tree: Tree;
  readonly leaves: GrownLeaf[];
}

/**
 * Grows one tree leaf-wise (best-first, LightGBM's design; Ke et al. 2017, and Shi 2007): the leaf whose best split
 * gains most is split next, until `maxLeafNodes` leaves or no leaf has a split of positive gain. Each split builds
 * the histogram of its smaller child only and gets the larger one by subtraction from the parent's.
 *
 * The rows are idx[0 … m) of the pool (the numbers 0 … m − 1 when `identity`; then idx is filled on the first split),
 * their gradients and hessians in `pool.state.gh`, the features to use in `pool.state.features[0 … nf)`.
 * Adds each split's gain to `importance[feature]`.
 */
export function growTree(
  pool: TreePool,
  m: number,
  identity: boolean,
  nf: number,
  settings: GrowerSettings,
  store: HistogramStore,
  importance: Float64Array,
): GrownTree {
  const { rules, maxLeafNodes, maxDepth, nBins, hasMissing, thresholds } = settings;
  const { features, idx } = pool.state;
  const builder = new TreeBuilder();
  const leaves: GrownLeaf[] = [];
  const rootHist = store.take();
  buildHistogram(pool, 0, m, identity, nf, rootHist);
  if (identity) for (let i = 0; i < m; i++) idx[i] = i;
  const totals = histogramTotals(rootHist, features[0] as number);
  const root: GrowNode = {
    id: builder.leaf(0),
    start: 0,
    end: m,
    depth: 0,
    ...totals,
    hist: rootHist,
    split: null,
  };

  const open: GrowNode[] = [];
  const finalize = (node: GrowNode): void => {
    const value = settings.leafValue(node.g, node.h);
    builder.setValue(node.id, value);
    leaves.push({ start: node.start, end: node.end, value });
    store.give(node.hist);
    node.hist = null;
  };
  const consider = (node: GrowNode): void => {
    const splittable =
      node.count >= 2 * rules.minSamplesLeaf &&
      node.h >= rules.minHessian &&
      node.depth < maxDepth &&
      node.hist;
    if (splittable) {
      const best = new SplitInfo();
      if (findBestSplit(node.hist!, 0, features, nf, nBins, hasMissing, node, rules, best) && best.gain > 0) {
        node.split = best;
        open.push(node);
        return;
      }
    }
    finalize(node);
  };
  consider(root);
  let leafCount = 1;
  while (open.length > 0) {
    // The open leaf of largest gain (few leaves: a scan beats a heap); ties go to the earliest.
    let at = 0;
    for (let k = 1; k < open.length; k++) if (open[k]!.split!.gain > open[at]!.split!.gain) at = k;
    const node = open.splice(at, 1)[0]!;
    const s = node.split!;
    const countL = s.leftCount;
    const countR = node.count - countL;
    const depth = node.depth + 1;
    leafCount++;
    const atLimit = leafCount >= maxLeafNodes;
    const splitL = !atLimit && depth < maxDepth && countL >= 2 * rules.minSamplesLeaf;
    const splitR = !atLimit && depth < maxDepth && countR >= 2 * rules.minSamplesLeaf;
    const smallSide = countL < countR ? 0 : 1;
    const small = splitL || splitR ? store.take() : null;
    const mid = partition(
      pool,
      node.start,
      node.end,
      s.feature,
      s.bin,
      s.missingLeft,
      nf,
      small ? smallSide : -1,
      small,
    );
    let histL: Float64Array | null = null;
    let histR: Float64Array | null = null;
    if (small) {
      subtractHistogram(node.hist!, small, features, nf);
      histL = smallSide === 0 ? small : node.hist;
      histR = smallSide === 0 ? node.hist : small;
    } else store.give(node.hist);
    node.hist = null;

    const edges = thresholds[s.feature]!;
    const bins = nBins[s.feature]!;
    const threshold = s.bin >= bins - 1 ? Infinity : edges[s.bin]!;
    // A feature without missing values in training sends them, at prediction, to the child with more rows.
    const missingLeft = hasMissing[s.feature] === 1 ? s.missingLeft : countL > countR;
    const l = builder.leaf(0);
    const r = builder.leaf(0);
    builder.split(node.id, s.feature, s.bin, threshold, missingLeft, l, r);
    importance[s.feature] = importance[s.feature]! + s.gain;

    const left: GrowNode = {
      id: l,
      start: node.start,
      end: mid,
      depth,
      g: s.leftG,
      h: s.leftH,
      count: countL,
      hist: histL,
      split: null,
    };
    const right: GrowNode = {
      id: r,
      start: mid,
      end: node.end,
      depth,
      g: node.g - s.leftG,
      h: node.h - s.leftH,
      count: countR,
      hist: histR,
      split: null,
    };
    if (splitL) consider(left);
    else finalize(left);
    if (splitR) consider(right);
    else finalize(right);
    if (atLimit) {
      for (const o of open) finalize(o);
      open.length = 0;
    }
  }
  return { tree: builder.build(), leaves };
}
