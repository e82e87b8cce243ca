/**
 * Sample ratio mismatch: did the arms receive the share of units the design gave them? A mismatch means the
 * assignment or the logging is broken and every metric comparison is suspect (Fabijan et al. 2019, "Diagnosing
 * Sample Ratio Mismatch in Online Controlled Experiments").
 */
import { chiSquareSf } from './distributions.ts';

/** The default flagging threshold: strict, because the check runs on every experiment (Kohavi et al. 2020, ch. 21). */
const DEFAULT_THRESHOLD = 0.001;

/**
 * Chi-square goodness of fit of observed unit counts against designed weights (normalised); flagged when
 * p < threshold (default 0.001). scipy.stats.chisquare. Throws RangeError for fewer than 2 arms, negative/non-finite
 * counts or weights, or zero total.
 *
 * Pearson's statistic χ² = Σ (oᵢ − eᵢ)²/eᵢ with eᵢ = N·wᵢ/Σw, on k − 1 degrees of freedom. Weights default to
 * equal; they may be any positive numbers (shares, percentages, 2:1:1). A zero weight is rejected too: an arm
 * designed to receive nothing has no expected count to test against.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights?: readonly number[],
  threshold = DEFAULT_THRESHOLD,
): { chi2: number; df: number; p: number; flagged: boolean; expected: number[] } {
  const k = observed.length;
  if (k < 2) throw new RangeError(`sampleRatioMismatch needs at least 2 arms, not ${k}`);
  observed.forEach((o, i) => {
    if (!Number.isFinite(o) || o < 0)
      throw new RangeError(`sampleRatioMismatch: arm ${i} has ${o} units; counts must be finite and ≥ 0`);
  });
  const w = weights ?? observed.map(() => 1);
  if (w.length !== k)
    throw new RangeError(`sampleRatioMismatch: ${w.length} weights for ${k} arms; give one weight per arm`);
  w.forEach((v, i) => {
    if (!Number.isFinite(v) || !(v > 0))
      throw new RangeError(`sampleRatioMismatch: arm ${i} has weight ${v}; weights must be finite and > 0`);
  });
  if (!(threshold > 0 && threshold < 1))
    throw new RangeError(
      `sampleRatioMismatch: threshold must lie strictly between 0 and 1, not ${threshold}`,
    );
  const total = observed.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('sampleRatioMismatch: no units observed in any arm');
  const weightSum = w.reduce((a, b) => a + b, 0);
  // N·w/Σw in SciPy's order of operations (the fixture's expected = obs.sum() * w / w.sum()).
  const expected = w.map((v) => (total * v) / weightSum);
  let chi2 = 0;
  observed.forEach((o, i) => {
    const e = expected[i] as number;
    chi2 += ((o - e) * (o - e)) / e;
  });
  const df = k - 1;
  const p = chiSquareSf(chi2, df);
  return { chi2, df, p, flagged: p < threshold, expected };
}
