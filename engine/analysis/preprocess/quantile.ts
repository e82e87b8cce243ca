/**
 * Quantiles of an ascending-sorted array with NumPy's default ('linear', Hyndman & Fan type 7)
 * rule: position q · (n − 1), interpolated between its neighbours with NumPy's own `_lerp`, so that
 * medians and quartiles match `np.percentile` / `np.median` to the last bit.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty array');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const position = q * (n - 1);
  const below = Math.floor(position);
  const t = position - below;
  const a = sorted[below] as number;
  const b = sorted[Math.min(below + 1, n - 1)] as number;
  const diff = b - a;
  // NumPy's _lerp: a + (b − a)·t, computed from b's side when t ≥ 0.5.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The median (mean of the two middle values for an even count, as `np.median`) of unsorted values. */
export function median(values: Float64Array): number {
  return medianSorted(Float64Array.from(values).sort());
}

/** The median of an ascending-sorted array. */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of an empty array');
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
