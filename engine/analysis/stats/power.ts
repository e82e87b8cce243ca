/**
 * Sample size and power of a two-sided two-sample z-test with equal arms, in the conventions of statsmodels'
 * `NormalIndPower` (statsmodels/stats/power.py: `NormalIndPower.power` with ratio = 1 calls `normal_power` with
 * nobs = n/2), including its second-tail term:
 *
 *   power(n) = Φ(es·√(n/2) − z) + Φ(−es·√(n/2) − z),   z = Φ⁻¹(1 − α/2)
 *
 * (the second term is the chance of rejecting on the wrong side; it makes the n a hair smaller than the textbook
 * n = 2((z + z_β)/es)²). The standardised effect es is, for a binary metric, δ/√((p₁(1 − p₁) + p₂(1 − p₂))/2) (the
 * average of the two arms' Bernoulli variances) and, for a continuous metric, δ/sd. With k > 2 arms, each of the
 * k − 1 variants is compared with control at α/(k − 1) (Bonferroni), and every arm gets the same n.
 */
import { normalCdf, normalPdf, normalQuantile } from './distributions.ts';

export interface PowerInput {
  readonly metric: 'binary' | 'continuous';
  /** The control's conversion rate (binary) or mean (continuous). */
  readonly baseline: number;
  /** The metric's standard deviation per unit (continuous only). */
  readonly sd?: number;
  /** The minimum detectable effect: an absolute difference, or a fraction of `baseline` when `relative`. */
  readonly mde: number;
  readonly relative?: boolean;
  readonly alpha?: number;
  readonly power?: number;
  readonly arms?: number;
}

interface Design {
  effectSize: number;
  alphaPerTest: number;
  /** Φ⁻¹(1 − alphaPerTest/2). */
  crit: number;
  arms: number;
  power: number;
}

function design(input: PowerInput): Design {
  const { metric, baseline, mde, relative = false, alpha = 0.05, power = 0.8, arms = 2 } = input;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(power > alpha && power < 1)) throw new RangeError(`power must be in (alpha, 1), got ${power}`);
  if (!(Number.isInteger(arms) && arms >= 2))
    throw new RangeError(`arms must be an integer ≥ 2, got ${arms}`);
  if (!Number.isFinite(baseline)) throw new RangeError(`baseline must be finite, got ${baseline}`);
  if (!(Number.isFinite(mde) && mde !== 0))
    throw new RangeError(`mde must be finite and non-zero, got ${mde}`);
  const delta = relative ? baseline * mde : mde;
  if (delta === 0) throw new RangeError('the effect is 0 (a relative mde on a zero baseline)');
  let effectSize: number;
  if (metric === 'binary') {
    const p1 = baseline;
    const p2 = baseline + delta;
    if (!(p1 > 0 && p1 < 1)) throw new RangeError(`a binary baseline must be in (0, 1), got ${p1}`);
    if (!(p2 > 0 && p2 < 1)) throw new RangeError(`baseline + effect must be in (0, 1), got ${p2}`);
    effectSize = delta / Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2);
  } else {
    const sd = input.sd;
    if (sd === undefined || !(sd > 0 && Number.isFinite(sd))) {
      throw new RangeError(`a continuous metric needs a positive sd, got ${sd}`);
    }
    effectSize = delta / sd;
  }
  const alphaPerTest = alpha / (arms - 1);
  return { effectSize, alphaPerTest, crit: normalQuantile(1 - alphaPerTest / 2), arms, power };
}

/** statsmodels `normal_power` two-sided, nobs = n/2 (NormalIndPower, ratio 1). */
function powerOf(d: Design, n: number): number {
  const shift = Math.abs(d.effectSize) * Math.sqrt(n / 2);
  return normalCdf(shift - d.crit) + normalCdf(-shift - d.crit);
}

/**
 * The n per arm at which power(n) = target, to full double precision: safeguarded Newton in s = √n from the
 * one-tail solution s₀ = √2 (z + z_β)/|es|. Power is increasing in s (its derivative a[φ(as − z) − φ(as + z)],
 * a = |es|/√2, is positive), so the root stays bracketed and a bisection step replaces any Newton step that leaves
 * the bracket.
 */
function solveN(d: Design): number {
  const e = Math.abs(d.effectSize);
  const zBeta = normalQuantile(d.power);
  const f = (s: number) => powerOf(d, s * s) - d.power;
  const df = (s: number) =>
    (e / Math.SQRT2) * (normalPdf((e * s) / Math.SQRT2 - d.crit) - normalPdf((e * s) / Math.SQRT2 + d.crit));
  let lo = 0;
  let hi = (Math.SQRT2 * (d.crit + Math.max(zBeta, 0))) / e + 1;
  while (f(hi) < 0) hi *= 2;
  let s = (Math.SQRT2 * (d.crit + zBeta)) / e;
  if (!(s > lo && s < hi)) s = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const v = f(s);
    if (v < 0) lo = s;
    else hi = s;
    let next = s - v / df(s);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - s) <= 1e-15 * s) {
      s = next;
      break;
    }
    s = next;
  }
  return s * s;
}

/** Power (per comparison with control) at `nPerArm` units in every arm. */
export function powerAt(input: PowerInput, nPerArm: number): number {
  if (!(nPerArm >= 0 && Number.isFinite(nPerArm))) {
    throw new RangeError(`nPerArm must be ≥ 0, got ${nPerArm}`);
  }
  return powerOf(design(input), nPerArm);
}

/** The sample size per arm for the design (see the module comment); `nExact` is the unrounded solution. */
export function sampleSize(input: PowerInput): {
  nPerArm: number;
  total: number;
  nExact: number;
  effectSize: number;
  alphaPerTest: number;
  achievedPower: number;
} {
  const d = design(input);
  const nExact = solveN(d);
  const nPerArm = Math.ceil(nExact);
  return {
    nPerArm,
    total: nPerArm * d.arms,
    nExact,
    effectSize: d.effectSize,
    alphaPerTest: d.alphaPerTest,
    achievedPower: powerOf(d, nPerArm),
  };
}
