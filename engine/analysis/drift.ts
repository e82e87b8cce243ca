/**
 * Population stability index (Siddiqi 2006; the credit-scoring drift measure): the reference
 * distribution is cut into bins at its deciles, and PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins, with
 * eᵢ the reference share and aᵢ the current share of bin i. Read as: < 0.1 stable, 0.1–0.2 some
 * shift, > 0.2 a significant shift. Missing values are a bin of their own. Empty bins take a share
 * of 0.0001 so the logarithm stays finite.
 */
export interface DriftProfile {
  /** Upper edges of the reference bins (the last bin is open to +∞). */
  readonly edges: number[];
  /** Reference share of each bin, then the share missing. */
  readonly shares: number[];
}

export const PSI_FLAG = 0.2;
const FLOOR = 1e-4;

/** Decile bins of a reference sample (fewer when values repeat) and its shares in them. */
export function driftProfile(values: ArrayLike<number>, bins = 10): DriftProfile {
  const finite = Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    if (finite.length === 0) break;
    const edge = finite[Math.min(finite.length - 1, Math.floor((b * finite.length) / bins))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return { edges, shares: sharesIn(values, edges) };
}

/** PSI of `values` against a reference profile. */
export function populationStabilityIndex(reference: DriftProfile, values: ArrayLike<number>): number {
  const actual = sharesIn(values, reference.edges);
  let psi = 0;
  reference.shares.forEach((e0, i) => {
    const e = Math.max(FLOOR, e0);
    const a = Math.max(FLOOR, actual[i] ?? 0);
    if (e0 === 0 && (actual[i] ?? 0) === 0) return;
    psi += (a - e) * Math.log(a / e);
  });
  return psi;
}

/** Shares of values in the bins (x ≤ edge₀, edge₀ < x ≤ edge₁, …, > last edge) and missing. */
function sharesIn(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 2).fill(0);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      counts[edges.length + 1]!++;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= edges[mid]!) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]!++;
  }
  return counts.map((c) => (n > 0 ? c / n : 0));
}
