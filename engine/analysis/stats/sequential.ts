/**
 * Always-valid confidence sequences for sequential ("peeking-safe") experiments, exactly as GrowthBook's stats
 * engine computes them: the asymptotic confidence sequence of Waudby-Smith, Pekelis, Ramdas et al., "Time-uniform
 * central limit theory and asymptotic confidence sequences" (arXiv:2103.06476v7, 2023), eq. 9, with the mixing
 * parameter ρ chosen by their eq. 161 so that the sequence is tightest when the total sample size reaches a
 * tuning value N*.
 *
 * Transcribed from gbstats (growthbook/growthbook, packages/stats/gbstats/frequentist/tests.py: `sequential_rho`,
 * `sequential_interval_halfwidth`, `SequentialTwoSidedTTest.halfwidth` and `.p_value`; the same code is in the
 * TypeScript port packages/tsgbstats/src/frequentist/tests.ts). How gbstats maps an estimate into the width:
 *
 *   n   = n_control + n_treatment                  (the total sample size of the comparison)
 *   s²  = SE² · n                                  (SE: the standard error of the estimate — absolute or relative
 *                                                    difference — so s² is a per-observation variance)
 *   ρ   = √((−2 ln α + ln(−2 ln α + 1)) / N*)
 *   w   = √s² · √( 2(nρ² + 1) · ln(√(nρ² + 1)/α) / (nρ)² )
 *   CI  = estimate ± w
 *
 * (so w = SE · √(2(1 + 1/(nρ²)) · ln(√(nρ² + 1)/α)); the SE may come from CUPED or the delta method unchanged.)
 * Checked against gbstats' own unit tests (TestSequentialTTest in packages/stats/tests/frequentist/test_tests.py)
 * in test/analysis/stats/sequential.test.ts.
 */

/** GrowthBook's default N*: the total sample size at which the sequence is narrowest. */
export const DEFAULT_TUNING = 5000;

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
}

/** ρ of the normal mixture for N* = `tuning` (eq. 161 of arXiv:2103.06476v7; gbstats `sequential_rho`). */
export function sequentialRho(alpha = 0.05, tuning = DEFAULT_TUNING): number {
  checkAlpha(alpha);
  if (!(tuning > 0 && Number.isFinite(tuning)))
    throw new RangeError(`tuning must be positive, got ${tuning}`);
  const minus2LogAlpha = -2 * Math.log(alpha);
  return Math.sqrt((minus2LogAlpha + Math.log(minus2LogAlpha + 1)) / tuning);
}

function checkInputs(estimate: number, se: number, nTotal: number): void {
  if (!Number.isFinite(estimate)) throw new RangeError(`estimate must be finite, got ${estimate}`);
  if (!(se >= 0 && Number.isFinite(se)))
    throw new RangeError(`se must be finite and non-negative, got ${se}`);
  if (!(nTotal >= 1 && Number.isFinite(nTotal)))
    throw new RangeError(`nTotal must be at least 1, got ${nTotal}`);
}

/**
 * The two-sided (1 − α) always-valid confidence sequence around `estimate` at total sample size `nTotal`, given the
 * estimate's standard error `se` (gbstats `SequentialTwoSidedTTest.confidence_interval`).
 */
export function confidenceSequence(
  estimate: number,
  se: number,
  nTotal: number,
  alpha = 0.05,
  tuning = DEFAULT_TUNING,
): { ci: [number, number]; halfWidth: number; rho: number } {
  checkInputs(estimate, se, nTotal);
  const rho = sequentialRho(alpha, tuning);
  const s2 = se * se * nTotal;
  const nRho2 = nTotal * rho * rho;
  // eq. 9, written term for term as gbstats `sequential_interval_halfwidth` writes it.
  const halfWidth =
    Math.sqrt(s2) *
    Math.sqrt((2 * (nRho2 + 1) * Math.log(Math.sqrt(nRho2 + 1) / alpha)) / (nTotal * rho) ** 2);
  return { ci: [estimate - halfWidth, estimate + halfWidth], halfWidth, rho };
}

/**
 * The always-valid p-value paired with the sequence: 1 / e-value of the normal mixture martingale (eq. 155 of
 * arXiv:2103.06476v7; gbstats `SequentialTwoSidedTTest.p_value`), capped at 1. With t² = estimate²·n / SE²,
 * e = exp(ρ² t² / (2(nρ² + 1))) / √(nρ² + 1). It is below α exactly when the sequence excludes 0.
 */
export function alwaysValidPValue(
  estimate: number,
  se: number,
  nTotal: number,
  alpha = 0.05,
  tuning = DEFAULT_TUNING,
): number {
  checkInputs(estimate, se, nTotal);
  if (se === 0) return estimate === 0 ? 1 : 0;
  const rho = sequentialRho(alpha, tuning);
  const st2 = (estimate * estimate * nTotal) / (se * se);
  const tr2p1 = nTotal * rho * rho + 1;
  // log e-value, so that a huge statistic gives p = 0 rather than 1/Infinity = 0 via an overflow warning path.
  const logE = (rho * rho * st2) / (2 * tr2p1) - 0.5 * Math.log(tr2p1);
  return Math.min(1, Math.exp(-logE));
}
