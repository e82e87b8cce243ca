import type { Matrix } from '../../matrix.ts';
import type { BinaryClassifier, SavedModel } from '../types.ts';
import { checkPredictInput } from './common.ts';
import type { SavedTree, Tree } from './tree.ts';
import { loadTree, predictRow, saveTree } from './tree.ts';

/** Format version of a saved forest. */
const VERSION = 1;

export interface ForestParts {
  readonly nFeatures: number;
  /** Trees whose leaves hold their weighted share of positives. */
  readonly trees: readonly Tree[];
  /** Total impurity decrease per feature, normalised to sum 1. */
  readonly importance: Float64Array;
}

/** A fitted random forest (see fitForest): P(y = 1) = the mean of the trees' leaf shares of positives. */
export class ForestClassifier implements BinaryClassifier {
  readonly kind = 'forest' as const;

  constructor(private readonly parts: ForestParts) {}

  get nFeatures(): number {
    return this.parts.nFeatures;
  }

  get nTrees(): number {
    return this.parts.trees.length;
  }

  /** Total decrease of weighted Gini impurity per feature over all trees, normalised to sum 1. */
  featureImportance(): Float64Array {
    return this.parts.importance.slice();
  }

  /** P(y = 1) for each row, synchronously. */
  probabilities(x: Matrix): Float64Array {
    checkPredictInput(x, this.parts.nFeatures, 'forest');
    const out = new Float64Array(x.rows);
    for (const tree of this.parts.trees) {
      for (let i = 0; i < x.rows; i++) out[i] = (out[i] as number) + predictRow(tree, x.data, x.cols, i);
    }
    const k = this.parts.trees.length;
    for (let i = 0; i < x.rows; i++) out[i] = (out[i] as number) / k;
    return out;
  }

  predictProba(x: Matrix): Promise<Float64Array> {
    try {
      return Promise.resolve(this.probabilities(x));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  toJSON(): SavedModel {
    const { nFeatures, trees, importance } = this.parts;
    return {
      kind: 'forest',
      version: VERSION,
      params: { nFeatures, importance: Array.from(importance), trees: trees.map(saveTree) },
    };
  }
}

/** Reads a model saved by {@link ForestClassifier.toJSON}; throws a TypeError on anything else. */
export function loadForest(saved: unknown): ForestClassifier {
  const s = saved as Partial<SavedModel> | null;
  if (!s || typeof s !== 'object' || s.kind !== 'forest')
    throw new TypeError('loadForest: not a saved forest');
  if (s.version !== VERSION) throw new TypeError(`loadForest: unknown format version ${String(s.version)}`);
  const p = s.params as Partial<{ nFeatures: number; importance: number[]; trees: SavedTree[] }> | null;
  if (!p || typeof p !== 'object') throw new TypeError('loadForest: no parameters');
  const { nFeatures, importance, trees } = p;
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new TypeError('loadForest: bad nFeatures');
  }
  if (
    !Array.isArray(trees) ||
    trees.length === 0 ||
    !Array.isArray(importance) ||
    importance.length !== nFeatures
  ) {
    throw new TypeError('loadForest: bad trees or importance');
  }
  return new ForestClassifier({
    nFeatures,
    trees: trees.map((t) => loadTree(t, nFeatures)),
    importance: Float64Array.from(importance),
  });
}
