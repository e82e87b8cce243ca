import { cholesky, logDetFromCholesky, mahalanobisSquared } from '../linalg.ts';
import type { Matrix } from '../matrix.ts';
import { matrix } from '../matrix.ts';
import { Rng } from '../random.ts';
import { kmeansPlusPlus } from './kmeansPlusPlus.ts';
import type { LongWorkOptions } from './progressTicker.ts';
import { progressTicker } from './progressTicker.ts';

/** `full`: one unrestricted covariance matrix per component; `diag`: per-component variances only (axis-aligned). */
export type CovarianceType = 'full' | 'diag';

export interface GaussianMixtureOptions extends LongWorkOptions {
  /** Number of components (1 ≤ k ≤ rows). */
  readonly k: number;
  /** Default `full`. */
  readonly covariance?: CovarianceType;
  /** Seed of the k-means++ initialisation (default 0): the same seed and data give the same model. */
  readonly seed?: number;
  /** Independent initialisations; the one with the highest final lower bound is kept (default 1). */
  readonly nInit?: number;
  /** EM iterations per initialisation (default 100). */
  readonly maxIterations?: number;
  /** Convergence threshold on the change of the mean log-likelihood per sample between iterations (default 1e-3). */
  readonly tolerance?: number;
  /** Added to the diagonal of every covariance so it stays positive definite (default 1e-6). */
  readonly regCovar?: number;
  /** Return the n × k responsibility matrix too (default false: it is n·k doubles). */
  readonly keepResponsibilities?: boolean;
}

