/**
 * The elbow of an inertia-versus-k curve by Kneedle (Satopää, Albrecht, Irwin & Raghavan 2011, "Finding a
 * 'Kneedle' in a Haystack"), for a convex decreasing curve as K-Means inertias are. Both axes are scaled to
 * [0, 1]; the difference curve (1 − y) − x peaks where the curve bends most; a peak counts as the knee once the
 * difference then falls below peak − sensitivity / (points − 1) before rising to another peak (the paper's
 * threshold with the mean x step of the scaled axis). Returns the k of the first such peak, or null when the
 * curve has no knee (fewer than 3 points, flat, or straight).
 *
 * `ks` must increase strictly; `inertias` are the matching within-cluster sums of squares. `sensitivity` is the
 * paper's S (default 1, as the `kneed` package): larger is more conservative.
 */
export function kneeOf(ks: readonly number[], inertias: readonly number[], sensitivity = 1): number | null {
  const n = ks.length;
  if (inertias.length !== n) throw new RangeError(`kneeOf: ${n} values of k but ${inertias.length} inertias`);
  if (!(sensitivity >= 0)) throw new RangeError(`kneeOf: sensitivity must be ≥ 0, got ${sensitivity}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(ks[i]) || !Number.isFinite(inertias[i])) {
      throw new RangeError(`kneeOf: point ${i} (k = ${ks[i]}, inertia = ${inertias[i]}) is not finite`);
    }
    if (i > 0 && (ks[i] as number) <= (ks[i - 1] as number))
      throw new RangeError('kneeOf: ks must increase strictly');
  }
  if (n < 3) return null;
  const x0 = ks[0] as number;
  const xSpan = (ks[n - 1] as number) - x0;
  const yMin = Math.min(...inertias);
  const ySpan = Math.max(...inertias) - yMin;
  if (ySpan === 0) return null;
  const diff = ks.map((k, i) => 1 - ((inertias[i] as number) - yMin) / ySpan - (k - x0) / xSpan);
  const threshold = sensitivity / (n - 1);
  let peak = -1;
  for (let i = 1; i < n; i++) {
    const here = diff[i] as number;
    const isPeak = i < n - 1 && here > (diff[i - 1] as number) && here >= (diff[i + 1] as number);
    if (isPeak) peak = i;
    else if (peak >= 0 && here < (diff[peak] as number) - threshold) return ks[peak] as number;
  }
  return null;
}
