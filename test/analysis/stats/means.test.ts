import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  meanAndVariance,
  meanInterval,
  momentsOf,
  welchTest,
  type Moments,
} from '../../../engine/analysis/stats/means.ts';
import {
  compareRatios,
  ratioEstimate,
  relativeLift,
  type RatioMoments,
} from '../../../engine/analysis/stats/delta.ts';

/** statsmodels 0.13 / SciPy 1.10 / NumPy references: test/fixtures/statsmodels/two_sample.py. */
interface WelchCase {
  name: string;
  alpha: number;
  treatment: Moments;
  control: Moments;
  diff: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ci: [number, number];
  statsmodelsT: number;
  statsmodelsP: number;
  treatmentValues?: number[];
  controlValues?: number[];
}
interface MeanCase {
  name: string;
  alpha: number;
  moments: Moments;
  mean: number;
  variance: number;
  sd: number;
  se: number;
  ci: [number, number];
  values?: number[];
}
interface LiftCase {
  name: string;
  alpha: number;
  meanT: number;
  varMeanT: number;
  meanC: number;
  varMeanC: number;
  lift: number;
  se: number;
  ci: [number, number];
}
interface RatioCase {
  alpha: number;
  treatmentX: number[];
  treatmentY: number[];
  controlX: number[];
  controlY: number[];
  treatmentMoments: RatioMoments;
  controlMoments: RatioMoments;
  treatmentRatio: number;
  treatmentVariance: number;
  controlRatio: number;
  controlVariance: number;
  treatmentBootstrapVariance: number;
  controlBootstrapVariance: number;
  diff: number;
  se: number;
  z: number;
  p: number;
  ci: [number, number];
  lift: number;
  liftCi: [number, number];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/two_sample.json', import.meta.url), 'utf8'),
) as { welch: WelchCase[]; meanIntervals: MeanCase[]; lifts: LiftCase[]; ratio: RatioCase };

/** Relative tolerance 1e-6 with an absolute floor for values at or near zero. */
function close(actual: number, expected: number, what: string, rel = 1e-6, abs = 1e-12): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected) + abs,
    `${what}: ${actual} vs ${expected}`,
  );
}

/** ΣX, ΣY, ΣX², ΣY², ΣXY of paired per-unit values, as a SQL aggregation would return them. */
function ratioMomentsOf(x: readonly number[], y: readonly number[]): RatioMoments {
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumYY = 0;
  let sumXY = 0;
  x.forEach((xi, i) => {
    const yi = y[i]!;
    sumX += xi;
    sumY += yi;
    sumXX += xi * xi;
    sumYY += yi * yi;
    sumXY += xi * yi;
  });
  return { n: x.length, sumX, sumY, sumXX, sumYY, sumXY };
}

test('momentsOf returns n, Σx, Σx² (compensated) and agrees with the fixture moments', () => {
  assert.deepEqual(momentsOf([1, 2, 3.5]), { n: 3, sum: 6.5, sumSq: 17.25 });
  assert.deepEqual(momentsOf(new Float64Array(0)), { n: 0, sum: 0, sumSq: 0 });
  // Adding 0.1 ten thousand times in order drifts from 1000; the compensated sum is the correctly rounded 1000.
  const tenths = new Float64Array(10000).fill(0.1);
  assert.notEqual(
    tenths.reduce((a, b) => a + b, 0),
    1000,
  );
  assert.equal(momentsOf(tenths).sum, 1000);
  for (const c of fixture.welch.filter((w) => w.treatmentValues)) {
    const t = momentsOf(c.treatmentValues!);
    close(t.sum, c.treatment.sum, `${c.name} Σx`, 1e-14);
    close(t.sumSq, c.treatment.sumSq, `${c.name} Σx²`, 1e-14);
  }
  assert.throws(() => momentsOf([1, NaN]), { name: 'RangeError', message: /value 1 is NaN/ });
});

test('meanAndVariance: ddof-1 variance from moments, NaN for n = 1, never negative', () => {
  const { mean, variance } = meanAndVariance(momentsOf([2, 4, 4, 4, 5, 5, 7, 9]));
  assert.equal(mean, 5);
  close(variance, 32 / 7, 'variance');
  assert.ok(Number.isNaN(meanAndVariance({ n: 1, sum: 3, sumSq: 9 }).variance), 'NaN for n = 1');
  // A constant sample whose moments round to a tiny negative variance.
  const constant = momentsOf(new Float64Array(7).fill(0.1 + 0.2));
  assert.equal(meanAndVariance(constant).variance, 0);
  assert.equal(meanAndVariance({ n: 3, sum: 3, sumSq: 2.9999999999 }).variance, 0);
});

