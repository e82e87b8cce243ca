/**
 * Input checks shared by the binary-classification metrics: labels must be 0 or 1, scores finite numbers, the two
 * arrays of one length. Errors name the first bad value and its row (0-based index into the arrays).
 */

/** A label array: 0/1 values (a `Uint8Array` from the models, or plain numbers). */
export type Labels = ArrayLike<number>;
/** Scores or probabilities, one per label. */
export type Scores = ArrayLike<number>;

/** Bad input to a metric, a split or a model fit: the message names the value and the row. */
export class ClassificationInputError extends Error {
  override readonly name = 'ClassificationInputError';
}

/** Counts of the two classes of checked labels. */
export interface ClassCounts {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
}

/** Checks that every label is 0 or 1 and returns the class counts. */
export function checkLabels(y: Labels, what = 'metric'): ClassCounts {
  const n = y.length;
  if (n === 0) throw new ClassificationInputError(`${what}: no rows`);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (v === 1) positives++;
    else if (v !== 0) {
      throw new ClassificationInputError(
        `${what}: label ${String(v)} at row ${i} is not binary (expected 0 or 1)`,
      );
    }
  }
  return { n, positives, negatives: n - positives };
}

/** Throws unless both classes occur (AUC, PR-AUC, log loss and the curves need both). */
export function requireBothClasses(counts: ClassCounts, what = 'metric'): void {
  if (counts.positives === 0 || counts.negatives === 0) {
    const only = counts.positives === 0 ? 0 : 1;
    throw new ClassificationInputError(
      `${what}: only one class in the labels (all ${counts.n} rows are ${only}); both 0 and 1 are needed`,
    );
  }
}

/**
 * Checks labels and scores together: the same length, binary labels, finite scores; with `probabilities`, scores in
 * [0, 1]; with `bothClasses`, at least one row of each class.
 */
export function checkBinaryInput(
  y: Labels,
  score: Scores,
  what: string,
  options: { readonly bothClasses?: boolean; readonly probabilities?: boolean } = {},
): ClassCounts {
  if (y.length !== score.length) {
    throw new ClassificationInputError(`${what}: ${y.length} labels but ${score.length} scores`);
  }
  const counts = checkLabels(y, what);
  for (let i = 0; i < score.length; i++) {
    const s = score[i] as number;
    if (!Number.isFinite(s)) {
      throw new ClassificationInputError(
        `${what}: score at row ${i} is ${Number.isNaN(s) ? 'NaN' : String(s)}; every score must be a finite number`,
      );
    }
    if (options.probabilities && (s < 0 || s > 1)) {
      throw new ClassificationInputError(`${what}: score ${s} at row ${i} is not a probability in [0, 1]`);
    }
  }
  if (options.bothClasses) requireBothClasses(counts, what);
  return counts;
}
