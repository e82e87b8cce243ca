/**
 * Binary metrics (conversion, retention): the Wilson interval of one rate, Newcombe's interval for the
 * difference of two, and the pooled two-proportion z-test — each as statsmodels 0.13 computes it.
 */
import { normalQuantile, normalTwoSided } from './distributions.ts';

/** Successes and trials of one arm. */
export interface Counts {
  readonly x: number;
  readonly n: number;
}

function checkAlpha(alpha: number, what: string): void {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`${what}: alpha must lie strictly between 0 and 1, not ${alpha}`);
}

/** n > 0 trials and 0 ≤ x ≤ n successes, all finite. Counts need not be whole (weighted data). */
function checkCounts(c: Counts, what: string): void {
  if (!Number.isFinite(c.n) || !(c.n > 0)) throw new RangeError(`${what} needs n > 0 trials, not ${c.n}`);
  if (!Number.isFinite(c.x) || c.x < 0 || c.x > c.n)
    throw new RangeError(`${what} needs 0 ≤ x ≤ n successes, not x = ${c.x} with n = ${c.n}`);
}

/** The Wilson interval once the counts and alpha are checked; `crit` = Φ⁻¹(1 − α/2). */
function wilson(c: Counts, crit: number): [number, number] {
  // Wilson (1927), in statsmodels' arrangement (proportion_confint, method='wilson'):
  // centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n).
  const p = c.x / c.n;
  const crit2 = crit * crit;
  const denom = 1 + crit2 / c.n;
  const center = (p + crit2 / (2 * c.n)) / denom;
  const dist = (crit * Math.sqrt((p * (1 - p)) / c.n + crit2 / (4 * c.n * c.n))) / denom;
  // At x = 0 (x = n) the lower (upper) bound is exactly 0 (1), but the subtraction leaves a few ulps of noise,
  // possibly outside [0, 1]: set it exactly.
  return [c.x === 0 ? 0 : Math.max(0, center - dist), c.x === c.n ? 1 : Math.min(1, center + dist)];
}

/** Wilson score interval (statsmodels proportion_confint(method='wilson')). */
export function wilsonInterval(c: Counts, alpha = 0.05): [number, number] {
  checkCounts(c, 'a Wilson interval');
  checkAlpha(alpha, 'wilsonInterval');
  return wilson(c, normalQuantile(1 - alpha / 2));
}

/**
 * Newcombe hybrid score interval for pT − pC (statsmodels confint_proportions_2indep(method='newcomb',
 * compare='diff')). Newcombe (1998) method 10: with Wilson intervals (l₁, u₁) of p̂_T and (l₂, u₂) of p̂_C,
 * d = p̂_T − p̂_C and the interval is (d − √((p̂_T − l₁)² + (u₂ − p̂_C)²), d + √((p̂_C − l₂)² + (u₁ − p̂_T)²)).
 * Unlike the Wald interval it keeps its coverage near 0 and 1 and never leaves [−1, 1].
 */
export function newcombeInterval(treatment: Counts, control: Counts, alpha = 0.05): [number, number] {
  checkCounts(treatment, 'a Newcombe interval: the treatment arm');
  checkCounts(control, 'a Newcombe interval: the control arm');
  checkAlpha(alpha, 'newcombeInterval');
  const crit = normalQuantile(1 - alpha / 2);
  const p1 = treatment.x / treatment.n;
  const p2 = control.x / control.n;
  const [low1, upp1] = wilson(treatment, crit);
  const [low2, upp2] = wilson(control, crit);
  const diff = p1 - p2;
  const low = diff - Math.hypot(p1 - low1, upp2 - p2);
  const upp = diff + Math.hypot(p2 - low2, upp1 - p1);
  return [Math.max(-1, low), Math.min(1, upp)];
}

/**
 * Pooled two-proportion z-test, treatment − control (statsmodels proportions_ztest with the pooled variance,
 * two-sided): z = (p̂_T − p̂_C)/√(p̄(1 − p̄)(1/n_T + 1/n_C)), p̄ = (x_T + x_C)/(n_T + n_C) — the score test of
 * p_T = p_C, whose square is the 2×2 chi-square statistic without continuity correction.
 * When p̄ is 0 or 1 (no successes, or no failures, in either arm) the rates are identical and the variance is
 * zero; statsmodels returns NaN there, this returns z = 0, p = 1.
 */
export function twoProportionZTest(treatment: Counts, control: Counts): { z: number; p: number } {
  checkCounts(treatment, 'a two-proportion z-test: the treatment arm');
  checkCounts(control, 'a two-proportion z-test: the control arm');
  const pooled = (treatment.x + control.x) / (treatment.n + control.n);
  const variance = pooled * (1 - pooled) * (1 / treatment.n + 1 / control.n);
  if (!(variance > 0)) return { z: 0, p: 1 };
  const z = (treatment.x / treatment.n - control.x / control.n) / Math.sqrt(variance);
  return { z, p: normalTwoSided(z) };
}
