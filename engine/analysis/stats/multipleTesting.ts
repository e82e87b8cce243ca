/**
 * Adjusted p-values for an experiment with several comparisons (arms × metrics): Holm's step-down method, which
 * controls the family-wise error rate, and Benjamini–Hochberg, which controls the false discovery rate — both in
 * the arithmetic of statsmodels 0.13's `multipletests`, and the matching per-comparison interval level.
 */

/** Adjust p-values for multiple comparisons: none, Holm (FWER), or Benjamini–Hochberg (FDR). */
export type Correction = 'none' | 'holm' | 'bh';

function checkP(p: readonly number[], what: string): void {
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${what}: p-value ${i} must lie in [0, 1], not ${v}`);
  });
}

/** Indices of `p` in ascending order of p; stable, so ties keep input order (their adjusted values agree anyway). */
function ascending(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);
}

/**
 * Holm step-down adjusted p-values, same order as input (statsmodels multipletests(method='holm')).
 * Holm (1979): with p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎); the running maximum keeps the
 * adjusted values in the order of the raw ones.
 */
export function holm(p: readonly number[]): number[] {
  checkP(p, 'holm');
  const m = p.length;
  const out = new Array<number>(m);
  let running = 0;
  ascending(p).forEach((idx, rank) => {
    running = Math.max(running, (p[idx] as number) * (m - rank));
    out[idx] = Math.min(1, running);
  });
  return out;
}

/**
 * Benjamini–Hochberg adjusted p-values (statsmodels multipletests(method='fdr_bh')).
 * Benjamini & Hochberg (1995) step-up: adj₍ᵢ₎ = min(1, minⱼ≥ᵢ p₍ⱼ₎ / (j/m)) — divided by j/m, as statsmodels
 * does (`pvals_sorted / ecdffactor`), so the floats agree to the last bit.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  checkP(p, 'benjaminiHochberg');
  const m = p.length;
  const order = ascending(p);
  const out = new Array<number>(m);
  let running = Infinity;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank] as number;
    running = Math.min(running, (p[idx] as number) / ((rank + 1) / m));
    out[idx] = Math.min(1, running);
  }
  return out;
}

/** The adjusted p-values for `correction`, in input order ('none' returns a copy). */
export function adjustPValues(p: readonly number[], correction: Correction): number[] {
  switch (correction) {
    case 'none':
      checkP(p, 'adjustPValues');
      return [...p];
    case 'holm':
      return holm(p);
    case 'bh':
      return benjaminiHochberg(p);
  }
}

/**
 * The per-comparison alpha that makes an interval consistent with its adjusted p-value: the interval at
 * 1 − alpha·p/pAdjusted excludes zero exactly when pAdjusted < alpha (alpha itself when p = pAdjusted or p = 0).
 *
 * Why this choice: an interval that inverts the same test as p excludes zero at level 1 − α′ exactly when
 * p < α′. Taking α′ = α·p/p_adj turns that into p_adj < α, so the interval and the adjusted p-value always tell
 * the same story — for Holm and BH alike, where a fixed Bonferroni-style α/m would disagree with step-down and
 * step-up decisions. The price: α′ depends on the data (it is the "adjusted interval" of the decision, not a
 * simultaneous coverage guarantee), and when p_adj is clipped at 1 the interval becomes wide — though never wider
 * than Bonferroni's, since Holm and BH multiply p by at most m, so α′ ≥ α/m. The equivalence is exact for
 * intervals that invert the test (Welch t, ratio z); for proportions the Newcombe interval and the pooled z-test
 * are different approximations and can disagree right at the boundary. When p = 0 every level excludes zero
 * (and α·p/p_adj would be 0 or 0/0), so alpha is returned unchanged.
 */
export function consistentAlpha(alpha: number, p: number, pAdjusted: number): number {
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`consistentAlpha: alpha must lie strictly between 0 and 1, not ${alpha}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`consistentAlpha: p must lie in [0, 1], not ${p}`);
  if (!(pAdjusted >= p && pAdjusted <= 1))
    throw new RangeError(
      `consistentAlpha: the adjusted p-value must lie in [p, 1], not ${pAdjusted} (p = ${p})`,
    );
  if (p === 0 || p === pAdjusted) return alpha;
  return (alpha * p) / pAdjusted;
}