test('t interval of a mean matches statsmodels DescrStatsW.tconfint_mean', () => {
  for (const c of fixture.meanIntervals) {
    const m = c.values ? momentsOf(c.values) : c.moments;
    assert.equal(m.n, c.moments.n);
    const r = meanInterval(m, c.alpha);
    close(r.mean, c.mean, `${c.name} mean`);
    close(meanAndVariance(m).variance, c.variance, `${c.name} variance`);
    close(r.sd, c.sd, `${c.name} sd`);
    close(r.se, c.se, `${c.name} se`);
    close(r.ci[0], c.ci[0], `${c.name} low`);
    close(r.ci[1], c.ci[1], `${c.name} high`);
  }
});

test('Welch test matches scipy ttest_ind(equal_var=False) and statsmodels tconfint_diff(usevar="unequal")', () => {
  assert.ok(fixture.welch.length >= 7, 'fixture cases');
  for (const c of fixture.welch) {
    close(c.statsmodelsT, c.t, `${c.name}: the two references agree on t`, 1e-12);
    const treatment = c.treatmentValues ? momentsOf(c.treatmentValues) : c.treatment;
    const control = c.controlValues ? momentsOf(c.controlValues) : c.control;
    const r = welchTest(treatment, control, c.alpha);
    close(r.diff, c.diff, `${c.name} diff`);
    close(r.se, c.se, `${c.name} se`);
    close(r.df, c.df, `${c.name} df`);
    close(r.t, c.t, `${c.name} t`);
    close(r.p, c.p, `${c.name} p`);
    close(r.ci[0], c.ci[0], `${c.name} low`);
    close(r.ci[1], c.ci[1], `${c.name} high`);
  }
});

test('Welch on Cookie Cats game rounds: no significant difference; Hillstrom Mens E-Mail spends more', () => {
  const cookie = fixture.welch.find((c) => c.name === 'cookie cats sum_gamerounds')!;
  assert.deepEqual([cookie.treatment.n, cookie.control.n], [45489, 44700]);
  const r = welchTest(cookie.treatment, cookie.control);
  assert.ok(r.p > 0.3 && r.ci[0] < 0 && r.ci[1] > 0, `p ${r.p}, CI ${r.ci.join(', ')}`);
  const mens = fixture.welch.find((c) => c.name === 'hillstrom spend Mens E-Mail')!;
  assert.ok(welchTest(mens.treatment, mens.control).ci[0] > 0, 'Mens E-Mail interval above 0');
});

test('Welch with constant arms decides by the difference alone', () => {
  const a = momentsOf([2, 2, 2]);
  const b = momentsOf([3, 3]);
  assert.deepEqual(welchTest(a, a), { diff: 0, se: 0, df: 4, t: 0, p: 1, ci: [0, 0] });
  const r = welchTest(a, b);
  assert.equal(r.t, -Infinity);
  assert.equal(r.p, 0);
  // One constant arm: df falls to the other arm's n − 1.
  close(welchTest(a, momentsOf([1, 2, 4, 8])).df, 3, 'df');
});

test('relative lift matches the NumPy delta-method reference', () => {
  for (const c of fixture.lifts) {
    const r = relativeLift(c.meanT, c.varMeanT, c.meanC, c.varMeanC, c.alpha);
    close(r.lift, c.lift, `${c.name} lift`);
    close(r.se, c.se, `${c.name} se`);
    close(r.ci[0], c.ci[0], `${c.name} low`);
    close(r.ci[1], c.ci[1], `${c.name} high`);
  }
  // Cookie Cats retention_7: about a 4.3 % relative drop.
  const cookie = relativeLift(8279 / 45489, 0, 8502 / 44700, 0);
  assert.ok(Math.abs(cookie.lift + 0.0431) < 0.001, `lift ${cookie.lift}`);
});

