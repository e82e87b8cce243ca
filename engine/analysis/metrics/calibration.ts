import { checkBinaryInput, requireBothClasses, type Labels, type Scores } from './binaryInput.ts';
import { binaryCurve } from './curves.ts';

/** A reliability diagram: per non-empty bin, the observed rate of positives against the mean predicted probability. */
export interface CalibrationCurve {
  /** Share of positives in each non-empty bin (scikit-learn's `prob_true`). */
  readonly fractionPositive: Float64Array;
  /** Mean predicted probability in each non-empty bin (`prob_pred`). */
  readonly meanPredicted: Float64Array;
  /** Rows in each non-empty bin. */
  readonly counts: Float64Array;
  /** All bin edges (bins + 1 values), empty bins included. */
  readonly edges: Float64Array;
}

/**
 * `np.percentile(sorted, q · 100)` with NumPy 1.24's default linear method, in its order of operations: virtual
 * index (n − 1)·q, and `_lerp` (a + (b − a)·t, or b − (b − a)·(1 − t) for t ≥ 0.5).
 */
function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const qq = (q * 100) / 100;
  const virtual = (n - 1) * qq;
  if (virtual >= n - 1) return sorted[n - 1] as number;
  const prev = Math.floor(virtual);
  const t = virtual - prev;
  const a = sorted[prev] as number;
  const b = sorted[prev + 1] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Calibration (reliability) curve as scikit-learn 1.2's `calibration_curve`: probabilities are put into `bins` bins
 * — of equal width on [0, 1] (`uniform`) or with equal counts (`quantile`, edges at the percentiles of the
 * predictions) — a value on an inner edge going to the lower bin (`np.searchsorted(edges[1:-1], p)`); empty bins
 * are left out. A calibrated model lies on the diagonal (DeGroot & Fienberg 1983; Niculescu-Mizil & Caruana 2005).
 */
export function calibrationCurve(
  y: Labels,
  probability: Scores,
  options: { readonly bins?: number; readonly strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  const { bins = 10, strategy = 'uniform' } = options;
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`calibrationCurve: bins must be a whole number ≥ 1, not ${bins}`);
  checkBinaryInput(y, probability, 'calibrationCurve', { probabilities: true });
  const n = y.length;
  const edges = new Float64Array(bins + 1);
  // np.linspace(0, 1, bins + 1): i · (1 / bins), the last edge exactly 1.
  const step = 1 / bins;
  if (strategy === 'quantile') {
    const sorted = Float64Array.from(probability).sort();
    for (let i = 0; i <= bins; i++) edges[i] = percentile(sorted, i === bins ? 1 : i * step);
  } else {
    for (let i = 0; i < bins; i++) edges[i] = i * step;
    edges[bins] = 1;
  }
  const sums = new Float64Array(bins + 1);
  const positives = new Float64Array(bins + 1);
  const totals = new Float64Array(bins + 1);
  for (let i = 0; i < n; i++) {
    const p = probability[i] as number;
    // searchsorted(edges[1:-1], p, side='left'): the number of inner edges < p.
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((edges[mid + 1] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] = (sums[lo] as number) + p;
    positives[lo] = (positives[lo] as number) + (y[i] as number);
    totals[lo] = (totals[lo] as number) + 1;
  }
  const fraction: number[] = [];
  const mean: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const t = totals[b] as number;
    if (t === 0) continue;
    fraction.push((positives[b] as number) / t);
    mean.push((sums[b] as number) / t);
    counts.push(t);
  }
  return {
    fractionPositive: Float64Array.from(fraction),
    meanPredicted: Float64Array.from(mean),
    counts: Float64Array.from(counts),
    edges,
  };
}

/** A cumulative-gains curve: targeting the top `share` of rows by score captures `gain` of all positives. */
export interface GainsCurve {
  /** Share of all rows targeted, from 0 to 1 (one point per distinct score). */
  readonly share: Float64Array;
  /** Share of all positives among the targeted rows' labels, from 0 to 1. */
  readonly gain: Float64Array;
  /** Lift at each point: gain / share (1 for random targeting; NaN at share 0). */
  readonly lift: Float64Array;
  /** Lowest score targeted at each point (+∞ at the origin). */
  readonly thresholds: Float64Array;
}

/**
 * Cumulative gains (the lift chart's cumulative form, Berry & Linoff 2004): rows sorted by decreasing score,
 * the share of positives captured against the share of rows targeted, from (0, 0) to (1, 1). Tied scores are one
 * step (they cannot be targeted separately).
 */
export function cumulativeGains(y: Labels, score: Scores): GainsCurve {
  const curve = binaryCurve(y, score, 'cumulativeGains');
  const n = y.length;
  requireBothClasses({ n, positives: curve.positives, negatives: curve.negatives }, 'cumulativeGains');
  const m = curve.tps.length;
  const share = new Float64Array(m + 1);
  const gain = new Float64Array(m + 1);
  const lift = new Float64Array(m + 1);
  const thresholds = new Float64Array(m + 1);
  lift[0] = NaN;
  thresholds[0] = Infinity;
  for (let k = 0; k < m; k++) {
    const tp = curve.tps[k] as number;
    share[k + 1] = (tp + (curve.fps[k] as number)) / n;
    gain[k + 1] = tp / curve.positives;
    lift[k + 1] = (gain[k + 1] as number) / (share[k + 1] as number);
    thresholds[k + 1] = curve.thresholds[k] as number;
  }
  return { share, gain, lift, thresholds };
}
