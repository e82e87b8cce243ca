/**
 * Binary-classification metrics, defined as scikit-learn 1.2 defines them and computed in the same order of
 * floating-point operations, so that the values are equal to scikit-learn's (AUC bit for bit, the rest to 1e-12
 * or better; see test/fixtures/sklearn/make_classification_metrics.py). Labels are 0/1, scores any finite numbers
 * (probabilities where the metric needs them). Errors are {@link ClassificationInputError}s naming the bad row.
 */
import { checkBinaryInput, requireBothClasses, type Labels, type Scores } from './binaryInput.ts';
import { binaryCurve, precisionRecall, rocPoints } from './curves.ts';
import { confusionAt, type Confusion } from './confusion.ts';
import { numpyMean, numpySum } from './pairwiseSum.ts';

export { ClassificationInputError, type Labels, type Scores } from './binaryInput.ts';
export { binaryCurve, prCurve, rocCurve, thinIndices, type BinaryCurve, type CurvePoints } from './curves.ts';
export { calibrationCurve, cumulativeGains, type CalibrationCurve, type GainsCurve } from './calibration.ts';
export { chooseThreshold, type ThresholdChoice, type ThresholdRule } from './threshold.ts';
export { confusionAt, confusionFromCounts, type Confusion } from './confusion.ts';

/**
 * Area under the ROC curve, exact with ties: the probability that a random positive scores above a random negative,
 * ties counting one half — the Mann–Whitney U statistic with mid-ranks divided by n₁·n₀ (Hanley & McNeil 1982).
 * Computed as scikit-learn's `roc_auc_score` does (trapezoids over the tie-collapsed ROC points after
 * `drop_intermediate`, summed pairwise as NumPy does), so the float is identical to scikit-learn's; it differs from
 * the correctly rounded U/(n₁n₀) by at most a few units in the last place.
 */
export function rocAuc(y: Labels, score: Scores): number {
  const curve = binaryCurve(y, score, 'rocAuc');
  requireBothClasses({ n: y.length, positives: curve.positives, negatives: curve.negatives }, 'rocAuc');
  const { fps, tps } = rocPoints(curve);
  const m = fps.length;
  const fpLast = fps[m - 1] as number;
  const tpLast = tps[m - 1] as number;
  // np.trapz(tpr, fpr) = sum(diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0)
  const terms = new Float64Array(m - 1);
  let prevF = (fps[0] as number) / fpLast;
  let prevT = (tps[0] as number) / tpLast;
  for (let k = 1; k < m; k++) {
    const f = (fps[k] as number) / fpLast;
    const t = (tps[k] as number) / tpLast;
    terms[k - 1] = ((f - prevF) * (t + prevT)) / 2;
    prevF = f;
    prevT = t;
  }
  return numpySum(terms);
}

/**
 * Average precision (PR-AUC as scikit-learn defines it, `average_precision_score`): Σₖ (Rₖ − Rₖ₋₁) · Pₖ over the
 * distinct thresholds, the precision at each threshold weighted by the recall gained there — a step integral, no
 * interpolation (Manning, Raghavan & Schütze 2008, § 8.4).
 */
export function averagePrecision(y: Labels, score: Scores): number {
  const curve = binaryCurve(y, score, 'averagePrecision');
  requireBothClasses(
    { n: y.length, positives: curve.positives, negatives: curve.negatives },
    'averagePrecision',
  );
  const { precision, recall } = precisionRecall(curve);
  const m = precision.length - 1;
  const terms = new Float64Array(m);
  for (let k = 0; k < m; k++)
    terms[k] = ((recall[k + 1] as number) - (recall[k] as number)) * (precision[k] as number);
  return -numpySum(terms);
}

/**
 * Mean negative log-likelihood of the labels under the predicted probabilities (cross-entropy), as scikit-learn
 * 1.2's `log_loss`: probabilities are clipped to [ε, 1 − ε] with ε = 2⁻⁵² (`np.finfo(float).eps`) and the pair
 * (1 − p, p) renormalised, so a confident wrong prediction costs at most −log ε ≈ 36 rather than infinity.
 */
export function logLoss(y: Labels, probability: Scores): number {
  const counts = checkBinaryInput(y, probability, 'logLoss');
  requireBothClasses(counts, 'logLoss');
  const eps = Number.EPSILON;
  const loss = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(Math.max(probability[i] as number, eps), 1 - eps);
    const q = 1 - p;
    const sum = q + p;
    loss[i] = -(y[i] === 1 ? Math.log(p / sum) : Math.log(q / sum));
  }
  return numpyMean(loss);
}

/** Brier score: the mean squared difference between the 0/1 label and the predicted probability (Brier 1950). */
export function brier(y: Labels, probability: Scores): number {
  checkBinaryInput(y, probability, 'brier', { probabilities: true });
  const sq = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const d = (y[i] as number) - (probability[i] as number);
    sq[i] = d * d;
  }
  return numpyMean(sq);
}

/** The usual summary of a scored test set. */
export interface ClassificationSummary {
  readonly n: number;
  readonly positives: number;
  readonly auc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly atThreshold: Confusion;
}

/**
 * AUC, average precision, log loss, Brier score and the confusion at `threshold` (default 0.5) of probabilities
 * `probability` for labels `y`, in one call (the curve is built once per metric; fine up to millions of rows).
 */
export function classificationSummary(
  y: Labels,
  probability: Scores,
  threshold = 0.5,
): ClassificationSummary {
  const counts = checkBinaryInput(y, probability, 'classificationSummary', {
    bothClasses: true,
    probabilities: true,
  });
  return {
    n: counts.n,
    positives: counts.positives,
    auc: rocAuc(y, probability),
    prAuc: averagePrecision(y, probability),
    logLoss: logLoss(y, probability),
    brier: brier(y, probability),
    atThreshold: confusionAt(y, probability, threshold),
  };
}
