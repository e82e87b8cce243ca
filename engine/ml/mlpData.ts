import { stratifiedSplit } from '../analysis/validation/split.ts';
/**
 * Data handling for MLP training: input checks, class weights, the seeded stratified validation split and the
 * gathering of shuffled rows into float32 batch buffers.
 */
import type { Matrix } from '../analysis/matrix.ts';
import type { Rng } from '../analysis/random.ts';
import type { TrainingOptions } from '../analysis/models/types.ts';

/**
 * Throws a `RangeError` unless `x` is a non-empty matrix of finite values (naming the first bad row and column)
 * and `y` holds one 0/1 label per row with both classes present. Returns the count of positives.
 */
export function checkTrainingData(x: Matrix, y: ArrayLike<number>): number {
  if (!(x.data instanceof Float64Array)) throw new TypeError('mlp: x must be a Float64 matrix');
  if (x.rows < 2 || x.cols < 1)
    throw new RangeError(`mlp: need at least 2 rows and 1 column, got ${x.rows} × ${x.cols}`);
  if (y.length !== x.rows) throw new RangeError(`mlp: ${y.length} labels for ${x.rows} rows`);
  checkFinite(x);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (label !== 0 && label !== 1)
      throw new RangeError(`mlp: label of row ${i} is ${label}; labels must be 0 or 1`);
    positives += label;
  }
  if (positives === 0 || positives === y.length) {
    throw new RangeError(
      `mlp: the labels have one class only (all ${positives === 0 ? 0 : 1}); need both 0 and 1`,
    );
  }
  return positives;
}

/** Throws a `RangeError` naming the first NaN or infinite value of `x`. */
export function checkFinite(x: Matrix): void {
  const d = x.data;
  for (let p = 0; p < d.length; p++) {
    if (!Number.isFinite(d[p])) {
      const row = Math.floor(p / x.cols);
      throw new RangeError(
        `mlp: x has a non-finite value (${d[p]}) at row ${row}, column ${p - row * x.cols}`,
      );
    }
  }
}

/**
 * Loss weights of class 0 and class 1: `'balanced'` gives n / (2 · n_class) computed on all rows given (scikit-
 * learn's `class_weight='balanced'`); an explicit pair must be positive and finite; none weighs both 1.
 */
export function classWeights(
  spec: TrainingOptions['classWeight'],
  rows: number,
  positives: number,
): readonly [number, number] {
  if (spec === undefined || spec === null) return [1, 1];
  if (spec === 'balanced') return [rows / (2 * (rows - positives)), rows / (2 * positives)];
  const pair = [spec[0], spec[1]] as const;
  for (const w of pair) {
    if (!Number.isFinite(w) || w <= 0) throw new RangeError(`mlp: class weights must be positive, got ${w}`);
  }
  return pair;
}

/** Row indices of the training and validation parts. */
export interface Split {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * The seeded stratified split of validation rows (engine/analysis/validation's), or every row for
 * training when `fraction` is 0 (no early stopping). Both parts in ascending row order.
 */
export function validationSplit(y: ArrayLike<number>, fraction: number, seed: number): Split {
  if (fraction === 0)
    return { train: Int32Array.from({ length: y.length }, (_, i) => i), validation: new Int32Array(0) };
  const { train, test } = stratifiedSplit(y, { testFraction: fraction, seed });
  return { train: Int32Array.from(train), validation: Int32Array.from(test) };
}

/** Fisher–Yates shuffle of an index array in place. */
export function shuffleIndices(indices: Int32Array, rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = tmp;
  }
}

/** Features, labels and loss weights of some rows, as float32 arrays ready for tensors. */
export interface Batch {
  readonly rows: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly weight: Float32Array;
}

/** Reusable buffers that gather rows of `x` (float64, converted to float32) into a batch. */
export class BatchBuffer {
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly weight: Float32Array;

  constructor(
    private readonly data: Matrix,
    private readonly labels: ArrayLike<number>,
    private readonly weights: readonly [number, number],
    capacity: number,
  ) {
    this.x = new Float32Array(capacity * data.cols);
    this.y = new Float32Array(capacity);
    this.weight = new Float32Array(capacity);
  }

  /** The rows `indices[start … end − 1]`; the arrays are views into the buffers, valid until the next call. */
  gather(indices: Int32Array, start: number, end: number): Batch {
    const { cols, data } = this.data;
    const n = end - start;
    for (let r = 0; r < n; r++) {
      const i = indices[start + r] as number;
      this.x.set(data.subarray(i * cols, (i + 1) * cols), r * cols);
      const label = this.labels[i] as number;
      this.y[r] = label;
      this.weight[r] = this.weights[label as 0 | 1];
    }
    return {
      rows: n,
      x: this.x.subarray(0, n * cols),
      y: this.y.subarray(0, n),
      weight: this.weight.subarray(0, n),
    };
  }
}