export interface GaussianMixtureResult {
  readonly covariance: CovarianceType;
  /** Most probable component of each row (argmax of the responsibilities), 0 … k−1. */
  readonly labels: Int32Array;
  /** Posterior probability of each component for each row (n × k, rows sum to 1), when asked for. */
  readonly responsibilities?: Matrix;
  /** Component means, k × d. */
  readonly means: Matrix;
  /** One d × d covariance per component, regularisation included (diagonal for `diag`). */
  readonly covariances: Matrix[];
  /** Mixing proportions, summing to 1. */
  readonly weights: Float64Array;
  /** Σᵢ log p(xᵢ) under the fitted model (natural log; densities, so it can be positive). */
  readonly logLikelihood: number;
  /** logLikelihood / n: what scikit-learn's `score(X)` returns. */
  readonly meanLogLikelihood: number;
  /** Free parameters: k·d means + k−1 weights + k·d(d+1)/2 (`full`) or k·d (`diag`) covariance entries. */
  readonly parameters: number;
  /** Bayesian information criterion −2·logLikelihood + parameters·ln n (lower is better), as sklearn's `bic()`. */
  readonly bic: number;
  /** Akaike information criterion −2·logLikelihood + 2·parameters, as sklearn's `aic()`. */
  readonly aic: number;
  /** EM iterations run by the kept initialisation. */
  readonly iterations: number;
  /** Whether the kept initialisation met the tolerance before `maxIterations`. */
  readonly converged: boolean;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** sklearn adds 10 machine epsilons to every component's total responsibility so empty components do not divide by 0. */
const NK_FLOOR = 10 * Number.EPSILON;

/** Parameters of one mixture plus the factors the E-step needs. */
interface Params {
  readonly means: Float64Array; // k × d
  readonly cov: Float64Array; // k × d × d (full) or k × d (diag)
  readonly chol: Float64Array; // k × d × d lower Cholesky factors (full) or k × d standard deviations (diag)
  readonly logDet: Float64Array; // log det Σⱼ
  readonly weights: Float64Array;
}

/**
 * Gaussian mixture model fitted by expectation–maximisation (Dempster, Laird & Rubin 1977; Bishop 2006 §9.2),
 * following scikit-learn's `GaussianMixture`: densities in log space with log-sum-exp, covariances through their
 * Cholesky factors, `regCovar` on the diagonal, and a stop when the mean log-likelihood per sample changes by less
 * than `tolerance`. A final E-step computes the labels, the log-likelihood, BIC and AIC with the final parameters.
 *
 * Initialisation differs from sklearn's (which runs a full k-means first): the k-means++ seed rows are taken as
 * the initial means, every row is assigned to its nearest seed (hard responsibilities) and one M-step gives the
 * initial weights, means and covariances. On well-separated data both reach the same optimum; elsewhere EM may
 * settle in a different local optimum than sklearn's.
 *
 * Components are numbered in the order k-means++ chose their seeds. Throws a `RangeError` on bad options, empty
 * data, non-finite values or k > rows, and an `Error` when a covariance is not positive definite even after
 * regularisation (duplicate rows, constant columns or too many components).
 */
export async function gaussianMixture(
  x: Matrix,
  options: GaussianMixtureOptions,
): Promise<GaussianMixtureResult> {
  const o = resolveOptions(x, options);
  const { k, covariance } = o;
  const n = x.rows;
  const d = x.cols;
  const ticker = progressTicker(options);
  const rng = new Rng(o.seed);
  const resp = new Float64Array(n * k);
  let best: { params: Params; lowerBound: number; iterations: number; converged: boolean } | null = null;
  const total = o.nInit * o.maxIterations;
  for (let init = 0; init < o.nInit; init++) {
    ticker.report(
      (init * o.maxIterations) / total,
      `Gaussian mixture: initialisation ${init + 1} of ${o.nInit}`,
    );
    hardAssignToSeeds(x, kmeansPlusPlus(x, k, rng), resp);
    const params = emptyParams(k, d, covariance);
    mStep(x, resp, k, covariance, o.regCovar, params);
    let lowerBound = -Infinity;
    let iterations = 0;
    let converged = false;
    for (let iter = 1; iter <= o.maxIterations; iter++) {
      const previous = lowerBound;
      const done = (init * o.maxIterations + iter - 1) / total;
      lowerBound = (await eStep(x, params, k, covariance, resp, ticker, done, iter)) / n;
      mStep(x, resp, k, covariance, o.regCovar, params);
      iterations = iter;
      if (Math.abs(lowerBound - previous) < o.tolerance) {
        converged = true;
        break;
      }
    }
    if (best === null || lowerBound > best.lowerBound) best = { params, lowerBound, iterations, converged };
  }
  if (best === null) throw new Error('Gaussian mixture: no initialisation ran');
  const { params } = best;
  const logLikelihood = await eStep(x, params, k, covariance, resp, ticker, 1, best.iterations);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let arg = 0;
    for (let j = 1; j < k; j++) if ((resp[i * k + j] as number) > (resp[i * k + arg] as number)) arg = j;
    labels[i] = arg;
  }
  const parameters = parameterCount(k, d, covariance);
  ticker.report(1, 'Gaussian mixture: done');
  return {
    covariance,
    labels,
    ...(o.keepResponsibilities ? { responsibilities: matrix(n, k, resp) } : {}),
    means: matrix(k, d, params.means),
    covariances: covarianceMatrices(params.cov, k, d, covariance),
    weights: params.weights,
    logLikelihood,
    meanLogLikelihood: logLikelihood / n,
    parameters,
    bic: -2 * logLikelihood + parameters * Math.log(n),
    aic: -2 * logLikelihood + 2 * parameters,
    iterations: best.iterations,
    converged: best.converged,
  };
}

/** Free parameters of a k-component mixture in d dimensions, as sklearn's `_n_parameters()`. */
export function parameterCount(k: number, d: number, covariance: CovarianceType): number {
  const covarianceParameters = covariance === 'full' ? (k * d * (d + 1)) / 2 : k * d;
  return covarianceParameters + k * d + k - 1;
}

type Resolved = Required<
  Pick<
    GaussianMixtureOptions,
    | 'k'
    | 'covariance'
    | 'seed'
    | 'nInit'
    | 'maxIterations'
    | 'tolerance'
    | 'regCovar'
    | 'keepResponsibilities'
  >
>;

