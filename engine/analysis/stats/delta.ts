/**
 * Delta-method intervals (first-order Taylor expansion, e.g. Casella & Berger § 5.5.4): the relative lift of two
 * independent means, and ratio metrics such as revenue per session whose unit of analysis (the user) differs
 * from the unit of the denominator (the session) — Deng, Knoblich & Lu (2018), "Applying the Delta Method in
 * Metric Analytics". Normal quantiles throughout: these are large-sample approximations.
 */
import { normalQuantile, normalTwoSided } from './distributions.ts';

function checkAlpha(alpha: number, what: string): void {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`${what}: alpha must lie strictly between 0 and 1, not ${alpha}`);
}

function checkFinite(what: string, values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values))
    if (!Number.isFinite(v)) throw new RangeError(`${what}: ${name} must be a finite number, not ${v}`);
}

/**
 * Relative lift mean_t/mean_c − 1 with a delta-method interval (normal quantile), given each mean's sampling
 * variance (s²/n) — independent arms. Formula: Var(lift) ≈ varT/meanC² + meanT²·varC/meanC⁴ (the gradient of
 * g(a, b) = a/b is (1/b, −a/b²); the covariance term vanishes for independent arms). Throws RangeError when
 * meanC is 0.
 */
export function relativeLift(
  meanT: number,
  varMeanT: number,
  meanC: number,
  varMeanC: number,
  alpha = 0.05,
): { lift: number; se: number; ci: [number, number] } {
  checkFinite('relativeLift', { meanT, varMeanT, meanC, varMeanC });
  if (varMeanT < 0 || varMeanC < 0)
    throw new RangeError(`relativeLift: variances cannot be negative (${varMeanT}, ${varMeanC})`);
  if (meanC === 0) throw new RangeError('relativeLift: a relative lift needs a non-zero control mean');
  checkAlpha(alpha, 'relativeLift');
  const lift = meanT / meanC - 1;
  const c2 = meanC * meanC;
  const se = Math.sqrt(varMeanT / c2 + (meanT * meanT * varMeanC) / (c2 * c2));
  const half = normalQuantile(1 - alpha / 2) * se;
  return { lift, se, ci: [lift - half, lift + half] };
}

/** Per-unit sums for a ratio metric (e.g. revenue per session): numerator X and denominator Y per unit. */
export interface RatioMoments {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumXX: number;
  readonly sumYY: number;
  readonly sumXY: number;
}

function checkRatioMoments(m: RatioMoments, what: string): void {
  if (!Number.isInteger(m.n) || m.n < 2) throw new RangeError(`${what} needs n ≥ 2 units, not ${m.n}`);
  checkFinite(what, { sumX: m.sumX, sumY: m.sumY, sumXX: m.sumXX, sumYY: m.sumYY, sumXY: m.sumXY });
  if (m.sumXX < 0 || m.sumYY < 0) throw new RangeError(`${what}: sums of squares cannot be negative`);
  if (m.sumY === 0) throw new RangeError(`${what}: the denominator sums to 0, so the ratio is undefined`);
}

/**
 * The ratio ΣX/ΣY and the delta-method variance of that estimate: (1/n)·(σx²/μy² − 2μx·σxy/μy³ + μx²·σy²/μy⁴),
 * with ddof-1 sample (co)variances (Deng et al. 2018, eq. 3; the gradient of μx/μy is (1/μy, −μx/μy²)). Each
 * (co)variance comes from the sums by the one-pass formula (ΣXY − ΣX·ΣY/n)/(n − 1); the variances are floored
 * at 0 against rounding, and so is the result (a quadratic form of a positive semi-definite matrix).
 */
export function ratioEstimate(m: RatioMoments): { ratio: number; variance: number } {
  checkRatioMoments(m, 'a ratio estimate');
  const { n } = m;
  const mx = m.sumX / n;
  const my = m.sumY / n;
  const sxx = Math.max(0, (m.sumXX - m.sumX * mx) / (n - 1));
  const syy = Math.max(0, (m.sumYY - m.sumY * my) / (n - 1));
  const sxy = (m.sumXY - m.sumX * my) / (n - 1);
  const my2 = my * my;
  const variance = (sxx / my2 - (2 * mx * sxy) / (my2 * my) + (mx * mx * syy) / (my2 * my2)) / n;
  return { ratio: m.sumX / m.sumY, variance: Math.max(0, variance) };
}

/**
 * Difference of two independent ratio estimates with a normal interval and two-sided z p-value, plus the
 * relative lift by relativeLift(). diff = r_T − r_C, se = √(Var r_T + Var r_C), z = diff/se. When both
 * variances are 0, z is 0 (equal ratios, p = 1) or ±∞ (p = 0). When the control ratio is 0 no relative lift is
 * defined against nothing: `lift` and `liftCi` are null and the difference still stands.
 */
export function compareRatios(
  treatment: RatioMoments,
  control: RatioMoments,
  alpha = 0.05,
): {
  diff: number;
  se: number;
  z: number;
  p: number;
  ci: [number, number];
  lift: number | null;
  liftCi: [number, number] | null;
} {
  checkAlpha(alpha, 'compareRatios');
  checkRatioMoments(treatment, 'compareRatios: the treatment arm');
  checkRatioMoments(control, 'compareRatios: the control arm');
  const t = ratioEstimate(treatment);
  const c = ratioEstimate(control);
  const diff = t.ratio - c.ratio;
  const se = Math.sqrt(t.variance + c.variance);
  const z = se > 0 ? diff / se : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  const half = normalQuantile(1 - alpha / 2) * se;
  const lift = c.ratio === 0 ? null : relativeLift(t.ratio, t.variance, c.ratio, c.variance, alpha);
  return {
    diff,
    se,
    z,
    p: normalTwoSided(z),
    ci: [diff - half, diff + half],
    lift: lift?.lift ?? null,
    liftCi: lift?.ci ?? null,
  };
}
