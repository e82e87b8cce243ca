/**
 * CUPED variance reduction (Deng, Xu, Kohavi & Walker, "Improving the sensitivity of online controlled experiments
 * by utilizing pre-experiment data", WSDM 2013): each unit's metric Y is replaced by Y − θ(X − E X), X being the
 * same unit's pre-period covariate. Any θ keeps the difference of arm means unbiased (X is independent of the
 * assignment); θ = cov(X, Y)/var(X) minimises the variance, which falls by the factor 1 − ρ²(X, Y).
 *
 * θ is pooled as GrowthBook does it (gbstats `compute_theta`, growthbook/growthbook
 * packages/stats/gbstats/models/statistics.py; TypeScript port packages/tsgbstats/src/models/statistics.ts
 * `computeTheta`): the sums of all arms are added up and θ = cov(X, Y)/var(X) over every unit combined, both with
 * ddof 1 — not a within-arm (arm-centred) regression. gbstats does this per comparison, for the pair (control,
 * variant); here θ is pooled over all the arms passed in, so to reproduce gbstats on a many-arm test call this once
 * per pair. Where gbstats falls back to the unadjusted statistic when var(X) is 0, this throws.
 *
 * Per arm, the adjusted mean is ȳ − θ(x̄ − x̄_all) (x̄_all: the grand mean of X), which keeps the metric's scale;
 * gbstats reports ȳ − θ·x̄, which differs by the constant θ·x̄_all, the same for every arm, so differences agree.
 * Its variance is that of gbstats' `RegressionAdjustedStatistic.variance` over n: (s²_y + θ²s²_x − 2θ s_xy)/n.
 */

/** Sufficient statistics of one arm: n units, Y the metric, X the pre-period covariate. */
export interface CupedMoments {
  readonly n: number;
  readonly sumY: number;
  readonly sumYY: number;
  readonly sumX: number;
  readonly sumXX: number;
  readonly sumXY: number;
}

export interface CupedArm {
  n: number;
  /** ȳ − θ(x̄ − x̄_all). */
  mean: number;
  /** Variance of the adjusted mean: (s²_y + θ²s²_x − 2θ s_xy)/n. */
  varMean: number;
  /** ȳ. */
  rawMean: number;
  /** s²_y/n. */
  rawVarMean: number;
  /** 1 − varMean/rawVarMean. */
  varianceReduction: number;
}

export interface CupedResult {
  theta: number;
  meanX: number;
  arms: CupedArm[];
  /** 1 − Σ varMean / Σ rawVarMean over the arms. */
  varianceReduction: number;
}

/** Sample covariance (ddof 1) from raw sums: (Σab − Σa·Σb/n)/(n − 1). */
function covariance(n: number, sumA: number, sumB: number, sumAB: number): number {
  return (sumAB - (sumA * sumB) / n) / (n - 1);
}

/**
 * 1 − adjusted/raw. When the raw variance is 0 the ratio is undefined: 0 if the adjusted variance is 0 too (no
 * change), −∞ otherwise (adjusting added variance to a constant metric).
 */
function reduction(adjusted: number, raw: number): number {
  if (raw > 0) return 1 - adjusted / raw;
  return adjusted > 0 ? -Infinity : 0;
}

/** CUPED-adjusted arm means and their variances, θ pooled over all arms (see the module comment). */
export function cupedAdjust(arms: readonly CupedMoments[]): CupedResult {
  if (arms.length === 0) throw new RangeError('cupedAdjust needs at least one arm');
  let n = 0;
  let sumX = 0;
  let sumXX = 0;
  let sumY = 0;
  let sumXY = 0;
  for (const [i, arm] of arms.entries()) {
    if (!(arm.n >= 2))
      throw new RangeError(`arm ${i} has n = ${arm.n}; CUPED needs at least 2 units per arm`);
    n += arm.n;
    sumX += arm.sumX;
    sumXX += arm.sumXX;
    sumY += arm.sumY;
    sumXY += arm.sumXY;
  }
  const varX = covariance(n, sumX, sumX, sumXX);
  if (!(varX > 0)) throw new RangeError('the covariate has zero variance over all units: CUPED is undefined');
  const theta = covariance(n, sumX, sumY, sumXY) / varX;
  const meanX = sumX / n;

  let totalAdjusted = 0;
  let totalRaw = 0;
  const out = arms.map((arm): CupedArm => {
    const s2y = Math.max(0, covariance(arm.n, arm.sumY, arm.sumY, arm.sumYY));
    const s2x = Math.max(0, covariance(arm.n, arm.sumX, arm.sumX, arm.sumXX));
    const sxy = covariance(arm.n, arm.sumX, arm.sumY, arm.sumXY);
    const rawMean = arm.sumY / arm.n;
    // A variance, so never negative; rounding can push it below 0 only when X and Y are collinear within the arm.
    const varMean = Math.max(0, s2y + theta * theta * s2x - 2 * theta * sxy) / arm.n;
    const rawVarMean = s2y / arm.n;
    totalAdjusted += varMean;
    totalRaw += rawVarMean;
    return {
      n: arm.n,
      mean: rawMean - theta * (arm.sumX / arm.n - meanX),
      varMean,
      rawMean,
      rawVarMean,
      varianceReduction: reduction(varMean, rawVarMean),
    };
  });
  return { theta, meanX, arms: out, varianceReduction: reduction(totalAdjusted, totalRaw) };
}
