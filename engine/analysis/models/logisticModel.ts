import type { Matrix } from '../matrix.ts';
import { twoSidedNormalP, Z_975 } from '../special.ts';
import { probabilities } from './logisticKernel.ts';
import type { BinaryClassifier, SavedModel } from './types.ts';

/** How a fit went. */
export interface FitInfo {
  /** Newton iterations on the full data. */
  readonly iterations: number;
  /** Passes over the data (subsample stages included, a stage's pass counting its share). */
  readonly passes: number;
  readonly converged: boolean;
  /** The last Newton decrement gᵀH⁻¹g / 2: how much further the loss could fall. */
  readonly decrement: number;
  /**
   * Log-likelihood of the training labels at the fitted coefficients (weighted by the class weights; to within the
   * tolerance when no standard errors were computed, as it is then taken before the last, tiny, step).
   */
  readonly logLikelihood: number;
  readonly n: number;
  readonly positives: number;
  readonly seconds: number;
}

/** One row of the coefficient table. Standard errors and what follows from them are null when not computed. */
export interface CoefficientRow {
  /** `intercept` or the feature's name. */
  readonly term: string;
  readonly coefficient: number;
  /** e^coefficient: the factor on the odds of a positive per unit of the feature. */
  readonly oddsRatio: number;
  /** √ of the diagonal of the inverse Fisher information (statsmodels' `bse`). */
  readonly stdError: number | null;
  /** Wald statistic coefficient / stdError. */
  readonly z: number | null;
  /** Two-sided p-value of z under N(0, 1). */
  readonly pValue: number | null;
  /** 95% Wald interval of the coefficient, coefficient ± 1.959964 · stdError, and of the odds ratio. */
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  readonly oddsRatioLower: number | null;
  readonly oddsRatioUpper: number | null;
}

/** The parameters saved with a logistic model (plain JSON). */
export interface LogisticParams {
  readonly intercept: number;
  readonly coefficients: readonly number[];
  readonly featureNames: readonly string[];
  /** scikit-learn's C, or null when unpenalised. */
  readonly l2: number | null;
  /** Weights of class 0 and class 1 in the loss. */
  readonly classWeights: readonly [number, number];
  /** Diagonal of the inverse Fisher information (intercept first), when standard errors were computed. */
  readonly covarianceDiagonal: readonly number[] | null;
  readonly info: FitInfo | null;
}

const VERSION = 1;

/** A fitted logistic regression: P(y = 1 | x) = 1 / (1 + e^−(b₀ + xᵀβ)). */
export class LogisticModel implements BinaryClassifier {
  readonly kind = 'logistic' as const;

  constructor(readonly params: LogisticParams) {}

  get intercept(): number {
    return this.params.intercept;
  }

  get coefficients(): readonly number[] {
    return this.params.coefficients;
  }

  get info(): FitInfo | null {
    return this.params.info;
  }

  /** The intercept first, then one row per feature. */
  table(): CoefficientRow[] {
    const { intercept, coefficients, featureNames, covarianceDiagonal } = this.params;
    const values = [intercept, ...coefficients];
    const terms = ['intercept', ...featureNames];
    return values.map((coefficient, j) => {
      const variance = covarianceDiagonal?.[j];
      const se = variance === undefined || !(variance >= 0) ? null : Math.sqrt(variance);
      const z = se === null ? null : coefficient / se;
      const lo = se === null ? null : coefficient - Z_975 * se;
      const hi = se === null ? null : coefficient + Z_975 * se;
      return {
        term: terms[j] as string,
        coefficient,
        oddsRatio: Math.exp(coefficient),
        stdError: se,
        z,
        pValue: z === null ? null : twoSidedNormalP(z),
        ciLower: lo,
        ciUpper: hi,
        oddsRatioLower: lo === null ? null : Math.exp(lo),
        oddsRatioUpper: hi === null ? null : Math.exp(hi),
      };
    });
  }

  /** b₀ + xᵀβ for each row (the log-odds). */
  decisionFunction(x: Matrix): Float64Array {
    const { coefficients, intercept } = this.params;
    this.checkColumns(x);
    const out = new Float64Array(x.rows);
    for (let i = 0, off = 0; i < x.rows; i++, off += x.cols) {
      let s = intercept;
      for (let j = 0; j < x.cols; j++) s += (x.data[off + j] as number) * (coefficients[j] as number);
      out[i] = s;
    }
    return out;
  }

  /** P(label = 1) for each row of `x`, synchronously. */
  predictProbaSync(x: Matrix): Float64Array {
    const { coefficients, intercept } = this.params;
    this.checkColumns(x);
    return probabilities(x.data, x.rows, x.cols, Float64Array.from([intercept, ...coefficients]));
  }

  predictProba(x: Matrix): Promise<Float64Array> {
    // A bad shape rejects the promise rather than throwing synchronously.
    return new Promise((resolve) => resolve(this.predictProbaSync(x)));
  }

  private checkColumns(x: Matrix): void {
    const d = this.params.coefficients.length;
    if (x.cols !== d) throw new RangeError(`logistic model: ${x.cols} columns given, the model has ${d}`);
  }

  toJSON(): SavedModel {
    return { kind: 'logistic', version: VERSION, params: this.params };
  }
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((e) => typeof e === 'number');
}

/** A logistic model from {@link LogisticModel.toJSON}'s output; throws on anything else. */
export function loadLogistic(saved: SavedModel): LogisticModel {
  if (saved.kind !== 'logistic')
    throw new TypeError(`loadLogistic: a ${saved.kind} model, not a logistic one`);
  if (saved.version !== VERSION) throw new TypeError(`loadLogistic: unknown format version ${saved.version}`);
  const p = saved.params as Partial<LogisticParams> | null;
  if (
    !p ||
    typeof p.intercept !== 'number' ||
    !isNumberArray(p.coefficients) ||
    !Array.isArray(p.featureNames) ||
    p.featureNames.length !== p.coefficients.length ||
    !isNumberArray(p.classWeights) ||
    p.classWeights.length !== 2
  ) {
    throw new TypeError('loadLogistic: malformed parameters');
  }
  return new LogisticModel({
    intercept: p.intercept,
    coefficients: [...p.coefficients],
    featureNames: p.featureNames.map(String),
    l2: typeof p.l2 === 'number' ? p.l2 : null,
    classWeights: [p.classWeights[0], p.classWeights[1]],
    covarianceDiagonal: isNumberArray(p.covarianceDiagonal) ? [...p.covarianceDiagonal] : null,
    info: p.info ?? null,
  });
}
