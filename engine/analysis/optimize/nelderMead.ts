export interface NelderMeadOptions {
  /** Stop when the simplex's values differ by at most this (absolute, scipy's `fatol`; default 1e-10). */
  readonly fTolerance?: number;
  /** …and its points by at most this in every coordinate (scipy's `xatol`; default 1e-8). */
  readonly xTolerance?: number;
  /** Most iterations (default 200 per dimension). */
  readonly maxIterations?: number;
  /** Initial step per coordinate (default 5% of it, 0.00025 for zeros, as scipy). */
  readonly step?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises `f` from `start` by the Nelder–Mead simplex method with the standard coefficients (reflection 1,
 * expansion 2, contraction ½, shrink ½) and scipy's initial simplex and stopping rule. For smooth problems of a few
 * parameters (maximum-likelihood fits) where gradients are not at hand. A non-finite value counts as +∞.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = start.length;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200 * d;
  const value = (x: Float64Array): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const points: Float64Array[] = [Float64Array.from(start)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(start);
    p[i] = p[i]! !== 0 ? p[i]! * (1 + (options.step ?? 0.05)) : 0.00025;
    points.push(p);
  }
  let values = points.map(value);
  const order = (): void => {
    const idx = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const p = idx.map((i) => points[i]!);
    const v = idx.map((i) => values[i]!);
    points.splice(0, points.length, ...p);
    values = v;
  };
  const along = (from: Float64Array, to: Float64Array, t: number): Float64Array =>
    Float64Array.from(from, (v, i) => v + t * (to[i]! - v));
  let iterations = 0;
  order();
  for (; iterations < maxIterations; iterations++) {
    let spread = 0;
    for (let k = 1; k <= d; k++)
      for (let i = 0; i < d; i++) spread = Math.max(spread, Math.abs(points[k]![i]! - points[0]![i]!));
    if (spread <= xTol && values[d]! - values[0]! <= fTol) return done(true);
    const centroid = new Float64Array(d);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) centroid[i] = centroid[i]! + points[k]![i]! / d;
    const worst = points[d]!;
    const reflected = along(centroid, worst, -1);
    const fr = value(reflected);
    if (fr < values[0]!) {
      const expanded = along(centroid, worst, -2);
      const fe = value(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
    } else if (fr < values[d - 1]!) replaceWorst(reflected, fr);
    else {
      const outside = fr < values[d]!;
      const contracted = along(centroid, outside ? reflected : worst, 0.5);
      const fc = value(contracted);
      if (fc <= (outside ? fr : values[d]!)) replaceWorst(contracted, fc);
      else {
        for (let k = 1; k <= d; k++) {
          points[k] = along(points[0]!, points[k]!, 0.5);
          values[k] = value(points[k]!);
        }
      }
    }
    order();
  }
  return done(false);

  function replaceWorst(p: Float64Array, v: number): void {
    points[d] = p;
    values[d] = v;
  }
  function done(converged: boolean): NelderMeadResult {
    return { x: points[0]!, value: values[0]!, iterations, converged };
  }
}
