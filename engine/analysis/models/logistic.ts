/**
 * Logistic regression, fitted by Newton's method (iteratively reweighted least squares; McCullagh & Nelder 1989,
 * § 4.4), optionally with an L2 penalty on the slopes in scikit-learn's parametrisation (`C`: the loss summed over
 * rows plus ‖β‖² / (2C); the intercept is not penalised), and with class weights.
 *
 * Large tables are fitted on nested subsamples first (every 64th row, then every 8th, then all rows), each stage
 * starting from the previous one's optimum, and the Hessian of the full-data stage is estimated on a strided
 * subsample of at most {@link HESSIAN_ROWS} rows, computed once and kept while full steps succeed, while the
 * gradient is always exact ("sub-sampled Newton",
 * Roosta-Khorasani & Mahoney 2019; Byrd et al. 2011). The fixed point is the exact optimum; convergence is linear
 * with a tiny rate, so the full data is read only three or four times. Steps are safeguarded by backtracking
 * (Armijo). Unpenalised, unweighted fits get standard errors from the inverse Fisher information at the optimum,
 * computed on every row, with Wald z statistics and two-sided p-values, as statsmodels' `Logit`.
 */
import { cholesky } from '../linalg.ts';
import type { Matrix } from '../matrix.ts';
import { progressTicker, type ProgressTicker } from '../cluster/progressTicker.ts';
import { ClassificationInputError, checkLabels } from '../metrics/binaryInput.ts';
import {
  addInformation,
  KernelScratch,
  lossGradient,
  rowCount,
  type LogisticData,
  type RowSet,
} from './logisticKernel.ts';
import { LogisticModel, type FitInfo } from './logisticModel.ts';
import type { TrainingOptions } from './types.ts';

export { LogisticModel, loadLogistic, type CoefficientRow, type FitInfo } from './logisticModel.ts';

/** Options of {@link fitLogistic}. */
export interface LogisticOptions extends TrainingOptions {
  /**
   * Inverse strength of the L2 penalty, scikit-learn's `C` (1 is scikit-learn's default); omitted or null fits
   * without penalty (maximum likelihood, statsmodels' `Logit`).
   */
  readonly l2?: number | null;
  /** Newton iterations on the full data at most (default 100). */
  readonly maxIterations?: number;
  /**
   * Stop when the Newton decrement gᵀH⁻¹g / 2 (the predicted decrease of the loss) is below
   * tolerance · (1 + |loss|) (default 1e-10).
   */
  readonly tolerance?: number;
  /** Names of the columns, for the coefficient table (default x1 … xd). */
  readonly featureNames?: readonly string[];
  /** Standard errors, z and p-values (default: when unpenalised and unweighted; they need one more pass). */
  readonly standardErrors?: boolean;
}

/** Rows of the Hessian estimate on large tables. */
export const HESSIAN_ROWS = 32_768;
/** Subsampling factor between stages, and the smallest stage worth a stage of its own. */
const STAGE_FACTOR = 8;
const MIN_STAGE_ROWS = 10_000;
/** Rows per slice of a pass between yields to the event loop. */
const SLICE_ROWS = 65_536;

/** Class weights as (w0, w1). */
function classWeights(options: LogisticOptions, positives: number, n: number): [number, number] {
  const cw = options.classWeight;
  if (cw === undefined || cw === null) return [1, 1];
  if (cw === 'balanced') return [n / (2 * (n - positives)), n / (2 * positives)];
  const w0 = cw[0];
  const w1 = cw[1];
  if (!(w0 > 0) || !(w1 > 0) || !Number.isFinite(w0) || !Number.isFinite(w1)) {
    throw new ClassificationInputError('fitLogistic: class weights must be finite numbers > 0');
  }
  return [w0, w1];
}

function validate(x: Matrix, y: ArrayLike<number>, options: LogisticOptions): { positives: number } {
  if (x.rows !== y.length)
    throw new ClassificationInputError(`fitLogistic: ${x.rows} rows but ${y.length} labels`);
  if (x.cols === 0) throw new ClassificationInputError('fitLogistic: no feature columns');
  const counts = checkLabels(y, 'fitLogistic');
  if (counts.positives === 0 || counts.negatives === 0) {
    throw new ClassificationInputError(
      `fitLogistic: only one class in the labels (all ${counts.n} rows are ${counts.positives === 0 ? 0 : 1}); both 0 and 1 are needed`,
    );
  }
  const { data, cols } = x;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new ClassificationInputError(
        `fitLogistic: row ${Math.floor(k / cols)}, column ${options.featureNames?.[k % cols] ?? `x${(k % cols) + 1}`} is ${String(data[k])}; impute missing values first`,
      );
    }
  }
  if (options.l2 !== undefined && options.l2 !== null && !(options.l2 > 0)) {
    throw new ClassificationInputError(`fitLogistic: l2 (C) must be > 0, not ${options.l2}`);
  }
  if (options.featureNames && options.featureNames.length !== cols) {
    throw new ClassificationInputError(
      `fitLogistic: ${options.featureNames.length} feature names for ${cols} columns`,
    );
  }
  return { positives: counts.positives };
}

