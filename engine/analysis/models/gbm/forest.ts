import { progressTicker } from '../../cluster/progressTicker.ts';
import type { Matrix } from '../../matrix.ts';
import { Rng } from '../../random.ts';
import type { TrainingOptions } from '../types.ts';
import { applyBins, fitBinEdges, MAX_BINS } from './binning.ts';
import type { Labels } from './common.ts';
import { checkRange, checkTrainingInput, classWeights, normalise } from './common.ts';
import { ForestClassifier } from './forestModel.ts';
import { buildHistogram, HistogramStore, histogramTotals, partition } from './nodes.ts';
import { defaultThreads, TreePool } from './pool.ts';
import { SparseSplitter } from './sparseSplit.ts';
import type { SplitRules } from './split.ts';
import { findBestSplit, SplitInfo } from './split.ts';
import type { Tree } from './tree.ts';
import { TreeBuilder } from './tree.ts';

export { ForestClassifier, loadForest } from './forestModel.ts';

/** Options of {@link fitForest}; defaults are scikit-learn's RandomForestClassifier's. */
export interface ForestOptions extends TrainingOptions {
  /** Number of trees (100). */
  readonly trees?: number;
  /**
   * Features drawn at each split: `'sqrt'` (√f, the default), `'log2'`, `'all'`, a fraction in (0, 1) or a count ≥ 1.
   * As scikit-learn, more are examined when none of the drawn ones gives a valid split.
   */
  readonly maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Grow each tree on a bootstrap sample of the rows (true). */
  readonly bootstrap?: boolean;
  /** Fewest distinct training rows in a leaf (1). */
  readonly minSamplesLeaf?: number;
  /** Depth limit (root at depth 0); null for none (null). */
  readonly maxDepth?: number | null;
  /** Value bins per feature, at most 255 (255). */
  readonly maxBins?: number;
  /** Threads for the histograms of large nodes (all cores, up to 8). */
  readonly threads?: number;
}

/** Below this many rows a node is searched with {@link SparseSplitter} instead of dense histograms. */
const SMALL_NODE = 384;

function featuresPerSplit(option: ForestOptions['maxFeatures'], f: number): number {
  if (option === undefined || option === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(f)));
  if (option === 'log2') return Math.max(1, Math.floor(Math.log2(f)));
  if (option === 'all') return f;
  if (!(option > 0)) throw new RangeError(`maxFeatures must be positive, got ${option}`);
  return option < 1 ? Math.max(1, Math.floor(option * f)) : Math.min(f, Math.floor(option));
}

interface Pending {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
}

/**
 * Fits a random forest (Breiman 2001) of Gini-impurity trees on the binned features of the gradient-boosting code:
 * each tree grows depth-first on a bootstrap sample (rows drawn with replacement enter with their multiplicity as
 * weight) and considers a random subset of the features at each split; missing values go to the better side. A
 * leaf predicts its weighted share of positives and P(y = 1) is the mean over the trees. Importance is the total
 * decrease of weighted impurity per feature, normalised to sum 1. Progress reports "tree k/N"; the signal cancels
 * between trees. Seeded: the same data, options and seed give the same forest, whatever the number of threads.
 */
export async function fitForest(
  x: Matrix,
  y: Labels,
  options: ForestOptions = {},
): Promise<ForestClassifier> {
  const labels = checkTrainingInput(x, y, 'fitForest');
  const nTrees = options.trees ?? 100;
  if (!Number.isInteger(nTrees) || nTrees < 1)
    throw new RangeError(`trees must be a positive integer, got ${nTrees}`);
  const minSamplesLeaf = options.minSamplesLeaf ?? 1;
  if (!Number.isInteger(minSamplesLeaf) || minSamplesLeaf < 1) {
    throw new RangeError(`minSamplesLeaf must be a positive integer, got ${minSamplesLeaf}`);
  }
  const maxDepth = options.maxDepth === null || options.maxDepth === undefined ? Infinity : options.maxDepth;
  if (maxDepth !== Infinity && (!Number.isInteger(maxDepth) || maxDepth < 1)) {
    throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
  }
  const maxBins = checkRange('maxBins', options.maxBins ?? MAX_BINS, 2, MAX_BINS);
  const threads = checkRange('threads', options.threads ?? defaultThreads(), 1, 256);
  const bootstrap = options.bootstrap ?? true;
  const seed = options.seed ?? 0;
  const ticker = progressTicker(options);
  const cw = classWeights(labels, options.classWeight) ?? [1, 1];
  const n = x.rows;
  const f = x.cols;
  const mtry = featuresPerSplit(options.maxFeatures, f);

  ticker.report(0, 'binning');
  const edges = fitBinEdges(x, { maxBins, seed });
  const nBins = Int32Array.from(edges.thresholds, (t) => t.length + 1);
  const bins = applyBins(x, edges);
  const pool = await TreePool.open(bins, n, f, threads);
  try {
    const s = pool.state;
    const rng = new Rng(seed);
    const rules: SplitRules = { criterion: 'gini', l2: 0, minSamplesLeaf, minHessian: 0 };
    const store = new HistogramStore(f);
    const sparse = new SparseSplitter();
    const importance = new Float64Array(f);
    const counts = new Uint32Array(n);
    const order = new Int32Array(f);
    const trees: Tree[] = [];
    for (let t = 0; t < nTrees; t++) {
      await ticker.tick(t / nTrees, `tree ${t}/${nTrees}`);
      // Rows of this tree and their weights (bootstrap multiplicity × class weight) as g = w·y, h = w.
      counts.fill(0);
      if (bootstrap) {
        for (let k = 0; k < n; k++) {
          const r = rng.int(n);
          counts[r] = counts[r]! + 1;
        }
      } else counts.fill(1);
      let m = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i]!;
        if (c === 0) continue;
        s.idx[m++] = i;
        const w = c * cw[labels[i]!]!;
        s.gh[2 * i] = w * labels[i]!;
        s.gh[2 * i + 1] = w;
      }
      trees.push(
        growForestTree(pool, m, rng, mtry, order, rules, maxDepth, nBins, edges, store, sparse, importance),
      );
    }
    ticker.report(1, `tree ${nTrees}/${nTrees}`);
    return new ForestClassifier({ nFeatures: f, trees, importance: normalise(importance) });
  } finally {
    await pool.close();
  }
}

