import type { Matrix } from '../../matrix.ts';
import type { Rng } from '../../random.ts';
import type { TrainingOptions } from '../types.ts';

/** Labels as accepted by the tree learners: 0/1 numbers, one per row. */
export type Labels = ArrayLike<number>;

/**
 * Checks the training input up front and returns the labels as bytes. Throws a RangeError that names the problem:
 * no rows, no columns, label count ≠ rows, a label that is not 0 or 1 (NaN included), one class only, or an
 * infinite feature value (missing values must be NaN).
 */
export function checkTrainingInput(x: Matrix, y: Labels, who: string): Uint8Array {
  if (x.rows === 0) throw new RangeError(`${who}: no rows to train on`);
  if (x.cols === 0) throw new RangeError(`${who}: no feature columns`);
  if (x.data.length !== x.rows * x.cols) throw new RangeError(`${who}: matrix data does not match its shape`);
  if (y.length !== x.rows) throw new RangeError(`${who}: ${y.length} labels for ${x.rows} rows`);
  const labels = new Uint8Array(x.rows);
  let positives = 0;
  for (let i = 0; i < x.rows; i++) {
    const v = y[i] as number;
    if (v !== 0 && v !== 1) {
      throw new RangeError(
        `${who}: label of row ${i} is ${String(v)}; labels must be 0 or 1 (no missing labels)`,
      );
    }
    labels[i] = v;
    positives += v;
  }
  if (positives === 0 || positives === x.rows) {
    throw new RangeError(
      `${who}: the labels have one class only (${positives === 0 ? 0 : 1}); need both 0 and 1`,
    );
  }
  const d = x.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k] as number;
    if (v === Infinity || v === -Infinity) {
      throw new RangeError(
        `${who}: row ${Math.floor(k / x.cols)}, column ${k % x.cols} is infinite; use NaN for missing values`,
      );
    }
  }
  return labels;
}

/** Checks a matrix to predict on against the model's number of features. */
export function checkPredictInput(x: Matrix, features: number, who: string): void {
  if (x.cols !== features)
    throw new RangeError(`${who}: the model has ${features} features, the input ${x.cols}`);
  if (x.data.length !== x.rows * x.cols) throw new RangeError(`${who}: matrix data does not match its shape`);
}

/**
 * Weight of each class: 1 and 1, the given pair, or for `'balanced'` n / (2 · n_class) (scikit-learn's
 * `class_weight='balanced'`). Null when every row weighs 1.
 */
export function classWeights(
  labels: Uint8Array,
  option: TrainingOptions['classWeight'],
): [number, number] | null {
  if (option === null || option === undefined) return null;
  if (option === 'balanced') {
    let pos = 0;
    for (let i = 0; i < labels.length; i++) pos += labels[i] as number;
    const n = labels.length;
    return [n / (2 * (n - pos)), n / (2 * pos)];
  }
  const w0 = option[0];
  const w1 = option[1];
  if (!(w0 > 0 && w1 > 0 && Number.isFinite(w0) && Number.isFinite(w1))) {
    throw new RangeError(`class weights must be positive and finite, got ${w0} and ${w1}`);
  }
  return w0 === 1 && w1 === 1 ? null : [w0, w1];
}

/** `count` distinct numbers of 0 … n − 1, ascending (a seeded partial Fisher–Yates shuffle). */
export function sampleWithoutReplacement(
  rng: Rng,
  n: number,
  count: number,
  scratch?: Uint32Array,
): Uint32Array {
  const all = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return all.subarray(0, count).sort();
}

/** Checks a numeric option: finite and in [lo, hi]. */
export function checkRange(name: string, v: number, lo: number, hi: number): number {
  if (!(v >= lo && v <= hi)) throw new RangeError(`${name} must be in [${lo}, ${hi}], got ${v}`);
  return v;
}

/** Normalises total gains to sum 1 (all zeros when no split was made). */
export function normalise(gains: Float64Array): Float64Array {
  let s = 0;
  for (const g of gains) s += g;
  return s > 0 ? gains.map((g) => g / s) : new Float64Array(gains.length);
}

/** Logistic function, safe at both ends. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
