/**
 * Bayesian summaries of an A/B comparison — the chance that treatment beats control, the expected loss of shipping
 * either arm, and a credible interval of the lift — as probabilities about the effect given the data, not p-values.
 *
 * Binary metrics use the conjugate beta-binomial model (a Beta(a, b) prior, posterior Beta(a + x, b + n − x) per
 * arm, the arms independent). GrowthBook's former `BinomialBayesianABTest` (growthbook/growthbook,
 * packages/stats/gbstats/bayesian/tests.py and dists.py) used the same model, with 24-node Gauss–Jacobi quadrature
 * for the risk and a normal approximation of log pT − log pC for the chance and the interval; here every quantity
 * is an integral over the control's posterior evaluated by adaptive Gauss–Kronrod quadrature to ~1e-10, so it is
 * exact for small counts, tiny rates and n in the millions alike (checked against Evan Miller's closed form and a
 * 10⁷-draw Monte Carlo in test/analysis/stats/bayes.test.ts).
 */
import betainc from '@stdlib/math-base-special-betainc';
import betaln from '@stdlib/math-base-special-betaln';
import { betaCdf, normalCdf, normalPdf, normalQuantile } from './distributions.ts';

// ---------------------------------------------------------------------------------------------------------------
// Globally adaptive Gauss–Kronrod (7, 15) quadrature of a vector-valued integrand, as QUADPACK's QAG (Piessens
// et al. 1983, with its QK15 nodes and weights, rounded to double): the panel with the largest error (|K15 − G7|, relative to each
// component's tolerance) is halved until every component's total error is within its tolerance or the panel
// budget is spent. The incomplete beta itself is noisy at 1e-13 to 5e-12 (parameters in the millions), which sets
// the tolerances below; the budget stops any chase of that noise.

const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
/** Gauss 7-point weights, for the Kronrod nodes with odd index (1, 3, 5) and the centre. */
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189];
const WG_CENTRE = 0.4179591836734694;
const MAX_PANELS = 400;

type Integrand = (z: number, out: Float64Array) => void;

interface Panel {
  a: number;
  b: number;
  value: Float64Array;
  error: Float64Array;
}

