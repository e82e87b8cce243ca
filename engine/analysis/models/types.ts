import type { Matrix } from '../matrix.ts';

/** The model families of the churn module. */
export type ModelKind = 'logistic' | 'mlp' | 'gbm' | 'forest';

/** Long work reports progress (0..1 and a message such as "epoch 12/100" or "tree 40/100") and can be cancelled. */
export interface TrainingOptions {
  /** Seed of every random choice: the same data, options and seed give the same model. */
  readonly seed?: number;
  /**
   * Weights of the two classes in the loss: `'balanced'` gives each class n / (2 · n_class), as
   * scikit-learn's `class_weight='balanced'`; null or omitted weighs every row 1.
   */
  readonly classWeight?: 'balanced' | { readonly 0: number; readonly 1: number } | null;
  readonly onProgress?: (fraction: number, message: string) => void;
  readonly signal?: AbortSignal;
}

/** A model as saved in the workspace: its kind, format version and parameters (plain JSON). */
export interface SavedModel {
  readonly kind: ModelKind;
  readonly version: number;
  readonly params: unknown;
}

/** A trained binary classifier over the columns it was trained on (same order, same scaling). */
export interface BinaryClassifier {
  readonly kind: ModelKind;
  /** P(label = 1) for each row of `x`. */
  predictProba(x: Matrix): Promise<Float64Array>;
  /** Plain JSON, loadable by the kind's `load…` function. */
  toJSON(): SavedModel;
}
