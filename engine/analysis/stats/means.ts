/**
 * Means of continuous metrics from their sufficient statistics (n, Σx, Σx²): the t interval of one mean and
 * Welch's unequal-variance t-test of two. Working from moments lets the caller aggregate in SQL (COUNT, SUM,
 * SUM(x·x)) and pass three numbers per arm instead of every row.
 */
import { tQuantile, tTwoSided } from './distributions.ts';

/** Sufficient statistics of a sample: count, sum, sum of squares. */
export interface Moments {
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
}

function checkAlpha(alpha: number, what: string): void {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`${what}: alpha must lie strictly between 0 and 1, not ${alpha}`);
}

function checkMoments(m: Moments, what: string, minN: number): void {
  if (!Number.isInteger(m.n) || m.n < minN)
    throw new RangeError(`${what} needs n ≥ ${minN} values, not ${m.n}`);
  if (!Number.isFinite(m.sum) || !Number.isFinite(m.sumSq))
    throw new RangeError(`${what}: sum and sum of squares must be finite (${m.sum}, ${m.sumSq})`);
  if (m.sumSq < 0) throw new RangeError(`${what}: a sum of squares cannot be negative (${m.sumSq})`);
}

/**
 * n, Σx and Σx² of `values`, each sum accumulated with Neumaier's compensated summation (Neumaier 1974, the
 * improved Kahan–Babuška algorithm), so the moments carry about one rounding error however long the sample —
 * which matters because the variance is later recovered from them by a subtraction.
 */
export function momentsOf(values: ArrayLike<number>): Moments {
  let sum = 0;
  let sumC = 0;
  let sumSq = 0;
  let sumSqC = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) throw new RangeError(`momentsOf: value ${i} is ${x}, not a finite number`);
    let t = sum + x;
    sumC += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    const x2 = x * x;
    t = sumSq + x2;
    sumSqC += sumSq >= x2 ? sumSq - t + x2 : x2 - t + sumSq;
    sumSq = t;
  }
  return { n: values.length, sum: sum + sumC, sumSq: sumSq + sumSqC };
}

/**
 * Mean and unbiased (ddof 1) variance; variance computed stably from moments (guard tiny negative → 0).
 * s² = (Σx² − Σx·x̄)/(n − 1): the one formula available from moments. It loses about log10(x̄²/s²) digits to
 * cancellation (none that matter for A/B metrics, whose spread is comparable to their mean), and rounding can
 * leave a constant sample a tiny negative value, which is returned as 0. The variance is NaN when n = 1, as
 * NumPy's `var(ddof=1)`.
 */
export function meanAndVariance(m: Moments): { mean: number; variance: number } {
  checkMoments(m, 'a mean', 1);
  const mean = m.sum / m.n;
  if (m.n === 1) return { mean, variance: NaN };
  const variance = (m.sumSq - m.sum * mean) / (m.n - 1);
  return { mean, variance: variance > 0 ? variance : 0 };
}

/**
 * Mean with a t interval (df n−1). Throws RangeError when n < 2.
 * x̄ ± t(1 − α/2; n − 1) · s/√n (statsmodels `DescrStatsW.tconfint_mean`).
 */
export function meanInterval(
  m: Moments,
  alpha = 0.05,
): { mean: number; sd: number; se: number; ci: [number, number] } {
  checkMoments(m, 'a t interval of a mean', 2);
  checkAlpha(alpha, 'meanInterval');
  const { mean, variance } = meanAndVariance(m);
  const sd = Math.sqrt(variance);
  const se = sd / Math.sqrt(m.n);
  const half = tQuantile(1 - alpha / 2, m.n - 1) * se;
  return { mean, sd, se, ci: [mean - half, mean + half] };
}

/**
 * Welch: treatment minus control. diff, Welch–Satterthwaite df, t, two-sided p, CI at 1−alpha. Matches
 * scipy.stats.ttest_ind(equal_var=False) and statsmodels CompareMeans(...).tconfint_diff(usevar='unequal').
 *
 * With vᵢ = sᵢ²/nᵢ: se = √(v_T + v_C), df = (v_T + v_C)² / (v_T²/(n_T − 1) + v_C²/(n_C − 1)) (Welch 1947,
 * Satterthwaite 1946), t = diff/se, p = P(|T_df| > |t|), CI = diff ± t(1 − α/2; df)·se.
 * Degenerate case, both arms constant (se = 0, Welch df 0/0): df is taken as n_T + n_C − 2 and the test is
 * decided by the difference alone — t = 0, p = 1 when the means are equal, t = ±∞, p = 0 otherwise (SciPy
 * returns NaN there).
 */
export function welchTest(
  treatment: Moments,
  control: Moments,
  alpha = 0.05,
): { diff: number; se: number; df: number; t: number; p: number; ci: [number, number] } {
  checkMoments(treatment, 'a Welch test: the treatment arm', 2);
  checkMoments(control, 'a Welch test: the control arm', 2);
  checkAlpha(alpha, 'welchTest');
  const t = meanAndVariance(treatment);
  const c = meanAndVariance(control);
  const diff = t.mean - c.mean;
  const vT = t.variance / treatment.n;
  const vC = c.variance / control.n;
  const v = vT + vC;
  const se = Math.sqrt(v);
  if (se === 0) {
    const df = treatment.n + control.n - 2;
    return diff === 0
      ? { diff, se, df, t: 0, p: 1, ci: [diff, diff] }
      : { diff, se, df, t: diff > 0 ? Infinity : -Infinity, p: 0, ci: [diff, diff] };
  }
  const df = (v * v) / ((vT * vT) / (treatment.n - 1) + (vC * vC) / (control.n - 1));
  const stat = diff / se;
  const half = tQuantile(1 - alpha / 2, df) * se;
  return { diff, se, df, t: stat, p: tTwoSided(stat, df), ci: [diff - half, diff + half] };
}