function integrate(f: Integrand, dim: number, breaks: number[], tol: number[]): Float64Array {
  const fx = new Float64Array(dim);
  const fy = new Float64Array(dim);
  const rule = (a: number, b: number): Panel => {
    const c = (a + b) / 2;
    const h = (b - a) / 2;
    const kron = new Float64Array(dim);
    const gauss = new Float64Array(dim);
    f(c, fx);
    for (let k = 0; k < dim; k++) {
      kron[k] = WGK[7]! * fx[k]!;
      gauss[k] = WG_CENTRE * fx[k]!;
    }
    for (let j = 0; j < 7; j++) {
      f(c - h * XGK[j]!, fx);
      f(c + h * XGK[j]!, fy);
      for (let k = 0; k < dim; k++) {
        const sum = fx[k]! + fy[k]!;
        kron[k]! += WGK[j]! * sum;
        if (j % 2 === 1) gauss[k]! += WG[(j - 1) / 2]! * sum;
      }
    }
    const error = new Float64Array(dim);
    for (let k = 0; k < dim; k++) {
      error[k] = Math.abs(h * (kron[k]! - gauss[k]!));
      kron[k]! *= h;
    }
    return { a, b, value: kron, error };
  };
  const panels: Panel[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (breaks[i + 1]! > breaks[i]!) panels.push(rule(breaks[i]!, breaks[i + 1]!));
  }
  const badness = (p: Panel) => p.error.reduce((sum, e, k) => sum + e / tol[k]!, 0);
  while (panels.length < MAX_PANELS) {
    const converged = tol.every((t, k) => panels.reduce((sum, p) => sum + p.error[k]!, 0) <= t);
    if (converged) break;
    let worst = 0;
    for (let i = 1; i < panels.length; i++) if (badness(panels[i]!) > badness(panels[worst]!)) worst = i;
    const { a, b } = panels[worst]!;
    panels.splice(worst, 1, rule(a, (a + b) / 2), rule((a + b) / 2, b));
  }
  const total = new Float64Array(dim);
  for (const p of panels) for (let k = 0; k < dim; k++) total[k]! += p.value[k]!;
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Beta posteriors on the logit scale. With p = 1/(1 + e^−z), Beta(a, b) has density p^a (1 − p)^b / B(a, b) in z:
// smooth, unimodal (mode ln(a/b)), free of the endpoint singularities of a < 1 or b < 1, with exponential tails.

/** ln σ(z) = ln(1/(1 + e^−z)), without overflow or cancellation. */
function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

interface Posterior {
  a: number;
  b: number;
  logDensity: (z: number) => number;
  mean: number;
  variance: number;
  /** The logit interval outside which the density is below e^−46 of its peak. */
  lo: number;
  hi: number;
}

/** Half-width of the retained region in log density: e^−46 ≈ 1e-20 of the peak, far below the tolerances. */
const LOG_DROP = 46;

function posterior(a: number, b: number): Posterior {
  const logB = betaln(a, b);
  const logDensity = (z: number) => a * logSigmoid(z) + b * logSigmoid(-z) - logB;
  const mode = Math.log(a / b);
  const floor = logDensity(mode) - LOG_DROP;
  const scale = Math.sqrt(1 / a + 1 / b);
  // Walk out from the mode by doubling steps until below the floor, then bisect to the crossing.
  const edge = (dir: number): number => {
    let inner = mode;
    let step = scale;
    let outer = mode + dir * step;
    while (logDensity(outer) > floor) {
      inner = outer;
      step *= 2;
      outer = mode + dir * step;
    }
    for (let i = 0; i < 30; i++) {
      const mid = (inner + outer) / 2;
      if (logDensity(mid) > floor) inner = mid;
      else outer = mid;
    }
    return outer;
  };
  const s = a + b;
  return { a, b, logDensity, mean: a / s, variance: (a * b) / (s * s * (s + 1)), lo: edge(-1), hi: edge(1) };
}

function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

/** Breakpoints: the control's region, split at its mode and at the edges of a second region that fall inside. */
function breakpoints(control: Posterior, lo: number, hi: number): number[] {
  const inside = [Math.log(control.a / control.b), lo, hi].filter((z) => z > control.lo && z < control.hi);
  return [control.lo, ...inside, control.hi].sort((u, v) => u - v);
}

// ---------------------------------------------------------------------------------------------------------------

export interface BetaBinomialSummary {
  /** P(pT > pC | data). */
  chanceToBeatControl: number;
  /** treatment: E[max(pC − pT, 0)] (the loss of shipping treatment); control: E[max(pT − pC, 0)]. */
  expectedLoss: { treatment: number; control: number };
  /** Equal-tailed credible interval of the relative lift pT/pC − 1. */
  liftCi: [number, number];
  posteriorMean: { treatment: number; control: number };
}

function checkArm(arm: { x: number; n: number }, what: string): void {
  if (!(Number.isFinite(arm.n) && arm.n >= 0 && Number.isFinite(arm.x) && arm.x >= 0 && arm.x <= arm.n)) {
    throw new RangeError(`${what}: need 0 ≤ x ≤ n, got x = ${arm.x}, n = ${arm.n}`);
  }
}

/**
 * Beta-binomial summary of treatment vs control (see the module comment). With f_C, F_C the control posterior's
 * density and CDF and T ~ Beta(aT, bT), mT = aT/(aT + bT), and T⁺ ~ Beta(aT + 1, bT) (so E[pT·1{pT < p}] = mT·P(T⁺ < p)):
 *
 *   P(pT > pC)           = ∫ f_C(p) (1 − F_T(p)) dp
 *   E[max(pC − pT, 0)]   = ∫ f_C(p) (p·F_T(p) − mT·F_T⁺(p)) dp
 *   E[max(pT − pC, 0)]   = ∫ f_C(p) (mT·(1 − F_T⁺(p)) − p·(1 − F_T(p))) dp
 *   P(pT/pC ≤ r)         = ∫ f_C(p) F_T(r·p) dp, inverted at (1 ∓ level)/2 for the lift interval
 *
 * each integrated on the logit scale (upper tails taken directly from the incomplete beta, never as 1 − F).
 */
export function betaBinomialSummary(
  treatment: { x: number; n: number },
  control: { x: number; n: number },
  prior: { a: number; b: number } = { a: 1, b: 1 },
  level = 0.95,
): BetaBinomialSummary {
  checkArm(treatment, 'treatment');
  checkArm(control, 'control');
  if (!(prior.a > 0 && prior.b > 0 && Number.isFinite(prior.a) && Number.isFinite(prior.b))) {
    throw new RangeError(`prior parameters must be positive, got a = ${prior.a}, b = ${prior.b}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const t = posterior(prior.a + treatment.x, prior.b + treatment.n - treatment.x);
  const c = posterior(prior.a + control.x, prior.b + control.n - control.x);
  // Loss tolerance: 1e-10 of the loss's natural scale (the posterior sd of pT − pC) plus 1e-10 of the rate itself,
  // because the incomplete beta's own noise (up to ~5e-12 for parameters in the millions) is relative to p.
  const lossTol = 1e-10 * (Math.sqrt(t.variance + c.variance) + t.mean);

  const moments = integrate(
    (z, out) => {
      const w = Math.exp(c.logDensity(z));
      if (w < 1e-300) {
        out.fill(0);
        return;
      }
      const p = 1 / (1 + Math.exp(-z));
      const lowerT = betainc(p, t.a, t.b, true, false);
      const upperT = betainc(p, t.a, t.b, true, true);
      const lowerT1 = betainc(p, t.a + 1, t.b, true, false);
      const upperT1 = betainc(p, t.a + 1, t.b, true, true);
      out[0] = w * upperT;
      out[1] = w * (p * lowerT - t.mean * lowerT1);
      out[2] = w * (t.mean * upperT1 - p * upperT);
    },
    3,
    breakpoints(c, t.lo, t.hi),
    [1e-10, lossTol, lossTol],
  );

  return {
    chanceToBeatControl: Math.min(1, Math.max(0, moments[0]!)),
    expectedLoss: { treatment: Math.max(0, moments[1]!), control: Math.max(0, moments[2]!) },
    liftCi: [ratioQuantile(t, c, (1 - level) / 2) - 1, ratioQuantile(t, c, (1 + level) / 2) - 1],
    posteriorMean: { treatment: t.mean, control: c.mean },
  };
}

/** P(pT/pC ≤ e^u) by quadrature over the control posterior. */
function ratioCdf(t: Posterior, c: Posterior, u: number): number {
  const r = Math.exp(u);
  if (r === 0) return 0;
  if (r === Infinity) return 1;
  const pLo = 1 / (1 + Math.exp(-t.lo)) / r;
  const pHi = 1 / (1 + Math.exp(-t.hi)) / r;
  const value = integrate(
    (z, out) => {
      const w = Math.exp(c.logDensity(z));
      out[0] = w < 1e-300 ? 0 : w * betaCdf(r / (1 + Math.exp(-z)), t.a, t.b);
    },
    1,
    breakpoints(c, logit(pLo), pHi < 1 ? logit(pHi) : Infinity),
    [1e-10],
  );
  return value[0]!;
}

/**
 * The q-quantile of pT/pC: the root of ratioCdf(u) = q in u = ln r, bracketed from the delta-method normal
 * approximation of ln pT − ln pC and refined by the Illinois variant of regula falsi (Dowell & Jarratt 1971).
 */
function ratioQuantile(t: Posterior, c: Posterior, q: number): number {
  const centre = Math.log(t.mean / c.mean);
  const sd = Math.sqrt(t.variance / t.mean ** 2 + c.variance / c.mean ** 2);
  const guess = centre + sd * normalQuantile(q);
  const g = (u: number) => ratioCdf(t, c, u) - q;
  let lo = guess - sd;
  let hi = guess + sd;
  let gLo = g(lo);
  let gHi = g(hi);
  for (let step = sd; gLo > 0; step *= 2) {
    hi = lo;
    gHi = gLo;
    lo -= step;
    gLo = g(lo);
  }
  for (let step = sd; gHi < 0; step *= 2) {
    lo = hi;
    gLo = gHi;
    hi += step;
    gHi = g(hi);
  }
  let side = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const u = (lo * gHi - hi * gLo) / (gHi - gLo);
    const gu = g(u);
    if (gu === 0) return Math.exp(u);
    if (gu < 0) {
      lo = u;
      gLo = gu;
      if (side === -1) gHi /= 2;
      side = -1;
    } else {
      hi = u;
      gHi = gu;
      if (side === 1) gLo /= 2;
      side = 1;
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The same summaries for a difference of means D = treatment − control under a flat prior, so that D | data ~
 * N(diff, se²) (GrowthBook's Gaussian effect model with its default, non-informative prior):
 * chance = Φ(d/se); E[max(−D, 0)] = se·φ(d/se) − d·Φ(−d/se); E[max(D, 0)] = se·φ(d/se) + d·Φ(d/se).
 */
export function normalSummary(
  diff: number,
  se: number,
): { chanceToBeatControl: number; expectedLoss: { treatment: number; control: number } } {
  if (!Number.isFinite(diff)) throw new RangeError(`diff must be finite, got ${diff}`);
  if (!(se > 0 && Number.isFinite(se))) throw new RangeError(`se must be positive, got ${se}`);
  const z = diff / se;
  const phi = normalPdf(z);
  return {
    chanceToBeatControl: normalCdf(z),
    expectedLoss: {
      treatment: Math.max(0, se * phi - diff * normalCdf(-z)),
      control: Math.max(0, se * phi + diff * normalCdf(z)),
    },
  };
}
