import { progressTicker } from '../../cluster/progressTicker.ts';
import type { Matrix } from '../../matrix.ts';
import { Rng } from '../../random.ts';
import { addToRows, OP_GRAD, setWeighted } from './treeWorker.mjs';
import type { TrainingOptions } from '../types.ts';
import { applyBins, fitBinEdges, MAX_BINS } from './binning.ts';
import type { Labels } from './common.ts';
import {
  checkRange,
  checkTrainingInput,
  classWeights,
  normalise,
  sampleWithoutReplacement,
} from './common.ts';
import { stratifiedSplit } from '../../validation/split.ts';
import { GbmClassifier } from './gbmModel.ts';
import { growTree } from './grower.ts';
import { HistogramStore } from './nodes.ts';
import { defaultThreads, TreePool } from './pool.ts';
import type { Tree } from './tree.ts';
import { predictBinnedRow } from './tree.ts';

export { GbmClassifier, loadGbm } from './gbmModel.ts';

/** Options of {@link fitGbm}; defaults are scikit-learn's HistGradientBoostingClassifier's. */
export interface GbmOptions extends TrainingOptions {
  /** Boosting iterations, one tree each (100). */
  readonly maxIterations?: number;
  /** Shrinkage of every leaf value (0.1). */
  readonly learningRate?: number;
  /** Leaves per tree, grown best-first (31). */
  readonly maxLeafNodes?: number;
  /** Depth limit (root at depth 0); null for none (null). */
  readonly maxDepth?: number | null;
  /** Fewest training rows in a leaf (20). */
  readonly minSamplesLeaf?: number;
  /** L2 penalty λ on leaf values: a leaf predicts −G / (H + λ) (0). */
  readonly l2Regularization?: number;
  /** Value bins per feature, at most 255 (255); missing values get one more. */
  readonly maxBins?: number;
  /** Fraction of the training rows each tree is grown on, drawn without replacement per tree (1). */
  readonly subsample?: number;
  /** Fraction of the features each tree may split on, drawn per tree (1). */
  readonly featureFraction?: number;
  /** Stop when the validation log-loss has not improved by `tol` for `nIterNoChange` iterations (false). */
  readonly earlyStopping?: boolean;
  /** Share of the rows held out (stratified) for early stopping (0.1). */
  readonly validationFraction?: number;
  readonly nIterNoChange?: number;
  readonly tol?: number;
  /** Threads for the histograms (all cores, up to 8). */
  readonly threads?: number;
}

interface Settings {
  maxIterations: number;
  learningRate: number;
  maxLeafNodes: number;
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  maxBins: number;
  subsample: number;
  featureFraction: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  threads: number;
  seed: number;
}

