import { MISSING_BIN } from './binning.ts';

/** Doubles per feature in a node histogram: 256 bins × (sum of gradients, sum of hessians, row count). */
export const FEATURE_HIST = 768;

/**
 * How a split is scored.
 * - `newton` (gradient boosting): gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) over the sums of gradients G and
 *   hessians H (Chen & Guestrin 2016, eq. 7, without the constant ½ — as scikit-learn and LightGBM), children need
 *   H ≥ `minHessian`.
 * - `gini` (random forest): the decrease of weighted Gini impurity, with G = weighted positives and H = weight, so
 *   a node's impurity is 2·G·(H − G)/H (Breiman 2001).
 */
export type Criterion = 'newton' | 'gini';

export interface SplitRules {
  readonly criterion: Criterion;
  readonly l2: number;
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
}

/** The best split found for a node (fields undefined until {@link findBestSplit} succeeds). */
export class SplitInfo {
  gain = 0;
  feature = -1;
  bin = 0;
  missingLeft = false;
  leftG = 0;
  leftH = 0;
  leftCount = 0;

  copyFrom(o: SplitInfo): void {
    this.gain = o.gain;
    this.feature = o.feature;
    this.bin = o.bin;
    this.missingLeft = o.missingLeft;
    this.leftG = o.leftG;
    this.leftH = o.leftH;
    this.leftCount = o.leftCount;
  }
}

/** The node's own score, so that gains are differences: G²/(H+λ) (newton) or −2·G·(H−G)/H (gini). */
export function nodeScore(rules: SplitRules, g: number, h: number): number {
  if (rules.criterion === 'newton') return (g * g) / (h + rules.l2);
  return h > 0 ? (-2 * g * (h - g)) / h : 0;
}

/**
 * Scans the histograms of `features[0 … nf)` of one node (in `hist` from offset `base`, laid out f × 256 × 3) for
 * the split of largest gain, as scikit-learn's `find_node_split`: thresholds left to right with missing values
 * going right, then — for features that had missing values in training — right to left with them going left.
 * Writes into `best` when a split beats `best.gain` (so calls can continue a search); returns whether one did.
 */
export function findBestSplit(
  hist: Float64Array,
  base: number,
  features: Int32Array,
  nf: number,
  nBins: Int32Array,
  hasMissing: Uint8Array,
  total: { readonly g: number; readonly h: number; readonly count: number },
  rules: SplitRules,
  best: SplitInfo,
): boolean {
  const { minSamplesLeaf, minHessian, l2 } = rules;
  const newton = rules.criterion === 'newton';
  const G = total.g;
  const H = total.h;
  const C = total.count;
  const parent = nodeScore(rules, G, H);
  let found = false;
  for (let q = 0; q < nf; q++) {
    const f = features[q] as number;
    const h0 = base + f * FEATURE_HIST;
    const nb = nBins[f] as number;
    const missing = hasMissing[f] === 1;
    const mc = hist[h0 + MISSING_BIN * 3 + 2] as number;
    // Left to right: bins ≤ b go left, missing values right. With missing values, b = nb − 1 splits them off.
    const last = missing && mc > 0 ? nb - 1 : nb - 2;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b <= last; b++) {
      const k = h0 + 3 * b;
      gl += hist[k] as number;
      hl += hist[k + 1] as number;
      cl += hist[k + 2] as number;
      const cr = C - cl;
      if (cl < minSamplesLeaf) continue;
      if (cr < minSamplesLeaf) break;
      const hr = H - hl;
      if (hl < minHessian) continue;
      if (hr < minHessian) break;
      const gr = G - gl;
      const gain = newton
        ? (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent
        : (-2 * gl * (hl - gl)) / hl + (-2 * gr * (hr - gr)) / hr - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = f;
        best.bin = b;
        best.missingLeft = false;
        best.leftG = gl;
        best.leftH = hl;
        best.leftCount = cl;
        found = true;
      }
    }
    if (!missing) continue;
    // Right to left: bins > b go right, missing values left.
    let gr = 0;
    let hr = 0;
    let cr = 0;
    for (let b = nb - 2; b >= 0; b--) {
      const k = h0 + 3 * (b + 1);
      gr += hist[k] as number;
      hr += hist[k + 1] as number;
      cr += hist[k + 2] as number;
      const cl2 = C - cr;
      if (cr < minSamplesLeaf) continue;
      if (cl2 < minSamplesLeaf) break;
      const hl2 = H - hr;
      if (hr < minHessian) continue;
      if (hl2 < minHessian) break;
      const gl2 = G - gr;
      const gain = newton
        ? (gl2 * gl2) / (hl2 + l2) + (gr * gr) / (hr + l2) - parent
        : (-2 * gl2 * (hl2 - gl2)) / hl2 + (-2 * gr * (hr - gr)) / hr - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = f;
        best.bin = b;
        best.missingLeft = true;
        best.leftG = gl2;
        best.leftH = hl2;
        best.leftCount = cl2;
        found = true;
      }
    }
  }
  return found;
}
