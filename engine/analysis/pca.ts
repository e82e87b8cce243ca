import type { Matrix } from './matrix.ts';
import { float64Values, matrix } from './matrix.ts';

export interface PcaOptions {
  /** Number of components to keep, 1 ≤ k ≤ min(n, d). */
  readonly components?: number;
  /**
   * Keep the fewest components whose cumulative explained variance ratio exceeds this share, in
   * (0, 1), with scikit-learn's rule (`n_components=0.9`): k = 1 + #{j : cumulative ratio_j ≤ share}.
   */
  readonly varianceShare?: number;
}

export interface PcaResult {
  /** Loadings, k × d: row j is the unit direction of component j in the input columns. */
  readonly components: Matrix;
  /** Variance along each of the min(n, d) components (eigenvalues of the n − 1 covariance), descending. */
  readonly explainedVariance: Float64Array;
  /** explainedVariance / total variance, min(n, d) values summing to 1 (for a scree plot). */
  readonly explainedVarianceRatio: Float64Array;
  /** Column means subtracted before projecting. */
  readonly mean: Float64Array;
  /** Coordinates of the input rows on the kept components, n × k. */
  readonly scores: Matrix;
  /** Components kept. */
  readonly k: number;
  /** Projects new rows (same d columns) on the kept components: (x − mean) · componentsᵀ. */
  transform(x: Matrix): Matrix;
}

/**
 * Principal component analysis (Pearson 1901; Hotelling 1933) of the rows of `x`: centre the
 * columns, eigendecompose the covariance matrix XᵀX / (n − 1) with the cyclic Jacobi method
 * (exact to rounding for the d ≤ a few hundred columns used here), order by variance. Matches
 * scikit-learn 1.2's `PCA(svd_solver='full')`: same explained_variance_ (n − 1 denominator),
 * explained_variance_ratio_, components_ and transform, including signs: scikit-learn's
 * `svd_flip(U, Vt)` makes the entry of largest magnitude in each column of U (the scores) positive,
 * and so does this (only an exact tie between a score and its negation can differ). Without
 * options every component is kept.
 */
export function pca(x: Matrix, options: PcaOptions = {}): PcaResult {
  const { rows: n, cols: d } = x;
  if (n < 2 || d < 1) throw new RangeError(`pca: needs at least 2 rows and 1 column, got ${n} × ${d}`);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`pca: row ${Math.floor(i / d)}, column ${i % d} is ${v}`);
  }
  const rank = Math.min(n, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (x.data[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;

  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = (x.data[i * d + j] as number) - (mean[j] as number);
    for (let p = 0; p < d; p++) {
      const cp = centred[p] as number;
      for (let q = p; q < d; q++)
        covariance[p * d + q] = (covariance[p * d + q] as number) + cp * (centred[q] as number);
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = (covariance[p * d + q] as number) / (n - 1);
      covariance[p * d + q] = v;
      covariance[q * d + p] = v;
    }
  }
  const { values, vectors } = symmetricEigen(covariance, d);

  const order = Array.from({ length: d }, (_, j) => j).sort(
    (a, b) => (values[b] as number) - (values[a] as number),
  );
  const explainedVariance = new Float64Array(rank);
  for (let j = 0; j < rank; j++) explainedVariance[j] = Math.max(0, values[order[j] as number] as number);
  let total = 0;
  for (const v of explainedVariance) total += v;
  const explainedVarianceRatio = explainedVariance.map((v) => (total > 0 ? v / total : 0));

  const k = componentsToKeep(options, explainedVarianceRatio, rank);
  const loadings = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const column = order[c] as number;
    for (let j = 0; j < d; j++) loadings[c * d + j] = vectors[j * d + column] as number;
  }
  const components = matrix(k, d, loadings);
  const project = (input: Matrix): Matrix => {
    if (input.cols !== d)
      throw new RangeError(`pca.transform: ${input.cols} columns, the PCA was fit on ${d}`);
    const out = float64Values(input.rows * k);
    for (let i = 0; i < input.rows; i++) {
      for (let j = 0; j < d; j++) centred[j] = (input.data[i * d + j] as number) - (mean[j] as number);
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (centred[j] as number) * (loadings[c * d + j] as number);
        out[i * k + c] = s;
      }
    }
    return matrix(input.rows, k, out);
  };
  const scores = project(x);
  // svd_flip, u-based: the score of largest magnitude (first on ties) in each component is positive.
  for (let c = 0; c < k; c++) {
    let largest = 0;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(scores.data[i * k + c] as number);
      if (v > largest) {
        largest = v;
        at = i;
      }
    }
    if ((scores.data[at * k + c] as number) < 0) {
      for (let j = 0; j < d; j++) loadings[c * d + j] = -(loadings[c * d + j] as number);
      for (let i = 0; i < n; i++) scores.data[i * k + c] = -(scores.data[i * k + c] as number);
    }
  }
  return {
    components,
    explainedVariance,
    explainedVarianceRatio,
    mean,
    scores,
    k,
    transform: project,
  };
}

