/**
 * k-fold cross-validation of any {@link BinaryClassifier} family: each fold's model is trained on the other folds
 * and scored on the fold (Stone 1974; Hastie, Tibshirani & Friedman 2009, § 7.10), with stratified folds. Reports
 * each fold's metrics, their mean and sample standard deviation, and the out-of-fold predictions (every row scored
 * by the one model that did not see it).
 */
import { takeRows, type Matrix } from '../matrix.ts';
import { averagePrecision, brier, logLoss, rocAuc } from '../metrics/classification.ts';
import { ClassificationInputError, type Labels } from '../metrics/binaryInput.ts';
import type { BinaryClassifier, TrainingOptions } from '../models/types.ts';
import { stratifiedKFold } from './split.ts';

/** Trains one model on (x, y); receives the fold's progress and the caller's signal. */
export type FitFunction = (x: Matrix, y: Uint8Array, options: TrainingOptions) => Promise<BinaryClassifier>;

/** The metrics of one fold's held-out rows. */
export interface FoldMetrics {
  readonly fold: number;
  readonly nTrain: number;
  readonly nTest: number;
  readonly auc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly brier: number;
}

/** Mean and sample standard deviation (n − 1) of a metric over the folds. */
export interface Spread {
  readonly mean: number;
  readonly sd: number;
}

export interface CrossValidation {
  readonly folds: readonly FoldMetrics[];
  readonly auc: Spread;
  readonly prAuc: Spread;
  readonly logLoss: Spread;
  readonly brier: Spread;
  /** P(label = 1) of every row from the model of the fold that held it out. */
  readonly outOfFold: Float64Array;
}

export interface CrossValidateOptions extends Pick<TrainingOptions, 'onProgress' | 'signal'> {
  /** Folds (default 5). */
  readonly folds?: number;
  /** Seed of the fold assignment; also passed to every fit (default 0). */
  readonly seed?: number;
}

/** Mean and sample standard deviation (0 for a single value). */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** Copies the labels at `rows`. */
function takeLabels(y: Labels, rows: Uint32Array): Uint8Array {
  return Uint8Array.from(rows, (i) => y[i] as number);
}

/**
 * Cross-validates `fit` on (x, y) with stratified k folds. Progress runs from 0 to 1 over the folds, each fold's
 * own progress mapped into its share; the signal is passed to every fit and checked between folds.
 */
export async function crossValidate(
  x: Matrix,
  y: Labels,
  fit: FitFunction,
  options: CrossValidateOptions = {},
): Promise<CrossValidation> {
  const { folds: k = 5, seed = 0, onProgress, signal } = options;
  if (x.rows !== y.length)
    throw new ClassificationInputError(`crossValidate: ${x.rows} rows but ${y.length} labels`);
  const splits = stratifiedKFold(y, k, seed);
  const outOfFold = new Float64Array(x.rows);
  const results: FoldMetrics[] = [];
  for (let f = 0; f < k; f++) {
    signal?.throwIfAborted();
    const { train, test } = splits[f]!;
    const yTrain = takeLabels(y, train);
    const yTest = takeLabels(y, test);
    const model = await fit(takeRows(x, train), yTrain, {
      seed,
      signal,
      onProgress:
        onProgress &&
        ((fraction, message) => onProgress((f + fraction) / k, `fold ${f + 1}/${k}: ${message}`)),
    });
    const p = await model.predictProba(takeRows(x, test));
    test.forEach((row, r) => (outOfFold[row] = p[r] as number));
    results.push({
      fold: f,
      nTrain: train.length,
      nTest: test.length,
      auc: rocAuc(yTest, p),
      prAuc: averagePrecision(yTest, p),
      logLoss: logLoss(yTest, p),
      brier: brier(yTest, p),
    });
    onProgress?.((f + 1) / k, `fold ${f + 1}/${k} done`);
  }
  return {
    folds: results,
    auc: spread(results.map((r) => r.auc)),
    prAuc: spread(results.map((r) => r.prAuc)),
    logLoss: spread(results.map((r) => r.logLoss)),
    brier: spread(results.map((r) => r.brier)),
    outOfFold,
  };
}