/** Loss (+ penalty) and gradient over a row set scaled to the full data; yields between slices. */
async function evaluate(
  data: LogisticData,
  theta: Float64Array,
  set: RowSet,
  lambda: number,
  grad: Float64Array,
  scratch: KernelScratch,
  ticker: ProgressTicker,
  fraction: number,
  message: string,
): Promise<number> {
  grad.fill(0);
  const rows = rowCount(set);
  let loss = 0;
  for (let from = 0; from < rows; from += SLICE_ROWS) {
    loss += lossGradient(data, theta, set, from, SLICE_ROWS, grad, scratch);
    const pause = ticker.tick(fraction, message);
    if (pause) await pause;
  }
  const scale = set.stride;
  loss *= scale;
  for (let j = 0; j < grad.length; j++) grad[j] = (grad[j] as number) * scale;
  let penalty = 0;
  for (let j = 1; j < theta.length; j++) {
    const b = theta[j] as number;
    penalty += b * b;
    grad[j] = (grad[j] as number) + lambda * b;
  }
  return loss + 0.5 * lambda * penalty;
}

/** H (lower triangle filled, then mirrored) of the loss at θ, from rows `set` scaled to `n`, plus λ on the slopes. */
function hessian(
  data: LogisticData,
  theta: Float64Array,
  set: RowSet,
  lambda: number,
  scratch: KernelScratch,
): Float64Array {
  const p = data.d + 1;
  const h = new Float64Array(p * p);
  addInformation(data, theta, set, data.n / rowCount(set), h, scratch);
  for (let j = 1; j < p; j++) h[j * p + j] = (h[j * p + j] as number) + lambda;
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) h[i * p + j] = h[j * p + i] as number;
  return h;
}

/** Solves H δ = −g by Cholesky, adding a growing ridge when H is singular to working precision. */
function newtonStep(h: Float64Array, grad: Float64Array): Float64Array {
  const p = grad.length;
  let trace = 0;
  for (let j = 0; j < p; j++) trace += h[j * p + j] as number;
  const l = new Float64Array(p * p);
  let ridge = 0;
  for (let attempt = 0; ; attempt++) {
    const a = Float64Array.from(h);
    for (let j = 0; j < p; j++) a[j * p + j] = (a[j * p + j] as number) + ridge;
    if (cholesky(a, p, l)) break;
    if (attempt > 30) throw new ClassificationInputError('fitLogistic: the Hessian is not positive definite');
    ridge = ridge === 0 ? (1e-12 * trace) / p : ridge * 10;
  }
  return solveCholesky(l, p, grad).map((v) => -v);
}

/** x = (LLᵀ)⁻¹ b. */
export function solveCholesky(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const z = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = z[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (z[k] as number);
    z[i] = s / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (z[k] as number);
    z[i] = s / (l[i * p + i] as number);
  }
  return z;
}

/** The row sets of the stages: strides 64, 8, 1 (as many as the table's size warrants), each with its Hessian set. */
function stagePlan(n: number): { rows: RowSet; hessianRows: RowSet }[] {
  const strides: number[] = [1];
  while (n / (strides[0] as number) / STAGE_FACTOR >= MIN_STAGE_ROWS && strides.length < 3) {
    strides.unshift((strides[0] as number) * STAGE_FACTOR);
  }
  return strides.map((stride) => {
    const m = Math.ceil(n / stride);
    const hessianStride = stride * Math.max(1, Math.floor(m / HESSIAN_ROWS));
    return { rows: { start: 0, end: n, stride }, hessianRows: { start: 0, end: n, stride: hessianStride } };
  });
}

/**
 * Fits a logistic regression of the 0/1 labels `y` on the columns of `x` (an intercept is added). With `l2` = C,
 * minimises Σ wᵢ·loss(i) + ‖β‖²/(2C) as scikit-learn's `LogisticRegression(C=…)` (any solver, converged); without,
 * the maximum-likelihood fit of statsmodels' `Logit` (perfect separation then makes coefficients diverge: the fit
 * stops at `maxIterations` with `converged: false`; use a penalty). Deterministic: no random choices.
 */
