import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  averagePrecision,
  brier,
  calibrationCurve,
  chooseThreshold,
  ClassificationInputError,
  classificationSummary,
  confusionAt,
  cumulativeGains,
  logLoss,
  prCurve,
  rocAuc,
  rocCurve,
} from '../../engine/analysis/metrics/classification.ts';
import { numpyMean, numpySum } from '../../engine/analysis/metrics/pairwiseSum.ts';
import { erf, erfc, normalCdf, twoSidedNormalP } from '../../engine/analysis/special.ts';

/** Reference values from scikit-learn 1.2 / NumPy / SciPy: test/fixtures/sklearn/make_classification_metrics.py. */
interface Calibration {
  fractionPositive: number[];
  meanPredicted: number[];
}
interface MetricCase {
  name: string;
  y?: number[];
  score?: number[];
  auc: number;
  aucExact?: { numerator: number; denominator: number };
  averagePrecision: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  logLoss?: number;
  brier?: number;
  roc?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr?: { precision: number[]; recall: number[]; thresholds: number[] };
  [calibration: `calibration_${string}`]: Calibration | undefined;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/classification_metrics.json', import.meta.url), 'utf8'),
) as {
  metrics: MetricCase[];
  sums: { n: number; sum: number; mean: number }[];
  erfc: [number, number][];
};

/** The integer formulas of the fixture script (exact in both languages). */
function formulaData(n: number): { y: Uint8Array; score: Float64Array } {
  const y = new Uint8Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (i * 7919) % 1000;
    const v = (i * 104729) % 997;
    y[i] = u + v > 1100 ? 1 : 0;
    score[i] = u / 1000;
  }
  return { y, score };
}