function growForestTree(
  pool: TreePool,
  m: number,
  rng: Rng,
  mtry: number,
  order: Int32Array,
  rules: SplitRules,
  maxDepth: number,
  nBins: Int32Array,
  edges: { readonly thresholds: readonly Float64Array[]; readonly hasMissing: Uint8Array },
  store: HistogramStore,
  sparse: SparseSplitter,
  importance: Float64Array,
): Tree {
  const s = pool.state;
  const { idx, gh, features, bins, n, f } = s;
  const builder = new TreeBuilder();
  const stack: Pending[] = [{ id: builder.leaf(0), start: 0, end: m, depth: 0 }];
  const best = new SplitInfo();
  const hist = store.take();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const size = node.end - node.start;
    let g = 0;
    let h = 0;
    for (let i = node.start; i < node.end; i++) {
      const r = idx[i]!;
      g += gh[2 * r]!;
      h += gh[2 * r + 1]!;
    }
    builder.setValue(node.id, g / h);
    const pure = g === 0 || g === h;
    if (pure || size < 2 * rules.minSamplesLeaf || node.depth >= maxDepth) continue;
    const total = { g, h, count: size };
    // Features in a random order, tried mtry at a time until one gives a valid split.
    for (let j = 0; j < f; j++) order[j] = j;
    best.gain = 0;
    best.feature = -1;
    for (let from = 0; from < f && best.feature < 0; from += mtry) {
      const to = Math.min(f, from + mtry);
      for (let j = from; j < to; j++) {
        const k = j + rng.int(f - j);
        const tmp = order[j]!;
        order[j] = order[k]!;
        order[k] = tmp;
      }
      if (size <= SMALL_NODE) {
        for (let j = from; j < to; j++) {
          const feature = order[j]!;
          sparse.scanFeature(
            feature,
            bins,
            n,
            idx,
            node.start,
            node.end,
            gh,
            edges.hasMissing[feature] === 1,
            total,
            rules,
            best,
          );
        }
      } else {
        const nf = to - from;
        for (let j = 0; j < nf; j++) features[j] = order[from + j]!;
        buildHistogram(pool, node.start, node.end, false, nf, hist);
        // Sums from the histogram, so that the scan's differences are exact.
        const sums = histogramTotals(hist, features[0]!);
        findBestSplit(hist, 0, features, nf, nBins, edges.hasMissing, sums, rules, best);
      }
    }
    if (best.feature < 0) continue;
    const feature = best.feature;
    const mid = partition(pool, node.start, node.end, feature, best.bin, best.missingLeft, 0, -1, null);
    const countL = mid - node.start;
    const countR = node.end - mid;
    const nb = nBins[feature]!;
    const threshold = best.bin >= nb - 1 ? Infinity : edges.thresholds[feature]![best.bin]!;
    const missingLeft = edges.hasMissing[feature] === 1 ? best.missingLeft : countL > countR;
    const l = builder.leaf(0);
    const r = builder.leaf(0);
    builder.split(node.id, feature, best.bin, threshold, missingLeft, l, r);
    importance[feature] = importance[feature]! + best.gain;
    // Right first on the stack so the left subtree is grown first (node numbers in depth-first order).
    stack.push({ id: r, start: mid, end: node.end, depth: node.depth + 1 });
    stack.push({ id: l, start: node.start, end: mid, depth: node.depth + 1 });
  }
  store.give(hist);
  return builder.build();
}
