/**
 * The numeric matrix every analysis kernel takes: dense, row-major float64. Row i, column j is
 * `data[i * cols + j]`. Kernels never copy a matrix they only read; row views are `subarray`s.
 */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** From this many values up, {@link float64Values} allocates on a SharedArrayBuffer. */
const SHARED_FROM = 1 << 16;

/**
 * A zero-filled Float64Array for matrix data. Large ones sit on a SharedArrayBuffer, so that the kernels that
 * split work over worker threads (K-Means, trees) read them in place instead of copying them first (a copy of a
 * 1M × 16 matrix costs about as much as a K-Means iteration). Reading and writing are the same either way.
 */
export function float64Values(length: number): Float64Array {
  return length >= SHARED_FROM
    ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT))
    : new Float64Array(length);
}

/** A matrix over `data` (zero-filled when omitted); throws when the sizes disagree. */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix: bad shape ${rows} × ${cols}`);
  }
  const values = data ?? float64Values(rows * cols);
  if (values.length !== rows * cols) {
    throw new RangeError(`matrix: ${values.length} values for a ${rows} × ${cols} matrix`);
  }
  return { data: values, rows, cols };
}

/** A matrix from an array of equal-length rows (tests and small inputs). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new RangeError(`matrix: row ${i} has ${r.length} values, expected ${cols}`);
    data.set(r, i * cols);
  });
  return { data, rows: rows.length, cols };
}

/** Row i as a view (no copy). */
export function rowOf(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The rows at `indices`, copied into a new matrix (samples, bootstrap resamples). */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = float64Values(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/** Squared Euclidean distance between row i of `a` and row j of `b`. */
export function squaredDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.cols;
  const ad = a.data;
  const bd = b.data;
  let s = 0;
  for (let k = 0, p = i * d, q = j * d; k < d; k++, p++, q++) {
    const diff = (ad[p] as number) - (bd[q] as number);
    s += diff * diff;
  }
  return s;
}
