/**
 * Small dense linear algebra on row-major `Float64Array`s (d × d, d small: the covariance matrices of a
 * Gaussian mixture). No allocation in the hot paths: callers pass the output arrays.
 */

/**
 * Cholesky factorisation A = L Lᵀ of the symmetric positive-definite d × d matrix `a` (only its lower triangle
 * is read). Writes L (lower triangular, zeros above the diagonal) into `out` (may be `a` itself) and returns
 * true, or returns false when a pivot is not positive (A is not positive definite to working precision).
 */
export function cholesky(a: Float64Array, d: number, out: Float64Array = new Float64Array(d * d)): boolean {
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j] as number;
    for (let k = 0; k < j; k++) {
      const l = out[j * d + k] as number;
      diag -= l * l;
    }
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    out[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (out[i * d + k] as number) * (out[j * d + k] as number);
      out[i * d + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) out[i * d + j] = 0;
  }
  return true;
}

/**
 * Squared norm of z = L⁻¹ v, by forward substitution with the lower-triangular factor `l` (row-major d × d)
 * and `v` read from `src` at `offset`, minus `mean` (so this is the squared Mahalanobis distance of a row from
 * a mean when L is the Cholesky factor of the covariance). `work` holds z (length ≥ d).
 */
export function mahalanobisSquared(
  l: Float64Array,
  d: number,
  src: Float64Array,
  offset: number,
  mean: Float64Array,
  work: Float64Array,
): number {
  let norm = 0;
  for (let i = 0; i < d; i++) {
    let s = (src[offset + i] as number) - (mean[i] as number);
    const row = i * d;
    for (let k = 0; k < i; k++) s -= (l[row + k] as number) * (work[k] as number);
    const z = s / (l[row + i] as number);
    work[i] = z;
    norm += z * z;
  }
  return norm;
}

/** log det A from its Cholesky factor: 2 Σ log Lᵢᵢ. */
export function logDetFromCholesky(l: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += Math.log(l[i * d + i] as number);
  return 2 * s;
}
