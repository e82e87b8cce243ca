/**
 * Stratified resampling of a binary-labelled table: a train/test split and k folds that keep the share of positives
 * of the whole table in every part (as scikit-learn's `train_test_split(stratify=y)` and `StratifiedKFold`), so a
 * rare class is neither missing from a fold nor over-represented. Seeded: the same labels and seed give the same
 * parts on every platform.
 */
import { checkLabels, ClassificationInputError, type Labels } from '../metrics/binaryInput.ts';
import { Rng } from '../random.ts';

/** Row indices of a train/test split, each in increasing order. */
export interface Split {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** The rows of each class, each list shuffled by `rng`. */
function shuffledClasses(y: Labels, rng: Rng): [number[], number[]] {
  const classes: [number[], number[]] = [[], []];
  for (let i = 0; i < y.length; i++) classes[y[i] === 1 ? 1 : 0].push(i);
  for (const rows of classes) rng.shuffle(rows);
  return classes;
}

/**
 * A stratified train/test split: from each class, round(testFraction · class size) rows (at least one when the
 * class has two rows or more) go to the test set, chosen at random with `seed`.
 */
export function stratifiedSplit(
  y: Labels,
  options: { readonly testFraction?: number; readonly seed?: number } = {},
): Split {
  const { testFraction = 0.2, seed = 0 } = options;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new ClassificationInputError(
      `stratifiedSplit: testFraction must be in (0, 1), not ${testFraction}`,
    );
  }
  checkLabels(y, 'stratifiedSplit');
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of shuffledClasses(y, rng)) {
    let k = Math.round(testFraction * rows.length);
    if (k === 0 && rows.length >= 2) k = 1;
    if (k === rows.length && rows.length >= 2) k = rows.length - 1;
    for (let r = 0; r < rows.length; r++) (r < k ? test : train).push(rows[r] as number);
  }
  if (train.length === 0 || test.length === 0) {
    throw new ClassificationInputError(`stratifiedSplit: ${y.length} rows are too few to split`);
  }
  return { train: Uint32Array.from(train).sort(), test: Uint32Array.from(test).sort() };
}

/**
 * Stratified k-fold cross-validation folds: the rows of each class, shuffled with `seed`, are dealt to the folds in
 * turn, so fold sizes differ by at most one per class and every row is in exactly one test fold. Fold f trains on
 * all rows outside it. Each class needs at least k rows.
 */
export function stratifiedKFold(y: Labels, k: number, seed = 0): Split[] {
  if (!Number.isInteger(k) || k < 2)
    throw new ClassificationInputError(`stratifiedKFold: k must be a whole number ≥ 2, not ${k}`);
  const counts = checkLabels(y, 'stratifiedKFold');
  const smaller = Math.min(counts.positives, counts.negatives);
  if (smaller < k) {
    throw new ClassificationInputError(
      `stratifiedKFold: ${k} folds need at least ${k} rows of each class; class ${counts.positives < counts.negatives ? 1 : 0} has ${smaller}`,
    );
  }
  const rng = new Rng(seed);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const rows of shuffledClasses(y, rng)) {
    // Continue the dealing where the previous class stopped, so the folds' totals stay within one of each other.
    for (const i of rows) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  const sizes = new Int32Array(k);
  for (let i = 0; i < fold.length; i++) {
    const f = fold[i] as number;
    sizes[f] = (sizes[f] as number) + 1;
  }
  return Array.from({ length: k }, (_, f) => {
    const test = new Uint32Array(sizes[f] as number);
    const train = new Uint32Array(y.length - (sizes[f] as number));
    let a = 0;
    let b = 0;
    for (let i = 0; i < fold.length; i++) {
      if (fold[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    return { train, test };
  });
}
