/**
 * The inner loops of logistic regression: the loss and its gradient over a set of rows, and the Fisher information
 * XᵀWX. Rows are taken with a stride (every s-th row from `start`), which is how {@link fitLogistic} works on
 * nested subsamples first. Loops run over blocks of rows: the linear predictor and residual of a block first, then
 * the column sums over the block with four accumulators in registers, so the row block stays in cache.
 *
 * Parameters θ = (b₀, β₁ … β_d): intercept first. The loss of one row with weight w is
 * w · [log(1 + e^η) − y·η] with η = b₀ + xᵀβ, computed without overflow as log1p(e^(−|η|)) + max(η, 0) − y·η.
 */

/** The training rows: n × d row-major features, 0/1 labels, and the weight of each class in the loss. */
export interface LogisticData {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly y: ArrayLike<number>;
  readonly w0: number;
  readonly w1: number;
}

/** Rows start, start + stride, … below end. */
export interface RowSet {
  readonly start: number;
  readonly end: number;
  readonly stride: number;
}

const BLOCK = 256;

/** Per-row scratch of the block loops (the residuals or the IRLS weights of one block). */
export class KernelScratch {
  readonly r = new Float64Array(BLOCK);
  readonly rows = new Int32Array(BLOCK);
  private cols = new Float64Array(0);
  private weighted = new Float64Array(0);

  /** A block of rows stored column by column (d × BLOCK). */
  columns(d: number): Float64Array {
    if (this.cols.length < d * BLOCK) this.cols = new Float64Array(d * BLOCK);
    return this.cols;
  }

  /** The same block times the rows' IRLS weights. */
  weightedColumns(d: number): Float64Array {
    if (this.weighted.length < d * BLOCK) this.weighted = new Float64Array(d * BLOCK);
    return this.weighted;
  }
}

/** Rows in a {@link RowSet}. */
export function rowCount(set: RowSet): number {
  return set.end <= set.start ? 0 : Math.ceil((set.end - set.start) / set.stride);
}

/**
 * Adds the gradient of the loss over `set` (d + 1 values, the intercept's first) into `grad` and returns the
 * loss summed over the set. Works through at most `limit` rows from row number `from` of the set (so the caller
 * can yield between slices) and returns the loss of those rows.
 */
export function lossGradient(
  data: LogisticData,
  theta: Float64Array,
  set: RowSet,
  from: number,
  limit: number,
  grad: Float64Array,
  scratch: KernelScratch,
): number {
  const { x, d, y, w0, w1 } = data;
  const { r, rows } = scratch;
  const b0 = theta[0] as number;
  const total = Math.min(rowCount(set), from + limit);
  let loss = 0;
  let g0 = 0;
  for (let k0 = from; k0 < total; k0 += BLOCK) {
    const m = Math.min(BLOCK, total - k0);
    for (let b = 0; b < m; b++) {
      const i = set.start + (k0 + b) * set.stride;
      rows[b] = i;
      const off = i * d;
      let s0 = b0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        s0 += (x[off + j] as number) * (theta[j + 1] as number);
        s1 += (x[off + j + 1] as number) * (theta[j + 2] as number);
      }
      if (j < d) s0 += (x[off + j] as number) * (theta[j + 1] as number);
      const eta = s0 + s1;
      const e = Math.exp(-Math.abs(eta));
      const label = y[i] as number;
      const w = label === 1 ? w1 : w0;
      loss += w * (Math.log1p(e) + (eta > 0 ? eta : 0) - label * eta);
      const mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
      const res = w * (mu - label);
      g0 += res;
      r[b] = res;
    }
    let j = 0;
    for (; j + 3 < d; j += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let b = 0; b < m; b++) {
        const off = (rows[b] as number) * d + j;
        const res = r[b] as number;
        a0 += res * (x[off] as number);
        a1 += res * (x[off + 1] as number);
        a2 += res * (x[off + 2] as number);
        a3 += res * (x[off + 3] as number);
      }
      grad[j + 1] = (grad[j + 1] as number) + a0;
      grad[j + 2] = (grad[j + 2] as number) + a1;
      grad[j + 3] = (grad[j + 3] as number) + a2;
      grad[j + 4] = (grad[j + 4] as number) + a3;
    }
    for (; j < d; j++) {
      let a0 = 0;
      for (let b = 0; b < m; b++) a0 += (r[b] as number) * (x[(rows[b] as number) * d + j] as number);
      grad[j + 1] = (grad[j + 1] as number) + a0;
    }
  }
  grad[0] = (grad[0] as number) + g0;
  return loss;
}

/**
 * Adds the Fisher information of the rows of `set` — Σ w·μ(1 − μ)·x̃x̃ᵀ with x̃ = (1, x) — into the lower
 * triangle of the (d + 1) × (d + 1) row-major `h`, times `scale`. This is the Hessian of the loss (IRLS's XᵀWX).
 * Each block of rows is first copied column by column (and a weighted copy made), so that every entry is a dot
 * product of two contiguous arrays.
 */
export function addInformation(
  data: LogisticData,
  theta: Float64Array,
  set: RowSet,
  scale: number,
  h: Float64Array,
  scratch: KernelScratch,
): void {
  const { x, d, y, w0, w1 } = data;
  const p = d + 1;
  const { r } = scratch;
  const cols = scratch.columns(d);
  const weighted = scratch.weightedColumns(d);
  const b0 = theta[0] as number;
  const total = rowCount(set);
  for (let k0 = 0; k0 < total; k0 += BLOCK) {
    const m = Math.min(BLOCK, total - k0);
    let s00 = 0;
    for (let b = 0; b < m; b++) {
      const i = set.start + (k0 + b) * set.stride;
      const off = i * d;
      let eta = b0;
      for (let j = 0; j < d; j++) {
        const v = x[off + j] as number;
        cols[j * BLOCK + b] = v;
        eta += v * (theta[j + 1] as number);
      }
      const e = Math.exp(-Math.abs(eta));
      const mu = 1 / (1 + e);
      const v = ((y[i] as number) === 1 ? w1 : w0) * mu * (1 - mu);
      r[b] = v;
      s00 += v;
      for (let j = 0; j < d; j++) weighted[j * BLOCK + b] = v * (cols[j * BLOCK + b] as number);
    }
    h[0] = (h[0] as number) + scale * s00;
    for (let j = 0; j < d; j++) {
      const wj = j * BLOCK;
      let c0 = 0;
      for (let b = 0; b < m; b++) c0 += weighted[wj + b] as number;
      const row = (j + 1) * p;
      h[row] = (h[row] as number) + scale * c0;
      for (let k = 0; k <= j; k++) {
        const ck = k * BLOCK;
        let a0 = 0;
        let a1 = 0;
        let b = 0;
        for (; b + 1 < m; b += 2) {
          a0 += (weighted[wj + b] as number) * (cols[ck + b] as number);
          a1 += (weighted[wj + b + 1] as number) * (cols[ck + b + 1] as number);
        }
        if (b < m) a0 += (weighted[wj + b] as number) * (cols[ck + b] as number);
        h[row + k + 1] = (h[row + k + 1] as number) + scale * (a0 + a1);
      }
    }
  }
}

/** Linear predictor b₀ + xᵀβ of every row of the n × d matrix `x`, passed through the logistic function. */
export function probabilities(x: Float64Array, n: number, d: number, theta: Float64Array): Float64Array {
  const out = new Float64Array(n);
  const b0 = theta[0] as number;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    let s = b0;
    for (let j = 0; j < d; j++) s += (x[off + j] as number) * (theta[j + 1] as number);
    out[i] = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
  }
  return out;
}
