import gammaln from '@stdlib/math-base-special-gammaln';
import { nelderMead } from '../optimize/nelderMead.ts';

/** The four parameters of the BG/NBD model: purchase rate ~ Gamma(r, α), dropout probability ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Each customer's repeat transactions x, time of the last one t_x and age T (both from the first transaction). */
export interface RepeatHistory {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
}

export interface BgNbdFit {
  readonly params: BgNbdParams;
  /** Total log-likelihood at the parameters. */
  readonly logLikelihood: number;
  readonly customers: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Bad input to the BG/NBD fit; the message says which value. */
export class BgNbdInputError extends Error {
  override name = 'BgNbdInputError';
}

/**
 * Total log-likelihood of the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * eq. 6), summed over customers, computed in logs: ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) plus the
 * log of (α+T)^−(r+x) + [x > 0] a/(b+x−1) (α+t_x)^−(r+x).
 */
export function bgnbdLogLikelihood(p: BgNbdParams, h: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return -Infinity;
  const shared = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
  let total = 0;
  for (let i = 0; i < h.x.length; i++) {
    const x = h.x[i]!;
    const tx = h.tx[i]!;
    const T = h.T[i]!;
    const a1 = gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x) + shared;
    const a3 = -(r + x) * Math.log(alpha + T);
    if (x > 0) {
      const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
      const m = Math.max(a3, a4);
      total += a1 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    } else total += a1 + a3;
  }
  return total;
}

/**
 * Fits the BG/NBD parameters by maximum likelihood: Nelder–Mead on their logarithms from (1, 1, 1, 1), as the
 * `lifetimes` package does. Rejects negative or non-finite histories and t_x > T, naming the customer.
 */
export function fitBgNbd(h: RepeatHistory): BgNbdFit {
  const n = h.x.length;
  if (n === 0) throw new BgNbdInputError('BG/NBD: no customers to fit');
  if (h.tx.length !== n || h.T.length !== n)
    throw new BgNbdInputError('BG/NBD: x, t_x and T must have one value per customer');
  for (let i = 0; i < n; i++) {
    const x = h.x[i]!;
    const tx = h.tx[i]!;
    const T = h.T[i]!;
    if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T))) {
      throw new BgNbdInputError(
        `BG/NBD: customer ${i} has x = ${x}, t_x = ${tx}, T = ${T} (need whole x ≥ 0, 0 ≤ t_x ≤ T)`,
      );
    }
  }
  const unpack = (v: Float64Array): BgNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    a: Math.exp(v[2]!),
    b: Math.exp(v[3]!),
  });
  // The mean negative log-likelihood keeps the tolerances meaningful whatever the number of customers.
  const result = nelderMead((v) => -bgnbdLogLikelihood(unpack(v), h) / n, [0, 0, 0, 0], {
    fTolerance: 1e-12,
    xTolerance: 1e-9,
    maxIterations: 5000,
  });
  const params = unpack(result.x);
  return {
    params,
    logLikelihood: bgnbdLogLikelihood(params, h),
    customers: n,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * P(alive | x, t_x, T): the probability that a customer with this history has not dropped out (FHL 2005, eq. 13):
 * 1 for x = 0, else 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  const log =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(log));
}
