/**
 * Permutation importance (Breiman 2001, § 10; Fisher, Rudin & Dominici 2019; scikit-learn's
 * `permutation_importance`): how much a fitted model's score drops when one column's values are shuffled across
 * rows, breaking its link with the label while keeping its distribution. Each column is shuffled `repeats` times;
 * the importance is the mean drop and its standard deviation (population, as scikit-learn). Model-agnostic, and
 * measured on held-out rows it shows what the model relies on to generalise.
 */
import { matrix, type Matrix } from '../matrix.ts';
import { averagePrecision, logLoss, rocAuc } from '../metrics/classification.ts';
import { ClassificationInputError, type Labels } from '../metrics/binaryInput.ts';
import type { BinaryClassifier } from '../models/types.ts';
import { Rng } from '../random.ts';

/** Metrics available; higher is better for all (log loss is negated). */
export type ImportanceMetric = 'auc' | 'pr_auc' | 'neg_log_loss';

export interface ColumnImportance {
  readonly column: number;
  readonly name: string;
  /** Mean drop of the metric over the repeats (baseline − permuted). */
  readonly mean: number;
  /** Standard deviation of the drops (divided by the number of repeats). */
  readonly sd: number;
  /** Each repeat's drop. */
  readonly drops: readonly number[];
}

export interface PermutationImportance {
  readonly metric: ImportanceMetric;
  readonly baseline: number;
  readonly columns: readonly ColumnImportance[];
}

export interface PermutationOptions {
  /** Shuffles per column (default 5). */
  readonly repeats?: number;
  readonly seed?: number;
  readonly metric?: ImportanceMetric;
  readonly names?: readonly string[];
  readonly onProgress?: (fraction: number, message: string) => void;
  readonly signal?: AbortSignal;
}

function score(metric: ImportanceMetric, y: Labels, p: Float64Array): number {
  switch (metric) {
    case 'auc':
      return rocAuc(y, p);
    case 'pr_auc':
      return averagePrecision(y, p);
    case 'neg_log_loss':
      return -logLoss(y, p);
  }
}

/**
 * Permutation importance of every column of `x` for `model` on labels `y`. The table is copied once; each
 * permutation rewrites one column of the copy and is undone before the next column. Seeded.
 */
export async function permutationImportance(
  model: BinaryClassifier,
  x: Matrix,
  y: Labels,
  options: PermutationOptions = {},
): Promise<PermutationImportance> {
  const { repeats = 5, seed = 0, metric = 'auc', names, onProgress, signal } = options;
  if (x.rows !== y.length)
    throw new ClassificationInputError(`permutationImportance: ${x.rows} rows but ${y.length} labels`);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new RangeError(`permutationImportance: repeats must be ≥ 1, not ${repeats}`);
  const { rows: n, cols: d } = x;
  const baseline = score(metric, y, await model.predictProba(x));
  const work = matrix(n, d, Float64Array.from(x.data));
  const original = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  const columns: ColumnImportance[] = [];
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) original[i] = work.data[i * d + j] as number;
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      signal?.throwIfAborted();
      rng.shuffle(order);
      for (let i = 0; i < n; i++) work.data[i * d + j] = original[order[i] as number] as number;
      drops.push(baseline - score(metric, y, await model.predictProba(work)));
      onProgress?.((j * repeats + r + 1) / (d * repeats), `column ${j + 1}/${d}, repeat ${r + 1}/${repeats}`);
    }
    for (let i = 0; i < n; i++) work.data[i * d + j] = original[i] as number;
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const sd = Math.sqrt(drops.reduce((a, b) => a + (b - mean) * (b - mean), 0) / repeats);
    columns.push({ column: j, name: names?.[j] ?? `x${j + 1}`, mean, sd, drops });
  }
  return { metric, baseline, columns };
}