function inputs(c: MetricCase): { y: ArrayLike<number>; score: ArrayLike<number> } {
  if (c.y && c.score) return { y: c.y, score: c.score };
  const n = Number(/formula_(\d+)/.exec(c.name)?.[1]);
  return formulaData(n);
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

function closeArrays(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    close(actual[i] as number, expected[i] as number, tolerance, `${what}[${i}]`);
}

test('AUC equals scikit-learn exactly, and the exact Mann–Whitney value to the last bits', () => {
  for (const c of fixture.metrics) {
    const { y, score } = inputs(c);
    const auc = rocAuc(y, score);
    assert.equal(auc, c.auc, `${c.name}: AUC`);
    if (c.aucExact) {
      const exact = c.aucExact.numerator / c.aucExact.denominator;
      close(auc, exact, 4 * Number.EPSILON, `${c.name}: Mann–Whitney`);
    }
  }
});

test('average precision, log loss, Brier and threshold metrics agree with scikit-learn to 1e-12', () => {
  for (const c of fixture.metrics) {
    const { y, score } = inputs(c);
    close(averagePrecision(y, score), c.averagePrecision, 1e-12, `${c.name}: average precision`);
    const at = confusionAt(y, score, c.threshold);
    close(at.precision, c.precision, 1e-12, `${c.name}: precision`);
    close(at.recall, c.recall, 1e-12, `${c.name}: recall`);
    close(at.f1, c.f1, 1e-12, `${c.name}: f1`);
    close(at.accuracy, c.accuracy, 1e-12, `${c.name}: accuracy`);
    if (c.logLoss !== undefined) close(logLoss(y, score), c.logLoss, 1e-12, `${c.name}: log loss`);
    if (c.brier !== undefined) close(brier(y, score), c.brier, 1e-12, `${c.name}: Brier`);
  }
});

test('ROC and PR curves are scikit-learn’s point sets', () => {
  for (const c of fixture.metrics) {
    if (!c.roc || !c.pr || !c.y || !c.score) continue;
    const roc = rocCurve(c.y, c.score);
    closeArrays(roc.x, c.roc.fpr, 1e-15, `${c.name}: fpr`);
    closeArrays(roc.y, c.roc.tpr, 1e-15, `${c.name}: tpr`);
    closeArrays(roc.thresholds, c.roc.thresholds, 0, `${c.name}: roc thresholds`);
    const pr = prCurve(c.y, c.score);
    closeArrays(pr.y, c.pr.precision, 1e-15, `${c.name}: precision`);
    closeArrays(pr.x, c.pr.recall, 1e-15, `${c.name}: recall`);
    closeArrays(pr.thresholds.subarray(0, -1), c.pr.thresholds, 0, `${c.name}: pr thresholds`);
  }
});

test('calibration curves equal scikit-learn’s (uniform and quantile bins)', () => {
  for (const c of fixture.metrics) {
    const { y, score } = inputs(c);
    for (const strategy of ['uniform', 'quantile'] as const) {
      for (const bins of [5, 10]) {
        const expected = c[`calibration_${strategy}_${bins}`];
        if (!expected) continue;
        const got = calibrationCurve(y, score, { bins, strategy });
        const what = `${c.name}: ${strategy} ${bins}`;
        closeArrays(got.fractionPositive, expected.fractionPositive, 1e-12, `${what} fraction`);
        closeArrays(got.meanPredicted, expected.meanPredicted, 1e-12, `${what} mean`);
        assert.equal(
          got.counts.reduce((a, b) => a + b, 0),
          y.length,
        );
      }
    }
  }
});

test('NumPy’s blocked pairwise summation is reproduced bit for bit', () => {
  for (const { n, sum, mean } of fixture.sums) {
    const a = Float64Array.from({ length: n }, (_, i) => (((i * 7919) % 10007) / 10007) * (1 + (i % 13)));
    assert.equal(numpySum(a), sum, `sum of ${n}`);
    assert.equal(numpyMean(a), mean, `mean of ${n}`);
  }
});

test('erfc matches SciPy to 5e-15 relative, far into the tail', () => {
  for (const [x, expected] of fixture.erfc) {
    const got = erfc(x);
    assert.ok(Math.abs(got - expected) <= 5e-15 * expected, `erfc(${x}) = ${got}, SciPy ${expected}`);
    close(erfc(-x), 2 - expected, 2e-15, `erfc(-${x})`);
  }
  close(erf(0.5) + erfc(0.5), 1, 2e-16, 'erf + erfc');
  close(normalCdf(-8) / 6.220960574271785e-16, 1, 1e-14, 'Φ(−8)');
  close(twoSidedNormalP(1.959963984540054), 0.05, 1e-15, 'p at 1.96');
  assert.equal(erfc(Infinity), 0);
  assert.ok(Number.isNaN(erfc(NaN)));
});

test('hand-computed: AUC with ties counts half, gains, threshold rules', () => {
  // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9 > 0.5), (0.9 > 0.1), (0.5 = 0.5 → ½), (0.5 > 0.1).
  const y = [1, 1, 0, 0];
  const s = [0.9, 0.5, 0.5, 0.1];
  assert.equal(rocAuc(y, s), 3.5 / 4);
  const gains = cumulativeGains(y, s);
  assert.deepEqual(Array.from(gains.share), [0, 0.25, 0.75, 1]);
  assert.deepEqual(Array.from(gains.gain), [0, 0.5, 1, 1]);
  assert.equal(gains.lift[1], 2);

  const f1 = chooseThreshold(y, s, { rule: 'f1' });
  // At 0.5: TP 2, FP 1 → F1 = 4/5; at 0.9: TP 1 → F1 = 2/3.
  assert.equal(f1.threshold, 0.5);
  close(f1.f1, 0.8, 1e-15, 'best F1');
  const costly = chooseThreshold(y, s, { rule: 'cost', falsePositiveCost: 10, falseNegativeCost: 1 });
  assert.equal(costly.threshold, 0.9);
  assert.equal(costly.objective, 1);
  const never = chooseThreshold(y, s, { rule: 'cost', falsePositiveCost: 100, falseNegativeCost: 1 });
  assert.equal(never.threshold, 0.9, 'one FN-free positive at 0.9 costs 1 < 2 (flag none)');
  const budget = chooseThreshold(y, s, { rule: 'budget', share: 0.5 });
  // The 2nd highest score is 0.5, tied with a third row: all three are flagged.
  assert.equal(budget.threshold, 0.5);
  assert.equal(budget.flagged, 3);
  const top = chooseThreshold(y, s, { rule: 'budget', share: 0.25 });
  assert.equal(top.flagged, 1);
  assert.equal(top.precision, 1);
});

test('summary, thinning and a large input', () => {
  const n = 200_000;
  const { y, score } = formulaData(n);
  const summary = classificationSummary(y, score, 0.5);
  assert.equal(summary.n, n);
  assert.ok(summary.auc > 0.8 && summary.auc < 0.9);
  const thin = rocCurve(y, score, { maxPoints: 50 });
  assert.ok(thin.x.length <= 52, `${thin.x.length} points`);
  assert.equal(thin.x[0], 0);
  assert.equal(thin.x[thin.x.length - 1], 1);
  const quantile = calibrationCurve(y, score, { bins: 10, strategy: 'quantile' });
  assert.equal(quantile.edges.length, 11);
});

test('bad input: non-binary label, one class, NaN score, length mismatch', () => {
  assert.throws(
    () => rocAuc([0, 1, 2], [0.1, 0.2, 0.3]),
    (e: Error) => {
      assert.ok(e instanceof ClassificationInputError);
      assert.match(e.message, /label 2 at row 2 is not binary/);
      return true;
    },
  );
  assert.throws(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]), /only one class.*all 3 rows are 1/);
  assert.throws(() => averagePrecision([0, 0], [0.1, 0.2]), /only one class/);
  assert.throws(() => logLoss([0, 0], [0.1, 0.2]), /only one class/);
  assert.throws(() => rocAuc([0, 1, 0], [0.1, NaN, 0.3]), /score at row 1 is NaN/);
  assert.throws(() => rocAuc([0, 1], [0.1, 0.2, 0.3]), /2 labels but 3 scores/);
  assert.throws(() => brier([0, 1], [0.1, 1.2]), /score 1.2 at row 1 is not a probability/);
  assert.throws(() => confusionAt([0, 1], [0.1, 0.2], NaN), /threshold is NaN/);
  assert.throws(() => chooseThreshold([0, 1], [0.1, 0.2], { rule: 'budget', share: 0 }), /budget share/);
  // Brier and the confusion need no second class.
  assert.equal(brier([1, 1], [1, 0.5]), 0.125);
  assert.equal(confusionAt([1, 1], [1, 0.5], 0.6).recall, 0.5);
});