function resolveOptions(x: Matrix, options: GaussianMixtureOptions): Resolved {
  const o: Resolved = {
    k: options.k,
    covariance: options.covariance ?? 'full',
    seed: options.seed ?? 0,
    nInit: options.nInit ?? 1,
    maxIterations: options.maxIterations ?? 100,
    tolerance: options.tolerance ?? 1e-3,
    regCovar: options.regCovar ?? 1e-6,
    keepResponsibilities: options.keepResponsibilities ?? false,
  };
  if (x.rows === 0 || x.cols === 0) throw new RangeError('Gaussian mixture: the data is empty');
  if (!Number.isInteger(o.k) || o.k < 1)
    throw new RangeError(`Gaussian mixture: k must be a positive integer, got ${o.k}`);
  if (o.k > x.rows)
    throw new RangeError(`Gaussian mixture: k = ${o.k} components need at least ${o.k} rows, got ${x.rows}`);
  if (o.covariance !== 'full' && o.covariance !== 'diag') {
    throw new RangeError(
      `Gaussian mixture: covariance must be 'full' or 'diag', got '${String(o.covariance)}'`,
    );
  }
  if (!Number.isInteger(o.nInit) || o.nInit < 1)
    throw new RangeError(`Gaussian mixture: nInit must be ≥ 1, got ${o.nInit}`);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1) {
    throw new RangeError(`Gaussian mixture: maxIterations must be ≥ 1, got ${o.maxIterations}`);
  }
  if (!(o.tolerance >= 0))
    throw new RangeError(`Gaussian mixture: tolerance must be ≥ 0, got ${o.tolerance}`);
  if (!(o.regCovar >= 0)) throw new RangeError(`Gaussian mixture: regCovar must be ≥ 0, got ${o.regCovar}`);
  const data = x.data;
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) {
      throw new RangeError(
        `Gaussian mixture: row ${Math.floor(p / x.cols)}, column ${p % x.cols} is ${data[p]}; remove or impute missing values first`,
      );
    }
  }
  return o;
}

function emptyParams(k: number, d: number, covariance: CovarianceType): Params {
  const covSize = covariance === 'full' ? k * d * d : k * d;
  return {
    means: new Float64Array(k * d),
    cov: new Float64Array(covSize),
    chol: new Float64Array(covSize),
    logDet: new Float64Array(k),
    weights: new Float64Array(k),
  };
}

/** One-hot responsibilities: each row to its nearest seed row (ties to the earlier seed). */
function hardAssignToSeeds(x: Matrix, seeds: Int32Array, resp: Float64Array): void {
  const { rows: n, cols: d, data } = x;
  const k = seeds.length;
  resp.fill(0);
  for (let i = 0; i < n; i++) {
    let arg = 0;
    let bestDist = Infinity;
    for (let j = 0; j < k; j++) {
      const s = (seeds[j] as number) * d;
      let dist = 0;
      for (let c = 0; c < d; c++) {
        const diff = (data[i * d + c] as number) - (data[s + c] as number);
        dist += diff * diff;
      }
      if (dist < bestDist) {
        bestDist = dist;
        arg = j;
      }
    }
    resp[i * k + arg] = 1;
  }
}

/**
 * E-step: writes the responsibilities p(j | xᵢ) into `resp` and returns Σᵢ log p(xᵢ), where
 * log p(xᵢ) = logsumexpⱼ [log wⱼ − ½(d log 2π + log det Σⱼ + (xᵢ−μⱼ)ᵀ Σⱼ⁻¹ (xᵢ−μⱼ))].
 */
async function eStep(
  x: Matrix,
  params: Params,
  k: number,
  covariance: CovarianceType,
  resp: Float64Array,
  ticker: ReturnType<typeof progressTicker>,
  fraction: number,
  iteration: number,
): Promise<number> {
  const { rows: n, cols: d, data } = x;
  const { means, chol, logDet, weights } = params;
  const constant = new Float64Array(k);
  for (let j = 0; j < k; j++)
    constant[j] = Math.log(weights[j] as number) - 0.5 * (d * LOG_2PI + (logDet[j] as number));
  const work = new Float64Array(d);
  const meanViews = Array.from({ length: k }, (_, j) => means.subarray(j * d, (j + 1) * d));
  const cholViews = Array.from({ length: k }, (_, j) => chol.subarray(j * d * d, (j + 1) * d * d));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if ((i & 4095) === 4095) {
      const pause = ticker.tick(fraction, `Gaussian mixture: EM iteration ${iteration}`);
      if (pause) await pause;
    }
    const row = i * d;
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      let m: number;
      if (covariance === 'full') {
        m = mahalanobisSquared(
          cholViews[j] as Float64Array,
          d,
          data,
          row,
          meanViews[j] as Float64Array,
          work,
        );
      } else {
        m = 0;
        const base = j * d;
        for (let c = 0; c < d; c++) {
          const z = ((data[row + c] as number) - (means[base + c] as number)) / (chol[base + c] as number);
          m += z * z;
        }
      }
      const lp = (constant[j] as number) - 0.5 * m;
      resp[i * k + j] = lp;
      if (lp > max) max = lp;
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp((resp[i * k + j] as number) - max);
    const lse = max + Math.log(s);
    for (let j = 0; j < k; j++) resp[i * k + j] = Math.exp((resp[i * k + j] as number) - lse);
    sum += lse;
  }
  return sum;
}