/** The number of components the options ask for (all of them by default). */
function componentsToKeep(options: PcaOptions, ratio: Float64Array, rank: number): number {
  const { components, varianceShare } = options;
  if (components !== undefined && varianceShare !== undefined) {
    throw new RangeError('pca: give either components or varianceShare, not both');
  }
  if (components !== undefined) {
    if (!Number.isInteger(components) || components < 1 || components > rank) {
      throw new RangeError(`pca: components must be an integer from 1 to ${rank}, got ${components}`);
    }
    return components;
  }
  if (varianceShare !== undefined) {
    if (!(varianceShare > 0 && varianceShare < 1)) {
      throw new RangeError(`pca: varianceShare must be between 0 and 1 (exclusive), got ${varianceShare}`);
    }
    // np.searchsorted(cumsum, share, side='right') + 1
    let cumulative = 0;
    let below = 0;
    for (const r of ratio) {
      cumulative += r;
      if (cumulative <= varianceShare) below++;
      else break;
    }
    return Math.min(below + 1, rank);
  }
  return rank;
}

/**
 * Eigenvalues and eigenvectors of a symmetric d × d matrix (row-major) by the cyclic Jacobi method
 * with the threshold strategy of Rutishauser (1971) as in Numerical Recipes §11.1. Returns the
 * eigenvalues unsorted and the eigenvectors as the columns of `vectors` (row-major d × d).
 */
export function symmetricEigen(
  input: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  if (input.length !== d * d) throw new RangeError(`symmetricEigen: ${input.length} values for ${d} × ${d}`);
  const a = Float64Array.from(input);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  const values = new Float64Array(d);
  const b = new Float64Array(d);
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = b[i] = a[i * d + i] as number;
  const at = (p: number, q: number): number => a[p * d + q] as number;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d - 1; p++) for (let q = p + 1; q < d; q++) off += Math.abs(at(p, q));
    if (off === 0) return { values, vectors: v };
    const threshold = sweep < 3 ? (0.2 * off) / (d * d) : 0;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = at(p, q);
        const g = 100 * Math.abs(apq);
        const dp = values[p] as number;
        const dq = values[q] as number;
        if (sweep > 3 && Math.abs(dp) + g === Math.abs(dp) && Math.abs(dq) + g === Math.abs(dq)) {
          a[p * d + q] = 0;
          continue;
        }
        if (Math.abs(apq) <= threshold) continue;
        const h = dq - dp;
        let t: number;
        if (Math.abs(h) + g === Math.abs(h)) {
          t = apq / h;
        } else {
          const theta = (0.5 * h) / apq;
          t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
          if (theta < 0) t = -t;
        }
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const tau = s / (1 + c);
        const shift = t * apq;
        z[p] = (z[p] as number) - shift;
        z[q] = (z[q] as number) + shift;
        values[p] = dp - shift;
        values[q] = dq + shift;
        a[p * d + q] = 0;
        const rotate = (m: Float64Array, i: number, j: number, k: number, l: number): void => {
          const g2 = m[i * d + j] as number;
          const h2 = m[k * d + l] as number;
          m[i * d + j] = g2 - s * (h2 + g2 * tau);
          m[k * d + l] = h2 + s * (g2 - h2 * tau);
        };
        for (let j = 0; j < p; j++) rotate(a, j, p, j, q);
        for (let j = p + 1; j < q; j++) rotate(a, p, j, j, q);
        for (let j = q + 1; j < d; j++) rotate(a, p, j, q, j);
        for (let j = 0; j < d; j++) rotate(v, j, p, j, q);
      }
    }
    for (let p = 0; p < d; p++) {
      b[p] = (b[p] as number) + (z[p] as number);
      values[p] = b[p] as number;
      z[p] = 0;
    }
  }
  throw new Error('symmetricEigen: Jacobi rotations did not converge in 100 sweeps');
}
