import { checkBinaryInput, ClassificationInputError, type Labels, type Scores } from './binaryInput.ts';

/** The confusion matrix at one threshold and the rates derived from it. */
export interface Confusion {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's `zero_division` value). */
  readonly precision: number;
  /** TP / (TP + FN), the true positive rate; 0 without positives. */
  readonly recall: number;
  /** Harmonic mean of precision and recall, 2TP / (2TP + FP + FN); 0 when that is 0/0. */
  readonly f1: number;
  /** (TP + TN) / n. */
  readonly accuracy: number;
  /** Rows predicted positive, and their share of all rows. */
  readonly flagged: number;
  readonly flaggedShare: number;
}

/** Counts → {@link Confusion}. */
export function confusionFromCounts(
  threshold: number,
  tp: number,
  fp: number,
  positives: number,
  negatives: number,
): Confusion {
  const fn = positives - tp;
  const tn = negatives - fp;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = positives === 0 ? 0 : tp / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const n = positives + negatives;
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision,
    recall,
    f1,
    accuracy: (tp + tn) / n,
    flagged: tp + fp,
    flaggedShare: (tp + fp) / n,
  };
}

/**
 * Precision, recall, F1 and accuracy when rows with score ≥ `threshold` are predicted positive (the convention of
 * scikit-learn's curves). F1 is computed as scikit-learn's `f1_score`: 2·P·R / (P + R).
 */
export function confusionAt(y: Labels, score: Scores, threshold: number): Confusion {
  if (Number.isNaN(threshold)) throw new ClassificationInputError('confusionAt: the threshold is NaN');
  const { positives, negatives } = checkBinaryInput(y, score, 'confusionAt');
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < y.length; i++) {
    if ((score[i] as number) >= threshold) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  return confusionFromCounts(threshold, tp, fp, positives, negatives);
}
