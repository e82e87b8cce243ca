import { checkBinaryInput, requireBothClasses, type Labels, type Scores } from './binaryInput.ts';

/**
 * Counts at every distinct score, highest first: predicting "positive" for score ≥ `thresholds[k]` gives
 * `tps[k]` true and `fps[k]` false positives. Tied scores form one point (they cannot be separated by any
 * threshold), which is what makes the ROC area the Mann–Whitney statistic with mid-ranks. This is scikit-learn's
 * `_binary_clf_curve`; counts are exact integers stored as floats.
 */
export interface BinaryCurve {
  readonly thresholds: Float64Array;
  readonly tps: Float64Array;
  readonly fps: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

/** Sorted copy (ascending) of the scores of the rows with label `label`. */
function sortedScores(y: Labels, score: Scores, label: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === label) out[k++] = score[i] as number;
  return out.sort();
}

/**
 * The {@link BinaryCurve} of labels `y` (0/1) and scores. The scores of each class are sorted natively and merged
 * from the top, so no comparator runs per row (a million rows take a few tens of milliseconds).
 */
export function binaryCurve(y: Labels, score: Scores, what = 'binaryCurve'): BinaryCurve {
  const { positives, negatives } = checkBinaryInput(y, score, what);
  const pos = sortedScores(y, score, 1, positives);
  const neg = sortedScores(y, score, 0, negatives);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const a = i >= 0 ? (pos[i] as number) : -Infinity;
    const b = j >= 0 ? (neg[j] as number) : -Infinity;
    const v = a > b ? a : b;
    // `===` groups −0 with +0, as NumPy's `diff(score) != 0` does.
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    thresholds.push(v);
    tps.push(tp);
    fps.push(fp);
  }
  return {
    thresholds: Float64Array.from(thresholds),
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    positives,
    negatives,
  };
}

/** A curve as plotted: x and y coordinates and the score threshold of each point. */
export interface CurvePoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly thresholds: Float64Array;
}

/**
 * Indices of the points of a curve kept for plotting: the first, the last, and every point at least
 * (total L1 length / maxPoints) from the last one kept, so at most about `maxPoints + 1` points whose polyline
 * differs from the full one by less than a pixel at that resolution.
 */
export function thinIndices(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Uint32Array {
  const n = x.length;
  if (n <= maxPoints || n <= 2) return Uint32Array.from({ length: n }, (_, i) => i);
  let length = 0;
  for (let i = 1; i < n; i++) {
    length +=
      Math.abs((x[i] as number) - (x[i - 1] as number)) + Math.abs((y[i] as number) - (y[i - 1] as number));
  }
  const step = length / Math.max(1, maxPoints - 1);
  const kept = [0];
  let lx = x[0] as number;
  let ly = y[0] as number;
  for (let i = 1; i < n - 1; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (Math.abs(xi - lx) + Math.abs(yi - ly) >= step) {
      kept.push(i);
      lx = xi;
      ly = yi;
    }
  }
  kept.push(n - 1);
  return Uint32Array.from(kept);
}

function take(points: CurvePoints, maxPoints: number | undefined): CurvePoints {
  if (maxPoints === undefined) return points;
  const keep = thinIndices(points.x, points.y, maxPoints);
  if (keep.length === points.x.length) return points;
  const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k] as number);
  return { x: pick(points.x), y: pick(points.y), thresholds: pick(points.thresholds) };
}

/** ROC points with scikit-learn's `drop_intermediate`: the ends and every point where the slope changes. */
export function rocPoints(
  curve: BinaryCurve,
  dropIntermediate = true,
): { fps: Float64Array; tps: Float64Array; thresholds: Float64Array } {
  const { fps, tps, thresholds } = curve;
  const m = fps.length;
  let keep: number[];
  if (dropIntermediate && m > 2) {
    keep = [0];
    for (let k = 1; k < m - 1; k++) {
      const df0 = (fps[k] as number) - (fps[k - 1] as number);
      const df1 = (fps[k + 1] as number) - (fps[k] as number);
      const dt0 = (tps[k] as number) - (tps[k - 1] as number);
      const dt1 = (tps[k + 1] as number) - (tps[k] as number);
      if (df1 !== df0 || dt1 !== dt0) keep.push(k);
    }
    keep.push(m - 1);
  } else keep = Array.from({ length: m }, (_, k) => k);
  // The curve starts at (0, 0), with a threshold above every score (scikit-learn 1.2: the highest score + 1).
  const outF = new Float64Array(keep.length + 1);
  const outT = new Float64Array(keep.length + 1);
  const outTh = new Float64Array(keep.length + 1);
  outTh[0] = (thresholds[0] as number) + 1;
  keep.forEach((k, r) => {
    outF[r + 1] = fps[k] as number;
    outT[r + 1] = tps[k] as number;
    outTh[r + 1] = thresholds[k] as number;
  });
  return { fps: outF, tps: outT, thresholds: outTh };
}

/**
 * The ROC curve as scikit-learn's `roc_curve` (drop_intermediate = true) returns it: x = false positive rate,
 * y = true positive rate, from (0, 0) at threshold max + 1 to (1, 1) at the lowest score. With `maxPoints`,
 * thinned for plotting by {@link thinIndices}.
 */
export function rocCurve(
  y: Labels,
  score: Scores,
  options: { readonly maxPoints?: number } = {},
): CurvePoints {
  const curve = binaryCurve(y, score, 'rocCurve');
  requireBoth(curve, 'rocCurve');
  const { fps, tps, thresholds } = rocPoints(curve);
  const fpLast = fps[fps.length - 1] as number;
  const tpLast = tps[tps.length - 1] as number;
  return take(
    { x: fps.map((v) => v / fpLast), y: tps.map((v) => v / tpLast), thresholds },
    options.maxPoints,
  );
}

/**
 * Precision and recall as scikit-learn 1.2's `precision_recall_curve` returns them: one point per distinct score
 * in increasing order of threshold (recall decreasing), then the point (recall 0, precision 1) with no threshold
 * (NaN here). x = recall, y = precision. With `maxPoints`, thinned for plotting.
 */
export function prCurve(
  y: Labels,
  score: Scores,
  options: { readonly maxPoints?: number } = {},
): CurvePoints {
  const curve = binaryCurve(y, score, 'prCurve');
  requireBoth(curve, 'prCurve');
  const { precision, recall } = precisionRecall(curve);
  const m = curve.thresholds.length;
  const thresholds = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) thresholds[k] = curve.thresholds[m - 1 - k] as number;
  thresholds[m] = NaN;
  return take({ x: recall, y: precision, thresholds }, options.maxPoints);
}

/** scikit-learn's precision and recall arrays (reversed, with the final (1, 0) point) from a curve. */
export function precisionRecall(curve: BinaryCurve): { precision: Float64Array; recall: Float64Array } {
  const { tps, fps } = curve;
  const m = tps.length;
  const tpLast = tps[m - 1] as number;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) {
    const src = m - 1 - k;
    const tp = tps[src] as number;
    const ps = tp + (fps[src] as number);
    precision[k] = ps === 0 ? 0 : tp / ps;
    recall[k] = tp / tpLast;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall };
}

function requireBoth(curve: BinaryCurve, what: string): void {
  const { positives, negatives } = curve;
  requireBothClasses({ n: positives + negatives, positives, negatives }, what);
}
