import type { Matrix } from '../../matrix.ts';
import type { BinaryClassifier, SavedModel } from '../types.ts';
import { checkPredictInput, sigmoid } from './common.ts';
import type { SavedTree, Tree } from './tree.ts';
import { loadTree, predictRow, saveTree } from './tree.ts';

/** Format version of a saved GBM. */
const VERSION = 1;

export interface GbmParts {
  readonly nFeatures: number;
  /** Raw score (log-odds) before the first tree. */
  readonly baseline: number;
  /** Trees whose leaf values (already shrunk by the learning rate) add up to the raw score. */
  readonly trees: readonly Tree[];
  /** Total split gain per feature, normalised to sum 1. */
  readonly importance: Float64Array;
  /** Validation log-loss after 0, 1, … trees when trained with early stopping, else empty. */
  readonly validationLoss: readonly number[];
}

/** A fitted gradient-boosted tree ensemble (see fitGbm): P(y = 1) = σ(baseline + Σ tree values). */
export class GbmClassifier implements BinaryClassifier {
  readonly kind = 'gbm' as const;

  constructor(private readonly parts: GbmParts) {}

  get nFeatures(): number {
    return this.parts.nFeatures;
  }

  /** Trees in the ensemble (fewer than maxIterations after early stopping). */
  get iterations(): number {
    return this.parts.trees.length;
  }

  get validationLoss(): readonly number[] {
    return this.parts.validationLoss;
  }

  /** Total split gain per feature (the loss reduction its splits bought), normalised to sum 1. */
  featureImportance(): Float64Array {
    return this.parts.importance.slice();
  }

  /** Raw scores (log-odds) of the rows of `x`. */
  rawScores(x: Matrix): Float64Array {
    checkPredictInput(x, this.parts.nFeatures, 'gbm');
    const out = new Float64Array(x.rows).fill(this.parts.baseline);
    for (const tree of this.parts.trees) {
      for (let i = 0; i < x.rows; i++) out[i] = (out[i] as number) + predictRow(tree, x.data, x.cols, i);
    }
    return out;
  }

  predictProba(x: Matrix): Promise<Float64Array> {
    try {
      return Promise.resolve(this.rawScores(x).map(sigmoid));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  toJSON(): SavedModel {
    const { nFeatures, baseline, trees, importance, validationLoss } = this.parts;
    return {
      kind: 'gbm',
      version: VERSION,
      params: {
        nFeatures,
        baseline,
        importance: Array.from(importance),
        validationLoss: [...validationLoss],
        trees: trees.map(saveTree),
      },
    };
  }
}

/** Reads a model saved by {@link GbmClassifier.toJSON}; throws a TypeError on anything else. */
export function loadGbm(saved: unknown): GbmClassifier {
  const s = saved as Partial<SavedModel> | null;
  if (!s || typeof s !== 'object' || s.kind !== 'gbm') throw new TypeError('loadGbm: not a saved GBM');
  if (s.version !== VERSION) throw new TypeError(`loadGbm: unknown format version ${String(s.version)}`);
  const p = s.params as Partial<{
    nFeatures: number;
    baseline: number;
    importance: number[];
    validationLoss: number[];
    trees: SavedTree[];
  }> | null;
  if (!p || typeof p !== 'object') throw new TypeError('loadGbm: no parameters');
  const { nFeatures, baseline, importance, validationLoss, trees } = p;
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new TypeError('loadGbm: bad nFeatures');
  }
  if (typeof baseline !== 'number' || !Number.isFinite(baseline))
    throw new TypeError('loadGbm: bad baseline');
  if (!Array.isArray(trees) || !Array.isArray(importance) || importance.length !== nFeatures) {
    throw new TypeError('loadGbm: bad trees or importance');
  }
  return new GbmClassifier({
    nFeatures,
    baseline,
    trees: trees.map((t) => loadTree(t, nFeatures)),
    importance: Float64Array.from(importance),
    validationLoss: Array.isArray(validationLoss) ? validationLoss.map(Number) : [],
  });
}