export async function fitLogistic(
  x: Matrix,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): Promise<LogisticModel> {
  const started = performance.now();
  const { positives } = validate(x, y, options);
  const { maxIterations = 100, tolerance = 1e-10 } = options;
  const ticker = progressTicker(options);
  const n = x.rows;
  const d = x.cols;
  const p = d + 1;
  const [w0, w1] = classWeights(options, positives, n);
  // A typed copy of the labels keeps the kernels monomorphic whatever array the caller passed.
  const data: LogisticData = { x: x.data, n, d, y: Uint8Array.from(y), w0, w1 };
  const penalised = options.l2 !== undefined && options.l2 !== null;
  const lambda = penalised ? 1 / options.l2 : 0;
  const scratch = new KernelScratch();

  // Start from the intercept-only fit: b₀ = logit of the weighted share of positives.
  const theta = new Float64Array(p);
  const wPos = w1 * positives;
  theta[0] = Math.log(wPos / (w0 * (n - positives)));
  const grad = new Float64Array(p);
  const plan = stagePlan(n);
  let iterations = 0;
  let passes = 0;
  let converged = false;
  let loss = NaN;
  let decrement = NaN;
  for (let s = 0; s < plan.length; s++) {
    const stage = plan[s]!;
    const last = s === plan.length - 1;
    // A subsample stage need only get well inside the sampling noise of its optimum (about p/2 in loss).
    const stop = (f: number) => (last ? tolerance * (1 + Math.abs(f)) : 0.01 * p);
    const label = `logistic: stage ${s + 1}/${plan.length}`;
    // Progress within a stage: iteration k ends at 1 − 2^−k of the stage's share (it never goes back).
    const fraction = (it: number) => (s + 1 - 0.5 ** it) / plan.length;
    loss = await evaluate(data, theta, stage.rows, lambda, grad, scratch, ticker, fraction(0), label);
    passes++;
    // On all rows, a sub-sampled Hessian is computed once and kept while full steps are accepted: near the
    // optimum it hardly changes, and the exact gradient still drives the iterates to the exact optimum.
    const keepHessian = last && stage.hessianRows.stride > 1;
    let h: Float64Array | null = null;
    for (let it = 0; it < (last ? maxIterations : 50); it++) {
      if (last) iterations++;
      if (!keepHessian || h === null) h = hessian(data, theta, stage.hessianRows, lambda, scratch);
      const step = newtonStep(h, grad);
      let slope = 0;
      for (let j = 0; j < p; j++) slope += (grad[j] as number) * (step[j] as number);
      decrement = -slope / 2;
      const done = decrement <= stop(loss);
      // Backtracking line search (Armijo): halve the step until the loss falls enough.
      const candidate = new Float64Array(p);
      const newGrad = new Float64Array(p);
      let t = 1;
      let accepted = false;
      for (let halvings = 0; halvings < 40; halvings++) {
        for (let j = 0; j < p; j++) candidate[j] = (theta[j] as number) + t * (step[j] as number);
        if (done && last) break;
        const f = await evaluate(
          data,
          candidate,
          stage.rows,
          lambda,
          newGrad,
          scratch,
          ticker,
          fraction(it),
          label,
        );
        passes++;
        if (f <= loss + 1e-4 * t * slope || f <= loss) {
          loss = f;
          grad.set(newGrad);
          accepted = true;
          if (t < 1) h = null;
          break;
        }
        t /= 2;
      }
      theta.set(candidate);
      if (!penalised && loss < 1e-10 * n) {
        throw new ClassificationInputError(
          'fitLogistic: the columns perfectly separate the classes, so the unpenalised coefficients have no finite ' +
            'maximum-likelihood value; use an L2 penalty (l2 = C) or drop the separating column',
        );
      }
      ticker.report(fraction(it + 1), `${label}, iteration ${it + 1}, loss ${loss.toPrecision(8)}`);
      if (done) {
        if (last) converged = true;
        break;
      }
      if (!accepted) break;
    }
  }

  const names = options.featureNames ?? Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const wantSe = options.standardErrors ?? (!penalised && w0 === 1 && w1 === 1);
  let covarianceDiagonal: Float64Array | null = null;
  let logLikelihood = -(loss - 0.5 * lambda * theta.subarray(1).reduce((a, b) => a + b * b, 0));
  if (wantSe) {
    const all: RowSet = { start: 0, end: n, stride: 1 };
    logLikelihood = -(await evaluate(
      data,
      theta,
      all,
      0,
      grad,
      scratch,
      ticker,
      1,
      'logistic: standard errors',
    ));
    passes++;
    covarianceDiagonal = inverseDiagonal(hessian(data, theta, all, lambda, scratch));
  }
  const info: FitInfo = {
    iterations,
    passes,
    converged,
    decrement,
    logLikelihood,
    n,
    positives,
    seconds: (performance.now() - started) / 1000,
  };
  ticker.report(1, `logistic: done in ${iterations} iterations`);
  return new LogisticModel({
    intercept: theta[0],
    coefficients: Array.from(theta.subarray(1)),
    featureNames: [...names],
    l2: penalised ? options.l2 : null,
    classWeights: [w0, w1],
    covarianceDiagonal: covarianceDiagonal ? Array.from(covarianceDiagonal) : null,
    info,
  });
}

/** diag(H⁻¹), or NaN everywhere when H is singular (collinear columns). */
function inverseDiagonal(h: Float64Array): Float64Array {
  const p = Math.round(Math.sqrt(h.length));
  const l = new Float64Array(p * p);
  if (!cholesky(h, p, l)) return new Float64Array(p).fill(NaN);
  const out = new Float64Array(p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    out[j] = solveCholesky(l, p, e)[j] as number;
  }
  return out;
}
