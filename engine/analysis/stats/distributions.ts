/**
 * The distribution functions the experiment statistics need, on one page: CDFs, tails and quantiles of the
 * normal, Student t, chi-square and F distributions. Tails are computed directly from the regularised
 * incomplete beta / gamma functions (@stdlib, ports of Boost and Cephes), never as 1 − CDF, so tiny p-values
 * keep their digits.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileStd from '@stdlib/stats-base-dists-t-quantile';
import { erfc, normalCdf, twoSidedNormalP } from '../special.ts';

/** Φ(z) and the two-sided normal p-value P(|Z| ≥ |z|). */
export { normalCdf, twoSidedNormalP as normalTwoSided };

/** Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileStd(p, 0, 1);
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** P(T > t) for Student t with `df` degrees of freedom (df may be fractional, e.g. Welch). */
export function tSf(t: number, df: number): number {
  if (!Number.isFinite(df)) return 0.5 * erfc(t / Math.SQRT2);
  const tail = 0.5 * betainc(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided t p-value P(|T| > |t|). */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(df)) return twoSidedNormalP(t);
  return betainc(df / (df + t * t), df / 2, 0.5);
}

/** The t quantile; falls back to the normal when df is infinite. */
export function tQuantile(p: number, df: number): number {
  return Number.isFinite(df) ? tQuantileStd(p, df) : normalQuantile(p);
}

/** P(X > x) for chi-square with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** P(F > f) for the F distribution with (df1, df2) degrees of freedom. */
export function fSf(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}

/** Regularised incomplete beta I_x(a, b), i.e. the Beta(a, b) CDF at x (upper tail when `upper`). */
export function betaCdf(x: number, a: number, b: number, upper = false): number {
  if (x <= 0) return upper ? 1 : 0;
  if (x >= 1) return upper ? 0 : 1;
  return betainc(x, a, b, true, upper);
}