test('ratio metric: ΣX/ΣY with the delta-method variance, and the comparison of two arms', () => {
  const c = fixture.ratio;
  const t = ratioMomentsOf(c.treatmentX, c.treatmentY);
  const k = ratioMomentsOf(c.controlX, c.controlY);
  for (const key of ['n', 'sumX', 'sumY', 'sumXX', 'sumYY', 'sumXY'] as const) {
    close(t[key], c.treatmentMoments[key], `treatment ${key}`, 1e-12);
    close(k[key], c.controlMoments[key], `control ${key}`, 1e-12);
  }
  const rt = ratioEstimate(t);
  const rc = ratioEstimate(k);
  close(rt.ratio, c.treatmentRatio, 'treatment ratio');
  close(rt.variance, c.treatmentVariance, 'treatment variance');
  close(rc.ratio, c.controlRatio, 'control ratio');
  close(rc.variance, c.controlVariance, 'control variance');
  const r = compareRatios(t, k, c.alpha);
  close(r.diff, c.diff, 'diff');
  close(r.se, c.se, 'se');
  close(r.z, c.z, 'z');
  close(r.p, c.p, 'p');
  close(r.ci[0], c.ci[0], 'low');
  close(r.ci[1], c.ci[1], 'high');
  close(r.lift!, c.lift, 'lift');
  close(r.liftCi![0], c.liftCi[0], 'lift low');
  close(r.liftCi![1], c.liftCi[1], 'lift high');
  // The fixture's stored moments (fsum) give the same answer as the ones summed here.
  close(ratioEstimate(c.treatmentMoments).variance, c.treatmentVariance, 'from stored moments');
});

test('ratio variance agrees loosely (5 %) with a 40,000-resample bootstrap', () => {
  const c = fixture.ratio;
  for (const [arm, m, boot] of [
    ['treatment', c.treatmentMoments, c.treatmentBootstrapVariance],
    ['control', c.controlMoments, c.controlBootstrapVariance],
  ] as const) {
    const { variance } = ratioEstimate(m);
    assert.ok(Math.abs(variance / boot - 1) < 0.05, `${arm}: delta ${variance} vs bootstrap ${boot}`);
  }
});

test('with Y ≡ 1 the ratio is a mean and its variance s²/n', () => {
  const x = [3, 0, 7.5, 2, 0, 11];
  const m = ratioMomentsOf(
    x,
    x.map(() => 1),
  );
  const { mean, variance } = meanAndVariance(momentsOf(x));
  const r = ratioEstimate(m);
  close(r.ratio, mean, 'ratio');
  close(r.variance, variance / x.length, 'variance');
});

test('bad moments, alpha and control means throw RangeError with a clear message', () => {
  const ok: Moments = { n: 5, sum: 10, sumSq: 30 };
  assert.throws(() => meanInterval({ n: 1, sum: 1, sumSq: 1 }), {
    name: 'RangeError',
    message: 'a t interval of a mean needs n ≥ 2 values, not 1',
  });
  assert.throws(() => meanAndVariance({ n: 0, sum: 0, sumSq: 0 }), /a mean needs n ≥ 1 values/);
  assert.throws(() => meanAndVariance({ n: 2.5, sum: 0, sumSq: 0 }), RangeError);
  assert.throws(() => meanAndVariance({ n: 3, sum: NaN, sumSq: 0 }), /must be finite/);
  assert.throws(() => meanAndVariance({ n: 3, sum: 1, sumSq: -1 }), /cannot be negative/);
  assert.throws(() => welchTest(ok, { n: 1, sum: 2, sumSq: 4 }), /Welch test: the control arm needs n ≥ 2/);
  assert.throws(() => welchTest(ok, ok, 0), /alpha must lie strictly between 0 and 1/);
  assert.throws(() => meanInterval(ok, 1), RangeError);
  assert.throws(() => relativeLift(1, 0.1, 0, 0.1), {
    name: 'RangeError',
    message: 'relativeLift: a relative lift needs a non-zero control mean',
  });
  assert.throws(() => relativeLift(1, -0.1, 2, 0.1), /variances cannot be negative/);
  assert.throws(() => relativeLift(Infinity, 0.1, 2, 0.1), /meanT must be a finite number/);
  assert.throws(() => relativeLift(1, 0.1, 2, 0.1, -0.05), RangeError);
  const rm: RatioMoments = { n: 4, sumX: 10, sumY: 8, sumXX: 30, sumYY: 20, sumXY: 22 };
  assert.throws(() => ratioEstimate({ ...rm, n: 1 }), /a ratio estimate needs n ≥ 2 units/);
  assert.throws(() => ratioEstimate({ ...rm, sumY: 0 }), /the denominator sums to 0/);
  assert.throws(() => ratioEstimate({ ...rm, sumXY: NaN }), /sumXY must be a finite number/);
  const againstZero = compareRatios(rm, { ...rm, sumX: 0, sumXX: 0, sumXY: 0 });
  assert.equal(againstZero.lift, null, 'no lift against a zero control ratio');
  assert.equal(againstZero.diff, 10 / 8, 'the difference still stands');
});