function settingsOf(o: GbmOptions): Settings {
  const int = (name: string, v: number, lo: number, hi = 1e9): number => {
    if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer, got ${v}`);
    return checkRange(name, v, lo, hi);
  };
  return {
    maxIterations: int('maxIterations', o.maxIterations ?? 100, 1),
    learningRate: checkRange('learningRate', o.learningRate ?? 0.1, 1e-12, 1e6),
    maxLeafNodes: int('maxLeafNodes', o.maxLeafNodes ?? 31, 2),
    maxDepth: o.maxDepth === null || o.maxDepth === undefined ? Infinity : int('maxDepth', o.maxDepth, 1),
    minSamplesLeaf: int('minSamplesLeaf', o.minSamplesLeaf ?? 20, 1),
    l2: checkRange('l2Regularization', o.l2Regularization ?? 0, 0, 1e12),
    maxBins: int('maxBins', o.maxBins ?? MAX_BINS, 2, MAX_BINS),
    subsample: checkRange('subsample', o.subsample ?? 1, 1e-9, 1),
    featureFraction: checkRange('featureFraction', o.featureFraction ?? 1, 1e-9, 1),
    earlyStopping: o.earlyStopping ?? false,
    validationFraction: checkRange('validationFraction', o.validationFraction ?? 0.1, 1e-9, 0.9),
    nIterNoChange: int('nIterNoChange', o.nIterNoChange ?? 10, 1),
    tol: checkRange('tol', o.tol ?? 1e-7, 0, 1e12),
    threads: int('threads', o.threads ?? defaultThreads(), 1, 256),
    seed: o.seed ?? 0,
  };
}

/** Weighted mean log-loss of raw scores. */
function logLoss(raw: Float64Array, y: Uint8Array, w: Float64Array | null): number {
  let s = 0;
  let total = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i] as number;
    // log(1 + e^z) − y·z, stable for both signs.
    const l = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] as number) * z;
    const wi = w ? (w[i] as number) : 1;
    s += wi * l;
    total += wi;
  }
  return s / total;
}

/**
 * Fits gradient-boosted trees for the binary log-loss, histogram-based as LightGBM (Ke et al. 2017) and
 * scikit-learn's HistGradientBoostingClassifier: features binned once into ≤ 255 quantile bins plus one for missing
 * values (NaN, sent to the better side at every split); per-node gradient/hessian histograms, histogram subtraction,
 * leaf-wise growth; Newton leaf values −G/(H + λ) shrunk by the learning rate (Friedman 2001). Rows `y` are 0/1.
 * Progress reports "tree k/N"; the signal cancels between trees. Seeded: the same data, options and seed give the
 * same model, whatever the number of threads.
 */
export async function fitGbm(x: Matrix, y: Labels, options: GbmOptions = {}): Promise<GbmClassifier> {
  const labelsAll = checkTrainingInput(x, y, 'fitGbm');
  const st = settingsOf(options);
  const ticker = progressTicker(options);
  const cw = classWeights(labelsAll, options.classWeight);
  const rng = new Rng(st.seed);

  let trainRows: Uint32Array | undefined;
  let validRows: Uint32Array | null = null;
  if (st.earlyStopping) {
    const split = stratifiedSplit(labelsAll, {
      testFraction: st.validationFraction,
      seed: st.seed ^ 0x2545f491,
    });
    trainRows = split.train;
    validRows = split.test;
    if (validRows.length === 0 || trainRows.length === 0)
      throw new RangeError('fitGbm: too few rows for early stopping');
  }
  const n = trainRows ? trainRows.length : x.rows;
  const f = x.cols;
  ticker.report(0, 'binning');
  const edges = fitBinEdges(x, {
    maxBins: st.maxBins,
    seed: st.seed,
    ...(trainRows ? { rows: trainRows } : {}),
  });
  const nBins = Int32Array.from(edges.thresholds, (t) => t.length + 1);
  const bins = applyBins(x, edges, trainRows);
  const pool = await TreePool.open(bins, n, f, st.threads);
  try {
    const s = pool.state;
    for (let i = 0; i < n; i++) s.y[i] = labelsAll[trainRows ? trainRows[i]! : i]!;
    let weights: Float64Array | null = null;
    if (cw) {
      weights = s.weight;
      for (let i = 0; i < n; i++) weights[i] = cw[s.y[i]!]!;
      setWeighted(s, true);
    }
    // Baseline: the log-odds of the weighted share of positives.
    let wPos = 0;
    let wAll = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i]! : 1;
      wPos += w * s.y[i]!;
      wAll += w;
    }
    const p0 = Math.min(1 - 1e-15, Math.max(1e-15, wPos / wAll));
    const baseline = Math.log(p0 / (1 - p0));
    s.raw.fill(baseline);

    let validBins: Uint8Array | null = null;
    let validRaw: Float64Array | null = null;
    let validY: Uint8Array | null = null;
    let validW: Float64Array | null = null;
    const validationLoss: number[] = [];
    if (validRows) {
      validBins = applyBins(x, edges, validRows);
      validRaw = new Float64Array(validRows.length).fill(baseline);
      validY = Uint8Array.from(validRows, (r) => labelsAll[r]!);
      if (cw) validW = Float64Array.from(validY, (v) => cw[v]!);
      validationLoss.push(logLoss(validRaw, validY, validW));
    }

    const store = new HistogramStore(f);
    const importance = new Float64Array(f);
    const trees: Tree[] = [];
    const rules = {
      criterion: 'newton' as const,
      l2: st.l2,
      minSamplesLeaf: st.minSamplesLeaf,
      minHessian: 1e-3,
    };
    const grower = {
      rules,
      maxLeafNodes: st.maxLeafNodes,
      maxDepth: st.maxDepth,
      nBins,
      hasMissing: edges.hasMissing,
      thresholds: edges.thresholds,
      leafValue: (g: number, h: number) => (-st.learningRate * g) / (h + st.l2),
    };
    const rowsPerTree = Math.max(1, Math.round(st.subsample * n));
    const featuresPerTree = Math.max(1, Math.round(st.featureFraction * f));
    const scratch = rowsPerTree < n ? new Uint32Array(n) : undefined;
    const featureScratch = new Uint32Array(f);
    for (let it = 0; it < st.maxIterations; it++) {
      await ticker.tick(it / st.maxIterations, `tree ${it}/${st.maxIterations}`);
      pool.run(OP_GRAD, 0, n, true, 0);
      const chosen = sampleWithoutReplacement(rng, f, featuresPerTree, featureScratch);
      s.features.set(chosen);
      let identity = true;
      if (rowsPerTree < n) {
        s.idx.set(sampleWithoutReplacement(rng, n, rowsPerTree, scratch));
        identity = false;
      }
      const { tree, leaves } = growTree(
        pool,
        rowsPerTree,
        identity,
        featuresPerTree,
        grower,
        store,
        importance,
      );
      trees.push(tree);
      if (identity) for (const leaf of leaves) addToRows(s, leaf.start, leaf.end, leaf.value);
      else for (let i = 0; i < n; i++) s.raw[i] = s.raw[i]! + predictBinnedRow(tree, bins, n, i);
      if (validBins && validRaw && validY) {
        const m = validRaw.length;
        for (let i = 0; i < m; i++) validRaw[i] = validRaw[i]! + predictBinnedRow(tree, validBins, m, i);
        validationLoss.push(logLoss(validRaw, validY, validW));
        if (shouldStop(validationLoss, st.nIterNoChange, st.tol)) break;
      }
    }
    ticker.report(1, `tree ${trees.length}/${st.maxIterations}`);
    return new GbmClassifier({
      nFeatures: f,
      baseline,
      trees,
      importance: normalise(importance),
      validationLoss,
    });
  } finally {
    await pool.close();
  }
}

/** scikit-learn's rule: stop when none of the last n losses beats the one n + 1 back by more than tol. */
function shouldStop(losses: readonly number[], n: number, tol: number): boolean {
  if (losses.length <= n) return false;
  const reference = losses[losses.length - n - 1]!;
  for (let k = losses.length - n; k < losses.length; k++) if (losses[k]! < reference - tol) return false;
  return true;
}
