/** Elements per inner-loop call of a NumPy reduction (the ufunc buffer size, `np.getbufsize()`). */
const NUMPY_BUFFER = 8192;

/**
 * The sum of a float64 array exactly as NumPy 1.24 computes `np.sum` / `np.add.reduce`: the reduction runs over
 * blocks of 8192 elements (its buffer size), added in order to a running total that starts at 0, and each block
 * is summed pairwise ({@link pairwiseSum}). The order of the additions is NumPy's, so the result is bit-identical,
 * which is how the metrics reproduce scikit-learn's floats exactly (checked against NumPy in the tests).
 */
export function numpySum(a: ArrayLike<number>): number {
  let total = 0;
  for (let start = 0; start < a.length; start += NUMPY_BUFFER) {
    total += pairwiseSum(a, start, Math.min(NUMPY_BUFFER, a.length - start));
  }
  return total;
}

/** The mean as `np.mean` computes it: {@link numpySum} divided by n. */
export function numpyMean(a: ArrayLike<number>): number {
  return numpySum(a) / a.length;
}

/**
 * NumPy's pairwise summation of one block (numpy/core/src/umath/loops_utils.h, `pairwise_sum_DOUBLE`):
 * fewer than 8 terms are added in order; up to 128 terms go to eight interleaved partial sums combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); longer arrays are split in two at a multiple of 8 and the
 * halves summed recursively. The rounding error grows as O(log n) rather than O(n).
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= 128) {
    let r0 = a[start] as number;
    let r1 = a[start + 1] as number;
    let r2 = a[start + 2] as number;
    let r3 = a[start + 3] as number;
    let r4 = a[start + 4] as number;
    let r5 = a[start + 5] as number;
    let r6 = a[start + 6] as number;
    let r7 = a[start + 7] as number;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const p = start + i;
      r0 += a[p] as number;
      r1 += a[p + 1] as number;
      r2 += a[p + 2] as number;
      r3 += a[p + 3] as number;
      r4 += a[p + 4] as number;
      r5 += a[p + 5] as number;
      r6 += a[p + 6] as number;
      r7 += a[p + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
