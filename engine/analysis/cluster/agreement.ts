/**
 * Agreement between two labelings of the same items (external validation, stability). Both label
 * arrays are aligned: entry i of each is item i; to compare over a subset of items, pass the
 * labels of the shared items only. Labels are integers; here a negative label (noise) is a label
 * like any other for the contingency table and the ARI (as in scikit-learn), but never a cluster to
 * be matched in {@link bestMatchJaccard}.
 */

/** Cross-tabulation of two labelings (scikit-learn's `contingency_matrix`). */
export interface Contingency {
  /** Distinct labels of `a`, ascending (the rows). */
  readonly rowLabels: Int32Array;
  /** Distinct labels of `b`, ascending (the columns). */
  readonly colLabels: Int32Array;
  /** counts[r * colLabels.length + c]: items labelled rowLabels[r] in `a` and colLabels[c] in `b`. */
  readonly counts: Int32Array;
  /** Items per row label. */
  readonly rowSums: Int32Array;
  /** Items per column label. */
  readonly colSums: Int32Array;
  /** Number of items. */
  readonly n: number;
}

/** The contingency table of two aligned labelings; throws when their lengths differ. */
export function contingency(a: ArrayLike<number>, b: ArrayLike<number>): Contingency {
  if (a.length !== b.length) throw new RangeError(`contingency: ${a.length} labels against ${b.length}`);
  const rows = distinct(a, 'first');
  const cols = distinct(b, 'second');
  const nc = cols.values.length;
  const counts = new Int32Array(rows.values.length * nc);
  const rowSums = new Int32Array(rows.values.length);
  const colSums = new Int32Array(nc);
  for (let i = 0; i < a.length; i++) {
    const r = rows.index.get(a[i] as number) as number;
    const c = cols.index.get(b[i] as number) as number;
    counts[r * nc + c] = (counts[r * nc + c] as number) + 1;
    rowSums[r] = (rowSums[r] as number) + 1;
    colSums[c] = (colSums[c] as number) + 1;
  }
  return { rowLabels: rows.values, colLabels: cols.values, counts, rowSums, colSums, n: a.length };
}

/**
 * Adjusted Rand index (Hubert & Arabie 1985): the Rand index (share of item pairs on which the two
 * labelings agree, together or apart) corrected for chance, so that 1 is identical partitions (up
 * to renaming), about 0 is what random labelings with the same cluster sizes give, and negative is
 * worse than chance. Computed as scikit-learn 1.2's `adjusted_rand_score`, from the pair confusion
 * matrix in exact integer arithmetic (1 when both put every item apart or every item together).
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = contingency(a, b);
  const n = BigInt(table.n);
  let sumSquares = 0n;
  for (const v of table.counts) sumSquares += BigInt(v) * BigInt(v);
  // Σ_rc n_rc · colSum_c and Σ_rc n_rc · rowSum_r.
  let byCols = 0n;
  let byRows = 0n;
  const nc = table.colLabels.length;
  table.counts.forEach((v, index) => {
    if (v === 0) return;
    byCols += BigInt(v) * BigInt(table.colSums[index % nc] as number);
    byRows += BigInt(v) * BigInt(table.rowSums[Math.floor(index / nc)] as number);
  });
  // Ordered pairs: together in both, together in b only, together in a only, apart in both.
  const tp = sumSquares - n;
  const fp = byCols - sumSquares;
  const fn = byRows - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0n && fp === 0n) return 1;
  const numerator = 2n * (tp * tn - fn * fp);
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  // Python divides the integers with one rounding; converting first costs at most an ulp or two.
  return Number(numerator) / Number(denominator);
}

/** Best match in the other labeling for each cluster of a reference labeling. */
export interface BestMatch {
  /** The reference clusters (non-negative labels of the reference), ascending. */
  readonly labels: Int32Array;
  /** Jaccard |A ∩ B| / |A ∪ B| of each reference cluster A with its best-matching cluster B, in [0, 1]. */
  readonly jaccard: Float64Array;
  /** The label of that best match in the other labeling (the smallest on ties), −1 when none overlaps. */
  readonly match: Int32Array;
}

/**
 * For each cluster of `reference`, the largest Jaccard similarity with any cluster of `other` over
 * the same items (Hennig 2007's cluster-wise stability measure: 1 = recovered exactly; Hennig reads
 * ≤ 0.5 as "dissolved"). Noise (negative labels) is no cluster on either side: a reference cluster
 * whose items all became noise has Jaccard 0.
 */
export function bestMatchJaccard(reference: ArrayLike<number>, other: ArrayLike<number>): BestMatch {
  const table = contingency(reference, other);
  const nc = table.colLabels.length;
  const rows: number[] = [];
  table.rowLabels.forEach((label, r) => {
    if (label >= 0) rows.push(r);
  });
  const labels = new Int32Array(rows.length);
  const jaccard = new Float64Array(rows.length);
  const match = new Int32Array(rows.length).fill(-1);
  rows.forEach((r, out) => {
    labels[out] = table.rowLabels[r] as number;
    const size = table.rowSums[r] as number;
    for (let c = 0; c < nc; c++) {
      const label = table.colLabels[c] as number;
      const both = table.counts[r * nc + c] as number;
      if (label < 0 || both === 0) continue;
      const j = both / (size + (table.colSums[c] as number) - both);
      if (j > (jaccard[out] as number)) {
        jaccard[out] = j;
        match[out] = label;
      }
    }
  });
  return { labels, jaccard, match };
}

/** The distinct values of a labeling, ascending, and the position of each. */
function distinct(
  labels: ArrayLike<number>,
  which: string,
): { values: Int32Array; index: Map<number, number> } {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || Math.abs(label) >= 2 ** 31)
      throw new RangeError(`contingency: ${which} labeling, item ${i} is ${label}`);
    seen.add(label);
  }
  const values = Int32Array.from(seen).sort();
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  return { values, index };
}