/** M-step: weights, means and (regularised) covariances from the responsibilities, then their Cholesky factors. */
function mStep(
  x: Matrix,
  resp: Float64Array,
  k: number,
  covariance: CovarianceType,
  regCovar: number,
  params: Params,
): void {
  const { rows: n, cols: d, data } = x;
  const { means, cov, chol, logDet, weights } = params;
  const nk = new Float64Array(k);
  means.fill(0);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < k; j++) {
      const r = resp[i * k + j] as number;
      if (r === 0) continue;
      nk[j] = (nk[j] as number) + r;
      const base = j * d;
      for (let c = 0; c < d; c++)
        means[base + c] = (means[base + c] as number) + r * (data[row + c] as number);
    }
  }
  let totalWeight = 0;
  for (let j = 0; j < k; j++) {
    const w = (nk[j] as number) + NK_FLOOR;
    nk[j] = w;
    totalWeight += w;
    for (let c = 0; c < d; c++) means[j * d + c] = (means[j * d + c] as number) / w;
  }
  for (let j = 0; j < k; j++) weights[j] = (nk[j] as number) / totalWeight;
  cov.fill(0);
  const diff = new Float64Array(d);
  if (covariance === 'full') {
    const dd = d * d;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j] as number;
        if (r === 0) continue;
        const base = j * d;
        for (let c = 0; c < d; c++) diff[c] = (data[row + c] as number) - (means[base + c] as number);
        const cb = j * dd;
        for (let a = 0; a < d; a++) {
          const ra = r * (diff[a] as number);
          const rowA = cb + a * d;
          for (let b = 0; b <= a; b++) cov[rowA + b] = (cov[rowA + b] as number) + ra * (diff[b] as number);
        }
      }
    }
    for (let j = 0; j < k; j++) {
      const cb = j * dd;
      const w = nk[j] as number;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const v = (cov[cb + a * d + b] as number) / w + (a === b ? regCovar : 0);
          cov[cb + a * d + b] = v;
          cov[cb + b * d + a] = v;
        }
      }
      const factor = chol.subarray(cb, cb + dd);
      if (!cholesky(cov.subarray(cb, cb + dd), d, factor)) throw illDefined(j, regCovar);
      logDet[j] = logDetFromCholesky(factor, d);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j] as number;
        if (r === 0) continue;
        const base = j * d;
        for (let c = 0; c < d; c++) {
          const t = (data[row + c] as number) - (means[base + c] as number);
          cov[base + c] = (cov[base + c] as number) + r * t * t;
        }
      }
    }
    for (let j = 0; j < k; j++) {
      let ld = 0;
      for (let c = 0; c < d; c++) {
        const v = (cov[j * d + c] as number) / (nk[j] as number) + regCovar;
        if (!(v > 0)) throw illDefined(j, regCovar);
        cov[j * d + c] = v;
        chol[j * d + c] = Math.sqrt(v);
        ld += Math.log(v);
      }
      logDet[j] = ld;
    }
  }
}

function illDefined(component: number, regCovar: number): Error {
  return new Error(
    `Gaussian mixture: the covariance of component ${component} is singular even after adding regCovar = ${regCovar} ` +
      'to its diagonal (collapsed or duplicate rows, a constant column, or too many components); ' +
      'decrease k, standardise the columns or increase regCovar',
  );
}

function covarianceMatrices(cov: Float64Array, k: number, d: number, covariance: CovarianceType): Matrix[] {
  return Array.from({ length: k }, (_, j) => {
    if (covariance === 'full') return matrix(d, d, cov.slice(j * d * d, (j + 1) * d * d));
    const m = new Float64Array(d * d);
    for (let c = 0; c < d; c++) m[c * d + c] = cov[j * d + c] as number;
    return matrix(d, d, m);
  });
}
